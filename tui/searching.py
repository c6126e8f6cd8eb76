"""Search as you type: debounced, run in an exclusive worker, newest result wins."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..index.models import Paper
from ..index.search.related import Related
from ..index.search.searcher import SORTS, Filter, Hit, QueryError, SearchResult
from ..index.store.history import SavedSearch
from .render import status
from .widgets import ResultList, SearchBar, TopicTree

if TYPE_CHECKING:
    from .app import PapertermApp

    _Base = PapertermApp
else:
    _Base = object

SEARCH_LIMIT = 200  # the first page; more pages in as the cursor nears the end
RELATED_LIMIT = 20
SORT_NAMES = {"relevance": "relevance", "title": "title", "listed": "date listed",
              "added": "date added"}
DEBOUNCE = 0.12
COUNT_DELAY = 0.3
EMPTY_LIBRARY = ("No papers yet: press a to add a file or folder (a saved Daily Papers "
                 "page, arXiv export, .bib, CSV or JSON), or run `paperterm add FILE...`.")


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
        self.sort = "relevance"
        self._counted_query: str | None = None  # None: the tree is not built yet
        self._count_timer: Timer | None = None
        #: While related papers are shown: the paper they relate to.
        self.related_to: Paper | None = None

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
        self.remember_query(event.value)
        self.action_focus_results()

    def remember_query(self, text: str) -> None:
        """Put a query into the persisted history (Up/Down in the search box)."""
        text = text.strip()
        bar = self.query_one(SearchBar).input
        bar.reset_history_position()
        if text and self.library is not None:
            if text in bar.history:
                bar.history.remove(text)
            bar.history.insert(0, text)
            self._save_history(text)

    @work(thread=True, exit_on_error=False, group="history")
    def _save_history(self, text: str) -> None:
        assert self.library is not None
        self.library.history.add(text)

    def start_search(self, more: bool = False, everything: bool = False,
                     keep_limit: bool = False) -> None:
        """Run the current query and filter in the search worker (``more``: a bigger page;
        ``everything``: every hit, for ``G``; ``keep_limit``: as many as are loaded)."""
        if self.library is None:
            return
        if everything and self.result is not None:
            self._limit = max(self._limit, self.result.total)
        elif not keep_limit:
            self._limit = self._limit * 2 if more else SEARCH_LIMIT
        self._search_seq += 1
        if not more:
            self.query_one(SearchBar).set_status(status(None))
        self.run_search(self._search_seq, self.query_one(SearchBar).value, self.filter,
                        self._limit, self.sort)

    def on_result_list_need_more(self, event: ResultList.NeedMore) -> None:
        self.start_search(more=True, everything=event.everything)

    @work(thread=True, exit_on_error=False, exclusive=True, group="search")
    def run_search(self, seq: int, text: str, flt: Filter, limit: int = SEARCH_LIMIT,
                   sort: str = "relevance") -> None:
        assert self.library is not None
        try:
            result = self.library.search(text, flt, limit=limit, sort=sort)
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
        self.related_to = None
        self.query_one(SearchBar).input.suggestion = result.suggestion
        self.query_one(SearchBar).set_status(status(result))
        self.query_one(ResultList).show(result)
        if self._counted_query is None:
            self._counted_query = result.query
            self.refresh_topics()
        elif result.query != self._counted_query:
            self._counted_query = result.query
            # Counting every node is the heavier job: wait until typing pauses.
            if self._count_timer is not None:
                self._count_timer.stop()
            if self.search_delay > 0:
                self._count_timer = self.set_timer(COUNT_DELAY, self.count_topics)
            else:
                self.count_topics()
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
        text = Text(f"No papers match {result.query!r}{where}.")
        if result.suggestion:
            text.append(f"\nDid you mean {result.suggestion!r}? Press Tab in the search box.")
        return text

    def _show_error(self, seq: int, message: str) -> None:
        if seq == self._search_seq:
            self.query_one(SearchBar).set_error(message)

    def set_filter(self, flt: Filter) -> None:
        """Narrow every search to a topic-tree node (or ALL)."""
        self.filter = flt
        self.query_one(TopicTree).set_active(flt)
        self.start_search()

    # -- sorting, saved searches ---------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """``s``: relevance → title → date listed → date added."""
        order = list(SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.notify(f"Sorted by {SORT_NAMES.get(self.sort, self.sort)}")
        self.start_search()

    def action_save_search(self) -> None:
        """Ctrl+S: keep the current query (and sort) in the next free slot 1..9."""
        text = self.query_one(SearchBar).value.strip()
        if not text or self.library is None:
            self.notify("Type a query first, then press Ctrl+S to save it", severity="warning")
            return
        self.save_search(text, self.sort)

    @work(thread=True, exit_on_error=False, group="saved")
    def save_search(self, text: str, sort: str) -> None:
        assert self.library is not None
        try:
            saved = self.library.saved_searches.save(text, sort=sort)
        except ValueError as exc:
            self.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        entries = self.library.saved_searches.entries()
        self.call_from_thread(self._search_saved, saved, entries)

    def _search_saved(self, saved: SavedSearch, entries: list[SavedSearch]) -> None:
        self.saved = entries
        self.notify(f"Saved as search {saved.slot}: press {saved.slot} to run it", markup=False)

    def action_saved_search(self, slot: int) -> None:
        """``1``..``9``: run a saved search."""
        saved = next((s for s in self.saved if s.slot == slot), None)
        if saved is None:
            self.notify(f"No search saved in slot {slot}: type a query and press Ctrl+S",
                        severity="warning")
            return
        self.sort = saved.sort if saved.sort in SORTS else "relevance"
        self.query_one(SearchBar).input.value = saved.query
        self.start_search()

    # -- related papers --------------------------------------------------------------------

    def action_related(self) -> None:
        """``r``: the papers most like the current one, with the words they share."""
        paper = self.current_paper
        if paper is None or self.library is None:
            self.notify("No paper selected", severity="warning")
            return
        self.query_one(SearchBar).set_status(Text("finding related papers…", style="dim"))
        self.find_related(self._search_seq, paper)

    @work(thread=True, exit_on_error=False, exclusive=True, group="search")
    def find_related(self, seq: int, paper: Paper) -> None:
        assert self.library is not None
        started = time.perf_counter()
        related = self.library.related(paper.id, limit=RELATED_LIMIT)
        elapsed = time.perf_counter() - started
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_related, seq, paper, related, elapsed)

    def _show_related(self, seq: int, paper: Paper, related: list[Related],
                      elapsed: float) -> None:
        if seq != self._search_seq:  # the user typed meanwhile
            return
        result = SearchResult(f"related to {paper.title}", tuple(
            Hit(r.paper, r.score) for r in related), len(related), elapsed)
        reasons = {r.paper.id: "shares: " + ", ".join(r.shared) for r in related}
        self.result = result
        self.related_to = paper
        self.query_one(ResultList).show(result, reasons=reasons)
        self.query_one("#empty", Static).display = not related
        self.query_one("#empty", Static).update(Text("No related papers found."))
        line = Text(f"{len(related)} related to ", style="dim")
        line.append(paper.title[:40] + ("…" if len(paper.title) > 40 else ""), style="italic")
        line.append(" · Backspace returns", style="dim")
        self.query_one(SearchBar).set_status(line)
        self.action_focus_results()

    def leave_related(self) -> bool:
        """Back from the related view to the search; False when not in it."""
        if self.related_to is None:
            return False
        self.related_to = None
        self.start_search()
        return True
