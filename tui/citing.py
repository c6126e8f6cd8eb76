"""Copying citations, exporting files and editing cite keys, all off the UI thread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work

from ..index.cite.bibtex import CiteKeyError, assign_keys, set_key
from ..index.cite.formats import COPY_FORMATS, cite_papers, export_papers
from ..index.display import counted
from ..index.layout import write_atomic
from ..index.models import Paper
from .clipboard import TERMINAL, copy_text
from .screens.copy_menu import CopyMenu
from .screens.export import ExportRequest, ExportScreen
from .screens.key import KeyScreen

if TYPE_CHECKING:
    from .app import PapertermApp

    _Base = PapertermApp
else:
    _Base = object

#: How a notification names each copy format: "Copied BibTeX for …".
COPY_NAMES = {"bibtex": "BibTeX", "cite": "\\cite", "plain": "reference",
              "markdown": "Markdown link", "title": "title"}
FORMAT_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csl-json": "CSL-JSON",
                "markdown": "Markdown"}


def short_title(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def subject(papers: Sequence[Paper]) -> str:
    """``Quantum Gardening…`` for one paper, ``3 papers`` for more."""
    if len(papers) == 1:
        return short_title(papers[0].title)
    return counted(len(papers), "paper")


class CitingMixin(_Base):
    """``c`` copy menu, ``y`` copy again, ``e`` export, ``K`` cite key."""

    #: The format ``y`` repeats; None until something was copied.
    last_copy: str | None = None

    # -- copy ------------------------------------------------------------------------

    def action_copy(self) -> None:
        papers = self.targets()
        if not papers:
            self.notify("No paper selected", severity="warning")
            return
        what = subject(papers) + (" (selection)" if self.selected else "")
        self.push_screen(CopyMenu(f"Copy {what} as", COPY_FORMATS, self.last_copy),
                         lambda fmt: self._copy_chosen(papers, fmt))

    def action_copy_again(self) -> None:
        if self.last_copy is None:
            self.action_copy()
            return
        papers = self.targets()
        if not papers:
            self.notify("No paper selected", severity="warning")
            return
        self._copy_chosen(papers, self.last_copy)

    def _copy_chosen(self, papers: list[Paper], fmt: str | None) -> None:
        if fmt is None or self.library is None:
            return
        self.last_copy = fmt
        self.copy_papers(papers, fmt)

    @work(thread=True, exit_on_error=False, group="copy")
    def copy_papers(self, papers: list[Paper], fmt: str) -> None:
        assert self.library is not None
        text = cite_papers(self.library.store, papers, fmt)
        how = copy_text(text)
        self.call_from_thread(self._copied, papers, fmt, text, how)

    def _copied(self, papers: list[Paper], fmt: str, text: str, how: str | None) -> None:
        if how is None:
            # No clipboard program (SSH, no X): ask the terminal via OSC 52.
            self.copy_to_clipboard(text)
            how = TERMINAL
        self.notify(f"Copied {COPY_NAMES.get(fmt, fmt)} for {subject(papers)} ({how})",
                    markup=False)

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        if self.library is None:
            return
        counts = {"selection": len(self.selected),
                  "results": self.result.total if self.result else 0,
                  "bookmarks": len(self.bookmarked),
                  "paper": 1 if self.current_paper else 0}
        self.push_screen(ExportScreen(counts), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.scope == "results":
            papers = []  # every hit, not just the page on screen: read in the worker
        elif request.scope == "paper":
            papers = [self.current_paper] if self.current_paper else []
        elif request.scope == "selection":
            papers = list(self.selected.values())
        else:
            papers = []
        self.write_export(request, list(papers))

    @work(thread=True, exit_on_error=False, group="export")
    def write_export(self, request: ExportRequest, papers: list[Paper]) -> None:
        assert self.library is not None
        store = self.library.store
        chosen = papers
        if request.scope == "bookmarks":
            chosen = store.papers(store.bookmarked_ids())
        elif request.scope == "results" and self.result is not None:
            result = self.result
            chosen = self.library.search(result.query, result.filter, None, result.sort).papers
        if not chosen:
            self.call_from_thread(self.notify, "Nothing to export", severity="warning")
            return
        if request.path.exists():
            # A file the user may own is never replaced from here: export --merge or
            # --force on the command line says how, on purpose.
            self.call_from_thread(
                self.notify, f"{request.path} exists and was left as it is: choose another "
                "name, or use `paperterm export --merge` or `--force`", severity="warning",
                markup=False)
            return
        try:
            text = export_papers(store, chosen, request.fmt, request.abstract)
            write_atomic(request.path, text)
        except OSError as exc:
            self.call_from_thread(self.notify, f"Cannot write {request.path}: {exc.strerror}",
                                  severity="error", markup=False)
            return
        noun = "paper" if len(chosen) == 1 else "papers"
        name = FORMAT_NAMES.get(request.fmt, request.fmt)
        self.call_from_thread(self.notify, f"{len(chosen)} {noun} exported to {request.path}"
                              f" ({name})", markup=False)

    # -- cite key --------------------------------------------------------------------

    def action_edit_key(self) -> None:
        paper = self.current_paper
        if paper is None or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        self.load_key(paper)

    @work(thread=True, exit_on_error=False, exclusive=True, group="key")
    def load_key(self, paper: Paper) -> None:
        assert self.library is not None
        key = assign_keys(self.library.store, [paper])[paper.id]
        self.call_from_thread(self._edit_key, paper, key)

    def _edit_key(self, paper: Paper, key: str) -> None:
        def save(new: str) -> str | None:  # runs in the dialog's worker
            assert self.library is not None
            try:
                set_key(self.library.store, paper.id, new)
            except CiteKeyError as exc:
                return str(exc)
            return None

        def done(new: str | None) -> None:
            if new is not None:
                self.forget_states([paper.id])
                self.notify(f"Cite key for {short_title(paper.title)} is now {new}",
                            markup=False)
                self.show_paper(self.current_paper)

        self.push_screen(KeyScreen(f"Cite key for {short_title(paper.title)}", key, save),
                         done)
