"""The middle pane: a virtual list of papers that renders only the lines on screen.

Every entry has the same height (title, preview, a blank line), so the list can hold a
result of any size and scrolling costs only the visible entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...index.models import Paper
from ...index.search.searcher import SearchResult
from ..actions import RESULTS, bindings
from ..render import ENTRY_LINES, EntryFlags, entry_lines

ENTRY_HEIGHT = ENTRY_LINES + 1  # a blank line between papers
MORE_MARGIN = 20  # ask for the next page this many entries before the end


@dataclass(frozen=True, slots=True)
class _Key:
    pid: str
    width: int
    flags: EntryFlags
    cursor: bool


class ResultList(ScrollView, can_focus=True):
    """Shows a :class:`SearchResult`; posts :class:`PaperHighlighted` as the cursor moves."""

    BINDINGS = bindings(RESULTS)
    COMPONENT_CLASSES = {"result-list--cursor", "result-list--cursor-blurred"}
    DEFAULT_CSS = """
    ResultList > .result-list--cursor { background: $block-cursor-background; }
    ResultList > .result-list--cursor-blurred { background: $block-cursor-blurred-background; }
    """

    class PaperHighlighted(Message):
        """The cursor is on ``paper`` (None when the list is empty).

        ``moved`` is False when a new result put it there rather than the user.
        """

        def __init__(self, paper: Paper | None, moved: bool = True) -> None:
            super().__init__()
            self.paper = paper
            self.moved = moved

    class NeedMore(Message):
        """The cursor is near the end of a result that has more hits than were loaded
        (``everything``: it was sent to the very last one, ``G``)."""

        def __init__(self, everything: bool = False) -> None:
            super().__init__()
            self.everything = everything

    class PaperOpened(Message):
        """Enter (or a click on the current entry) on ``paper``."""

        def __init__(self, paper: Paper) -> None:
            super().__init__()
            self.paper = paper

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result: SearchResult | None = None
        self.papers: list[Paper] = []
        self.cursor = 0
        self._asked_more = False
        #: ``G`` asked for every hit: the cursor goes to the last one when they arrive.
        self._to_last = False
        self.reasons: dict[str, str] = {}
        self.flags_for: Callable[[Paper], EntryFlags] = lambda paper: EntryFlags()
        self._render = lru_cache(maxsize=512)(self._render_entry)

    # -- data --------------------------------------------------------------------------

    def show(self, result: SearchResult, reasons: Mapping[str, str] | None = None) -> None:
        """Replace the list with ``result``; the cursor stays on its paper when the search
        is the same one again, else it goes to the first hit.

        ``reasons`` (paper id → text) replaces the abstract preview, e.g. for related papers.
        """
        current = self.current_paper
        previous = self.result
        # The same search again (a refresh, a bigger page) keeps the cursor; a new one
        # starts at the best hit.
        same = previous is not None and (previous.query, previous.filter, previous.sort) == (
            result.query, result.filter, result.sort)
        self.result = result
        self.reasons = dict(reasons or {})
        self.papers = result.papers
        self._asked_more = False
        self._render.cache_clear()
        self.virtual_size = Size(self.size.width, len(self.papers) * ENTRY_HEIGHT)
        index = 0
        if same and current is not None:
            index = next((i for i, p in enumerate(self.papers) if p.id == current.id), 0)
        if same and self._to_last and len(self.papers) >= result.total:
            index = max(0, len(self.papers) - 1)
        self._to_last = self._to_last and same and len(self.papers) < result.total
        self.cursor = index
        if same:
            self.scroll_to_region(Region(0, index * ENTRY_HEIGHT, 1, ENTRY_HEIGHT),
                                  animate=False, force=True)
        else:
            self.scroll_to(y=0, animate=False)
        self.post_message(self.PaperHighlighted(self.current_paper, moved=False))
        self.refresh()

    def refresh_entries(self) -> None:
        """Redraw every entry (after bookmarks, read state or notes changed)."""
        self._render.cache_clear()
        self.refresh()

    @property
    def current_paper(self) -> Paper | None:
        return self.papers[self.cursor] if 0 <= self.cursor < len(self.papers) else None

    # -- cursor ------------------------------------------------------------------------

    def move_cursor(self, index: int, scroll: bool = True) -> None:
        if not self.papers:
            self.cursor = 0
            return
        index = max(0, min(index, len(self.papers) - 1))
        changed = index != self.cursor
        self.cursor = index
        if (self.result is not None and len(self.papers) < self.result.total
                and index >= len(self.papers) - MORE_MARGIN and not self._asked_more):
            self._asked_more = True
            self.post_message(self.NeedMore())
        if scroll:
            self.scroll_to_region(Region(0, index * ENTRY_HEIGHT, 1, ENTRY_HEIGHT),
                                  animate=False, force=True)
        self.refresh()
        if changed:
            self.post_message(self.PaperHighlighted(self.current_paper))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        if self.result is not None and len(self.papers) < self.result.total:
            self._to_last = self._asked_more = True
            self.post_message(self.NeedMore(everything=True))
        self.move_cursor(len(self.papers) - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ENTRY_HEIGHT)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page())

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page())

    def action_open(self) -> None:
        if self.current_paper is not None:
            self.post_message(self.PaperOpened(self.current_paper))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ENTRY_HEIGHT
        if 0 <= index < len(self.papers):
            if index == self.cursor and event.chain > 1:
                self.action_open()
            self.move_cursor(index)

    # -- rendering ---------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.papers) * ENTRY_HEIGHT)
        self._render.cache_clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        index, row = divmod(line, ENTRY_HEIGHT)
        if index >= len(self.papers) or row >= ENTRY_LINES:
            return Strip.blank(width, self.rich_style)
        paper = self.papers[index]
        key = _Key(paper.id, width, self.flags_for(paper), index == self.cursor)
        return self._render(key, paper)[row]

    def _render_entry(self, key: _Key, paper: Paper) -> list[Strip]:
        terms = self.result.terms if self.result else frozenset()
        base = self.rich_style
        if key.cursor:
            name = "result-list--cursor" if self.has_focus else "result-list--cursor-blurred"
            base = base + self.get_component_rich_style(name)
        console = self.app.console
        strips = []
        for text in entry_lines(paper, terms, key.flags, key.width, self.reasons.get(paper.id)):
            segments = list(text.render(console))
            strip = Strip(Segment.apply_style(segments, base, None))
            strips.append(strip.adjust_cell_length(key.width, base).simplify())
        return strips

    def on_focus(self) -> None:
        self.refresh_entries()

    def on_blur(self) -> None:
        self.refresh_entries()
