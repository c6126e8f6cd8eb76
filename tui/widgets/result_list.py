"""The middle pane: one entry per paper, title and a matching preview."""

from __future__ import annotations

from collections.abc import Collection

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...index.models import Paper
from ...index.search import SearchResult
from ..render import result_item


class ResultList(OptionList):
    """Shows a :class:`SearchResult`; posts :class:`PaperHighlighted` as the cursor moves."""

    BINDINGS = [
        Binding("j", "cursor_down", "down", show=False),
        Binding("k", "cursor_up", "up", show=False),
        Binding("g", "first", "first", show=False),
        Binding("G", "last", "last", show=False),
    ]

    class PaperHighlighted(Message):
        def __init__(self, paper: Paper | None) -> None:
            super().__init__()
            self.paper = paper

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result: SearchResult | None = None
        self._papers: dict[str, Paper] = {}

    def show(self, result: SearchResult, bookmarked: Collection[str]) -> None:
        """Replace the list with ``result``, keeping the cursor on the same paper if present."""
        current = self.current_paper
        self.result = result
        self._papers = {h.paper.id: h.paper for h in result.hits}
        self.clear_options()
        self.add_options(
            Option(result_item(h.paper, result.terms, h.paper.id in bookmarked), id=h.paper.id)
            for h in result.hits)
        if result.hits:
            index = 0
            if current is not None and current.id in self._papers:
                index = self.get_option_index(current.id)
            self.highlighted = index
        self.post_message(self.PaperHighlighted(self.current_paper))

    def update_paper(self, pid: str, bookmarked: bool) -> None:
        """Redraw one entry (after its bookmark changed)."""
        if self.result is None or pid not in self._papers:
            return
        self.replace_option_prompt(pid, result_item(self._papers[pid], self.result.terms,
                                                    bookmarked))

    @property
    def current_paper(self) -> Paper | None:
        if self.highlighted is None or not self._papers:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._papers.get(option.id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.PaperHighlighted(self.current_paper))
