"""PapertermApp: wires the panes to the engine. Widgets show data; workers do the work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ..index import Library
from ..index.bibtex import export_bibtex
from ..index.models import Paper
from ..index.search import ALL, Filter, QueryError, SearchResult
from ..index.topics import build_tree
from .clipboard import copy_text
from .render import status
from .screens.export import ExportRequest, ExportScreen
from .screens.help import HelpScreen
from .widgets import AbstractView, ResultList, SearchBar, TopicTree

SEARCH_LIMIT = 500
DEBOUNCE = 0.12
EMPTY_LIBRARY = ("No papers yet: run `paperterm add FILE...` (a saved Daily Papers page, "
                 "or a folder of them), then open paperterm again.")


class PapertermApp(App[int]):
    """The three-pane browser: topics, results, reader."""

    CSS_PATH = "app.tcss"
    TITLE = "paperterm"
    BINDINGS = [
        Binding("slash", "focus_search", "search"),
        Binding("escape", "focus_results", "back", show=False),
        Binding("b", "toggle_bookmark", "bookmark"),
        Binding("c", "copy", "copy"),
        Binding("e", "export", "export"),
        Binding("backspace", "clear_filter", "clear filter", show=False),
        Binding("question_mark", "help", "help"),
        Binding("q", "quit", "quit"),
    ]

    #: Seconds to wait after a keystroke before searching (tests set 0).
    search_delay = DEBOUNCE

    def __init__(self, root: Path, library: Library | None = None) -> None:
        super().__init__()
        self.root = root
        self.library = library
        self.filter: Filter = ALL
        self.result: SearchResult | None = None
        self.bookmarked: set[str] = set()
        self._search_seq = 0
        self._shown_seq = 0
        self._debounce = None

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-bar"):
            yield Static(Text("paperterm", style="bold"), id="app-name")
            yield Static(id="paper-count")
            yield Static(Text(_display_path(self.root), style="dim"), id="library-path")
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield TopicTree(id="topics")
            with Vertical(id="results-pane"):
                yield ResultList(id="results")
                yield Static(id="empty")
            yield AbstractView(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#topics").border_title = "Topics"
        self.query_one("#results-pane").border_title = "Results"
        self.query_one("#reader").border_title = "Reader"
        self.query_one("#empty").display = False
        self.query_one(SearchBar).set_status(Text("opening library…", style="dim"))
        self.query_one(ResultList).focus()
        self.open_library()

    @work(thread=True, exclusive=True, group="open")
    def open_library(self) -> None:
        library = self.library or Library.open(self.root)
        if not library.is_consistent():
            self.call_from_thread(self.notify, "Rebuilding the search index…")
            library.reindex()
        self.library = library
        bookmarked = set(library.store.bookmarked_ids())
        self.call_from_thread(self._library_ready, bookmarked)

    def _library_ready(self, bookmarked: set[str]) -> None:
        self.bookmarked = bookmarked
        self.refresh_topics()
        self.start_search()

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()

    # -- searching -------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if self.search_delay > 0:
            self._debounce = self.set_timer(self.search_delay, self.start_search)
        else:
            self.start_search()

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.start_search()
        self.action_focus_results()

    def start_search(self) -> None:
        """Run the current query and filter in the search worker."""
        if self.library is None:
            return
        self._search_seq += 1
        self.query_one(SearchBar).set_status(status(None))
        self.run_search(self._search_seq, self.query_one(SearchBar).value, self.filter)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, seq: int, text: str, flt: Filter) -> None:
        assert self.library is not None
        try:
            result = self.library.search(text, flt, limit=SEARCH_LIMIT)
        except QueryError as exc:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._show_error, seq, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_result, seq, result)

    def _show_result(self, seq: int, result: SearchResult) -> None:
        # A slower, older query must never overwrite a newer one's results.
        if seq < self._search_seq or seq <= self._shown_seq:
            return
        self._shown_seq = seq
        self.result = result
        self.query_one(SearchBar).set_status(status(result))
        self.query_one(ResultList).show(result, self.bookmarked)
        empty = self.query_one("#empty", Static)
        empty.display = not result.hits
        if not result.hits:
            empty.update(self._empty_message(result))

    def _empty_message(self, result: SearchResult) -> Text:
        assert self.library is not None
        if self.library.store.count() == 0:
            return Text(EMPTY_LIBRARY)
        if result.filter.kind == "bookmarks" and not result.query.strip():
            return Text("No bookmarks yet: press b on a paper to bookmark it.")
        where = "" if result.filter.kind == "all" else f" in {result.filter.label}"
        return Text(f"No papers match {result.query!r}{where}.")

    def _show_error(self, seq: int, message: str) -> None:
        if seq == self._search_seq:
            self.query_one(SearchBar).set_error(message)

    @on(ResultList.PaperHighlighted)
    def _paper_highlighted(self, event: ResultList.PaperHighlighted) -> None:
        view = self.query_one(AbstractView)
        if event.paper is None:
            view.show_message("Nothing selected.")
        else:
            terms = self.result.terms if self.result else frozenset()
            view.show(event.paper, terms, event.paper.id in self.bookmarked)

    # -- topics ----------------------------------------------------------------------

    def refresh_topics(self) -> None:
        self.load_topics()

    @work(thread=True, exclusive=True, group="topics")
    def load_topics(self) -> None:
        assert self.library is not None
        nodes = build_tree(self.library)
        count = self.library.store.count()
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_topics, nodes, count)

    def _show_topics(self, nodes: list, count: int) -> None:
        self.query_one(TopicTree).show_nodes(nodes)
        noun = "paper" if count == 1 else "papers"
        self.query_one("#paper-count", Static).update(Text(f"{count} {noun}", style="dim"))

    @on(TopicTree.FilterChosen)
    def _filter_chosen(self, event: TopicTree.FilterChosen) -> None:
        self.filter = event.filter
        self.start_search()

    def action_clear_filter(self) -> None:
        if self.filter != ALL:
            self.filter = ALL
            self.start_search()

    # -- actions on papers -----------------------------------------------------------

    @property
    def current_paper(self) -> Paper | None:
        return self.query_one(ResultList).current_paper

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).input.focus()

    def action_focus_results(self) -> None:
        self.query_one(ResultList).focus()

    def action_toggle_bookmark(self) -> None:
        paper = self.current_paper
        if paper is None or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        on_now = self.library.toggle_bookmark(paper.id)
        (self.bookmarked.add if on_now else self.bookmarked.discard)(paper.id)
        self.query_one(ResultList).update_paper(paper.id, on_now)
        terms = self.result.terms if self.result else frozenset()
        self.query_one(AbstractView).show(paper, terms, on_now)
        verb = "Bookmarked" if on_now else "Removed bookmark from"
        self.notify(f"{verb} {_short(paper.title)}", markup=False)
        self.refresh_topics()
        if self.filter.kind == "bookmarks":
            self.start_search()

    def action_copy(self) -> None:
        paper = self.current_paper
        if paper is None:
            self.notify("No paper selected", severity="warning")
            return
        self.copy_bibtex(paper)

    @work(thread=True, group="copy")
    def copy_bibtex(self, paper: Paper) -> None:
        assert self.library is not None
        text = export_bibtex(self.library.store, [paper])
        how = copy_text(text)
        self.call_from_thread(self._copied, paper, text, how)

    def _copied(self, paper: Paper, text: str, how: str | None) -> None:
        if how is None:
            # No clipboard program (SSH, no X): ask the terminal via OSC 52.
            self.copy_to_clipboard(text)
            how = "terminal clipboard (OSC 52)"
        self.notify(f"Copied BibTeX for {_short(paper.title)} ({how})", markup=False)

    def action_export(self) -> None:
        if self.library is None:
            return
        counts = {"results": len(self.result.hits) if self.result else 0,
                  "bookmarks": len(self.bookmarked),
                  "paper": 1 if self.current_paper else 0}
        self.push_screen(ExportScreen(counts), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.scope == "results":
            papers = self.result.papers if self.result else []
        elif request.scope == "paper":
            papers = [self.current_paper] if self.current_paper else []
        else:
            papers = []
        self.write_export(request, papers)

    @work(thread=True, group="export")
    def write_export(self, request: ExportRequest, papers: Iterable[Paper]) -> None:
        assert self.library is not None
        store = self.library.store
        chosen = list(papers) if request.scope != "bookmarks" else store.papers(
            store.bookmarked_ids())
        if not chosen:
            self.call_from_thread(self.notify, "Nothing to export", severity="warning")
            return
        try:
            request.path.write_text(export_bibtex(store, chosen), encoding="utf-8")
        except OSError as exc:
            self.call_from_thread(self.notify, f"Cannot write {request.path}: {exc.strerror}",
                                  severity="error", markup=False)
            return
        noun = "paper" if len(chosen) == 1 else "papers"
        self.call_from_thread(self.notify, f"{len(chosen)} {noun} exported to {request.path}",
                              markup=False)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Focus the search box (/)", self.action_focus_search)
        yield SystemCommand("Bookmark", "Toggle the selected paper's bookmark (b)",
                            self.action_toggle_bookmark)
        yield SystemCommand("Copy BibTeX", "Copy the selected paper's BibTeX (c)",
                            self.action_copy)
        yield SystemCommand("Export", "Export BibTeX to a file (e)", self.action_export)
        yield SystemCommand("Show bookmarks", "Filter to bookmarked papers",
                            lambda: self._set_filter(Filter("bookmarks")))
        yield SystemCommand("Clear filter", "Show all papers (Backspace)",
                            self.action_clear_filter)
        yield SystemCommand("Keys", "Show every key (?)", self.action_help)

    def _set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self.start_search()


def _display_path(path: Path) -> str:
    """The library path with the home directory shown as ``~``."""
    home = Path.home()
    return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)


def _short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"
