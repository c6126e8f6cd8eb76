"""The search box with the status line (hits, time, sort, filter) beside it.

Up/Down walk the query history; Tab accepts a "did you mean" suggestion when one is shown.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from ..actions import SEARCH, bindings

PLACEHOLDER = 'search: words, "a phrase", OR, -exclude, title:word, reinf*, tag:x, is:unread'


class QueryInput(Input):
    """An Input with history (Up/Down) and suggestion acceptance (Tab)."""

    BINDINGS = bindings(SEARCH)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self.suggestion: str | None = None
        self._position = -1
        self._draft = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a suggestion Tab keeps its usual meaning: the next pane.
        if action == "accept_suggestion":
            return self.suggestion is not None
        return True

    def action_accept_suggestion(self) -> None:
        if self.suggestion is not None:
            self.value = self.suggestion
            self.cursor_position = len(self.value)
            self.suggestion = None

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == -1:
            self._draft = self.value
        self._position = max(-1, min(self._position + step, len(self.history) - 1))
        self.value = self._draft if self._position == -1 else self.history[self._position]
        self.cursor_position = len(self.value)

    def reset_history_position(self) -> None:
        self._position = -1


class SearchBar(Horizontal):
    """Emits the Input's ``Changed``/``Submitted`` messages; shows status text."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt")
        yield QueryInput(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Static(id="status")

    @property
    def input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def value(self) -> str:
        return self.input.value

    def set_status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    def set_error(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(message, style="bold red"))
