"""Search as you type: debounced, run in an exclusive worker, newest result wins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..index.search import Filter, QueryError, SearchResult
from .render import status
from .widgets import ResultList, SearchBar

if TYPE_CHECKING:
    from .app import PapertermApp

    _Base = PapertermApp
else:
    _Base = object

SEARCH_LIMIT = 500
DEBOUNCE = 0.12
EMPTY_LIBRARY = ("No papers yet: run `paperterm add FILE...` (a saved Daily Papers page, "
                 "or a folder of them), then open paperterm again.")


class SearchingMixin(_Base):
    """The app's search behaviour; mixed into :class:`PapertermApp`."""

    #: Seconds to wait after a keystroke before searching (tests set 0).
    search_delay = DEBOUNCE

    def _init_searching(self) -> None:
        self.result: SearchResult | None = None
        self._search_seq = 0
        self._shown_seq = 0
        self._debounce = None
        self._limit = SEARCH_LIMIT

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "query":
            return
        if self._debounce is not None:
            self._debounce.stop()
        if self.search_delay > 0:
            self._debounce = self.set_timer(self.search_delay, self.start_search)
        else:
            self.start_search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "query":
            return
        self.start_search()
        self.action_focus_results()

    def start_search(self, more: bool = False) -> None:
        """Run the current query and filter in the search worker (``more``: a bigger page)."""
        if self.library is None:
            return
        self._limit = self._limit * 2 if more else SEARCH_LIMIT
        self._search_seq += 1
        if not more:
            self.query_one(SearchBar).set_status(status(None))
        self.run_search(self._search_seq, self.query_one(SearchBar).value, self.filter,
                        self._limit)

    def on_result_list_need_more(self) -> None:
        self.start_search(more=True)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, seq: int, text: str, flt: Filter, limit: int = SEARCH_LIMIT) -> None:
        assert self.library is not None
        try:
            result = self.library.search(text, flt, limit=limit)
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
        self.query_one(ResultList).show(result)
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

    def set_filter(self, flt: Filter) -> None:
        """Narrow every search to a topic-tree node (or ALL)."""
        self.filter = flt
        self.start_search()
