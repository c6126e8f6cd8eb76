"""``a``: add listing files or folders from inside the browser."""

from __future__ import annotations

import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class AddScreen(ModalScreen[list[Path] | None]):
    """Asks for paths (space-separated, quotes for spaces); dismisses with them or None."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box") as box:
            box.border_title = "Add papers"
            box.border_subtitle = "Enter adds · Esc cancels"
            yield Label("Files or folders (Daily Papers pages, arXiv, .bib, CSV, JSON):")
            yield Input(placeholder="~/papers  week12.txt  refs.bib", id="add-paths")
            yield Static(id="add-error")

    def on_mount(self) -> None:
        self.query_one("#add-paths", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            words = shlex.split(event.value)
        except ValueError as exc:
            self.query_one("#add-error", Static).update(f"{exc}")
            return
        if not words:
            self.query_one("#add-error", Static).update("Type a file or folder to add.")
            return
        self.dismiss([Path(word).expanduser() for word in words])

    def action_cancel(self) -> None:
        self.dismiss(None)
