"""Personal state from the keyboard: bookmarks, tags, notes, read state and the selection.

The app keeps read, noted and selected papers in memory (loaded once by the open worker)
so drawing a list entry never queries SQLite; changes are written in workers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import work
from textual.actions import SkipAction
from textual.timer import Timer
from textual.worker import get_current_worker

from ..index.display import printable
from ..index.models import Paper
from ..index.store import personal
from ..index.store.database import Store
from ..index.store.personal import PaperState
from .citing import short_title, subject
from .screens.note import NoteScreen
from .screens.tags import TagChange, TagScreen
from .widgets import ResultList

if TYPE_CHECKING:
    from .app import PapertermApp

    _Base = PapertermApp
else:
    _Base = object

#: Seconds the cursor rests on a paper before it counts as read; None (the default):
#: only opening it in the reader does (``[ui] read_delay`` in the config sets it).
READ_DELAY: float | None = None


@dataclass(frozen=True)
class Marks:
    """The per-paper marks the result list draws, read once when the library opens."""

    read: frozenset[str]
    noted: frozenset[str]


def load_marks(store: Store) -> Marks:
    """Read and noted papers (call from a worker)."""
    return Marks(frozenset(personal.read_ids(store)), frozenset(personal.noted_ids(store)))


class PersonalMixin(_Base):
    """``b`` ``t`` ``n`` ``u`` ``Space``/``v``; mixed into :class:`PapertermApp`."""

    read_delay = READ_DELAY

    def _init_personal(self) -> None:
        self.read_ids: set[str] = set()
        self.noted: set[str] = set()
        #: Selected papers by id, in the order they were selected.
        self.selected: dict[str, Paper] = {}
        self._states: dict[str, PaperState] = {}
        self._read_timer: Timer | None = None

    def _set_marks(self, marks: Marks) -> None:
        self.read_ids, self.noted = set(marks.read), set(marks.noted)

    def targets(self) -> list[Paper]:
        """The papers a bulk action works on: the selection, else the current paper."""
        if self.selected:
            return list(self.selected.values())
        return [self.current_paper] if self.current_paper else []

    # -- the reader's view of a paper's state ----------------------------------------

    def reader_state(self, paper: Paper) -> PaperState:
        """``paper``'s state for the reader; tags, note and key load in a worker the first
        time (the reader redraws when they arrive)."""
        cached = self._states.get(paper.id)
        if cached is None:
            cached = PaperState()
            if self.library is not None:
                self.load_state(paper.id)
        return replace(cached, bookmarked=paper.id in self.bookmarked,
                       read=paper.id in self.read_ids)

    def forget_states(self, ids: list[str]) -> None:
        for pid in ids:
            self._states.pop(pid, None)

    @work(thread=True, exit_on_error=False, exclusive=True, group="paper-state")
    def load_state(self, pid: str) -> None:
        assert self.library is not None
        state = personal.paper_state(self.library.store, pid)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._state_loaded, pid, state)

    def _state_loaded(self, pid: str, state: PaperState) -> None:
        self._states[pid] = state
        if self.current_paper is not None and self.current_paper.id == pid:
            self.show_paper(self.current_paper)

    # -- writes ----------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="personal")
    def write_personal(self, change: Callable[[Store], object], ids: list[str],
                       done: Callable[[], None] | None = None,
                       undo: Callable[[], None] | None = None) -> None:
        """Run ``change`` on the store, then forget cached states of ``ids`` and call
        ``done`` on the UI thread; when it fails, ``undo`` puts the screen back."""
        if self.library is None or get_current_worker().is_cancelled:
            return  # the app is closing
        try:
            change(self.library.store)
        except Exception as exc:
            self.call_from_thread(self._not_written, exc, ids, undo)
            return
        self.call_from_thread(self._written, ids, done)

    def _written(self, ids: list[str], done: Callable[[], None] | None) -> None:
        self.forget_states(ids)
        if done is not None:
            done()
        self.show_paper(self.current_paper)

    def _not_written(self, exc: Exception, ids: list[str],
                     undo: Callable[[], None] | None) -> None:
        self.log.error("write failed", exc)
        self.notify(f"Not saved: {printable(exc) or type(exc).__name__}", severity="error",
                    markup=False)
        if undo is not None:
            undo()
        self.forget_states(ids)
        self.redraw_papers()

    def redraw_papers(self) -> None:
        """Marks changed: redraw the list entries and the reader."""
        self.query_one(ResultList).refresh_entries()
        self.show_paper(self.current_paper)

    # -- bookmarks -------------------------------------------------------------------

    def action_toggle_bookmark(self) -> None:
        """``b``: the star goes on at once; the write runs in a worker and is undone on
        the screen if it fails."""
        papers = self.targets()
        if not papers or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        ids = [p.id for p in papers]
        before = {pid for pid in ids if pid in self.bookmarked}
        on = len(before) < len(ids)
        (self.bookmarked.update if on else self.bookmarked.difference_update)(ids)

        def undo() -> None:
            self.bookmarked.difference_update(ids)
            self.bookmarked.update(before)

        self.write_personal(lambda s: (s.bookmark if on else s.unbookmark)(ids), ids,
                            lambda: self.papers_changed(bookmarks=True), undo)
        verb = "Bookmarked" if on else ("Removed bookmarks from" if len(ids) > 1
                                        else "Removed bookmark from")
        self.notify(f"{verb} {subject(papers)}", markup=False)
        self.redraw_papers()

    # -- read state ------------------------------------------------------------------

    def paper_rested(self, event: ResultList.PaperHighlighted) -> None:
        """With ``[ui] read_delay`` set, resting that long on a paper marks it read."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        paper = event.paper
        # Only a paper the user moved to counts as opened, not the first of a new result.
        if (self.read_delay and event.moved and paper is not None
                and paper.id not in self.read_ids):
            self._read_timer = self.set_timer(self.read_delay,
                                              lambda: self._mark_read(paper.id))

    def paper_opened(self, paper: Paper) -> None:
        """Opening a paper in the reader is reading it."""
        self._mark_read(paper.id)

    def _mark_read(self, pid: str) -> None:
        """The cursor rested on ``pid`` (or it was opened): it counts as read."""
        self._read_timer = None
        current = self.current_paper
        if self.library is None or pid in self.read_ids or current is None or current.id != pid:
            return
        self.read_ids.add(pid)
        self.write_personal(lambda s: personal.mark_read(s, [pid]), [pid])
        self.redraw_papers()

    def action_toggle_read(self) -> None:
        papers = self.targets()
        if not papers or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        if self._read_timer is not None:
            self._read_timer.stop()  # "unread" must stick while the cursor stays here
            self._read_timer = None
        ids = [p.id for p in papers]
        read = not all(pid in self.read_ids for pid in ids)
        (self.read_ids.update if read else self.read_ids.difference_update)(ids)
        mark = personal.mark_read if read else personal.mark_unread
        self.write_personal(lambda s: mark(s, ids), ids)
        self.notify(f"Marked {subject(papers)} {'read' if read else 'unread'}", markup=False)
        self.redraw_papers()

    # -- selection -------------------------------------------------------------------

    def action_toggle_select(self) -> None:
        results = self.query_one(ResultList)
        paper = results.current_paper
        if paper is None:
            return
        if self.selected.pop(paper.id, None) is None:
            self.selected[paper.id] = paper
        self._selection_changed()
        results.action_cursor_down()

    def action_clear_selection(self) -> None:
        """Esc in the result list clears a selection; otherwise Esc does its usual job."""
        if not self.selected or not isinstance(self.focused, ResultList):
            raise SkipAction()
        self._clear_selection()

    def _clear_selection(self) -> None:
        self.selected.clear()
        self._selection_changed()

    def _selection_changed(self) -> None:
        count = len(self.selected)
        pane = self.query_one("#results-pane")
        pane.border_subtitle = f"{count} selected · Esc clears" if count else ""
        self.query_one(ResultList).refresh_entries()

    # -- tags ------------------------------------------------------------------------

    def action_tags(self) -> None:
        papers = self.targets()
        if not papers or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        self.load_tags(papers)

    @work(thread=True, exit_on_error=False, exclusive=True, group="tags")
    def load_tags(self, papers: list[Paper]) -> None:
        assert self.library is not None
        store = self.library.store
        on_papers = personal.tags_for(store, [p.id for p in papers])
        counts = Counter(tag for tags in on_papers.values() for tag in tags)
        known = [tag for tag, _ in personal.all_tags(store)]
        self.call_from_thread(self._edit_tags, papers, dict(sorted(counts.items())), known)

    def _edit_tags(self, papers: list[Paper], current: dict[str, int], known: list[str]) -> None:
        ids = [p.id for p in papers]

        def done(change: TagChange | None) -> None:
            if not change:
                return

            def apply(store: Store) -> None:
                if change.added:
                    personal.add_tags(store, ids, change.added)
                if change.removed:
                    personal.remove_tags(store, ids, change.removed)

            self.write_personal(apply, ids, self.papers_changed)
            self.notify(_tag_message(change, subject(papers)), markup=False)

        self.push_screen(TagScreen(f"Tags for {subject(papers)}", len(papers), current, known),
                         done)

    # -- notes -----------------------------------------------------------------------

    def action_note(self) -> None:
        paper = self.current_paper
        if paper is None or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        self.load_note(paper)

    @work(thread=True, exit_on_error=False, exclusive=True, group="note")
    def load_note(self, paper: Paper) -> None:
        assert self.library is not None
        text = personal.note(self.library.store, paper.id)
        self.call_from_thread(self._edit_note, paper, text)

    def _edit_note(self, paper: Paper, text: str) -> None:
        def done(new: str | None) -> None:
            if new is None or new == text:
                return
            has_note = bool(new.strip())
            (self.noted.add if has_note else self.noted.discard)(paper.id)
            self.write_personal(lambda s: personal.set_note(s, paper.id, new), [paper.id],
                                self.redraw_papers)
            verb = "Saved the note on" if has_note else "Removed the note from"
            self.notify(f"{verb} {short_title(paper.title)}", markup=False)
            self.redraw_papers()

        self.push_screen(NoteScreen(f"Note on {short_title(paper.title)}", text), done)


def _tag_message(change: TagChange, what: str) -> str:
    """``Tagged Quantum… with rl, survey; removed draft``."""
    parts = []
    if change.added:
        parts.append(f"Tagged {what} with {', '.join(change.added)}")
    if change.removed:
        parts.append(f"{'r' if parts else 'R'}emoved {', '.join(change.removed)}"
                     + ("" if parts else f" from {what}"))
    return "; ".join(parts)
