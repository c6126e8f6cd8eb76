"""The search box with the status line (hits, time, sort, filter) beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

PLACEHOLDER = 'search: words, "a phrase", OR, -exclude, title:word, reinf*'


class SearchBar(Horizontal):
    """Emits the Input's ``Changed``/``Submitted`` messages; shows status text."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt")
        yield Input(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Static(id="status")

    @property
    def input(self) -> Input:
        return self.query_one("#query", Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    def set_error(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(message, style="bold red"))
