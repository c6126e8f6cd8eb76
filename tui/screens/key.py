"""``K``: give a paper a cite key of your own; duplicates and invalid keys are refused inline."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class KeyScreen(ModalScreen[str | None]):
    """Asks for a new key; ``save(key)`` stores it (in a worker) and returns an error
    message, or None on success. Dismisses with the saved key, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, subject: str, key: str, save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.subject = subject
        self.key = key
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="key-box") as box:
            box.border_title = "Cite key"
            box.border_subtitle = "Enter saves · Esc cancels"
            yield Static(Text(self.subject, style="bold"), id="key-subject")
            yield Label("Key (letters, digits and _ : . + / -):")
            yield Input(self.key, id="key-input")
            yield Static(id="key-error")

    def on_mount(self) -> None:
        self.query_one("#key-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key = event.value.strip()
        if key == self.key:
            self.dismiss(None)
            return
        self.store_key(key)

    @work(thread=True, exit_on_error=False, exclusive=True, group="key")
    def store_key(self, key: str) -> None:
        error = self.save(key)
        self.app.call_from_thread(self._stored, key, error)

    def _stored(self, key: str, error: str | None) -> None:
        if error is None:
            self.dismiss(key)
        else:
            self.query_one("#key-error", Static).update(Text(error, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)
