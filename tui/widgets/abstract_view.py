"""The right pane: the selected paper's title, sources and abstract, matches marked."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...index.models import Paper
from ..render import reader


class AbstractView(VerticalScroll):
    """A scrollable reader; ``show`` a paper or a message."""

    def compose(self) -> ComposeResult:
        yield Static(id="reader-text")

    def show(self, paper: Paper, terms: Iterable[str], bookmarked: bool) -> None:
        self.paper: Paper | None = paper
        self.query_one("#reader-text", Static).update(reader(paper, terms, bookmarked))
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.paper = None
        self.query_one("#reader-text", Static).update(Text(message, style="dim"))
