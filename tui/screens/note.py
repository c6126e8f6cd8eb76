"""``n``: write or edit a paper's note; never drops typed text without asking."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note's new text (blank clears it) or None when cancelled.

    Esc with unsaved changes asks first: a second Esc discards, Ctrl+S saves.
    """

    BINDINGS = [Binding("escape", "cancel", "cancel"), Binding("ctrl+s", "save", "save")]

    def __init__(self, subject: str, text: str) -> None:
        super().__init__()
        self.subject = subject
        self.original = text
        self._asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box") as box:
            box.border_title = "Note"
            box.border_subtitle = "Ctrl+S saves · Esc cancels"
            yield Static(Text(self.subject, style="bold"), id="note-subject")
            yield TextArea(self.original, id="note-text", soft_wrap=True,
                           show_line_numbers=False)
            yield Static(id="note-warning")
            with Horizontal(id="note-buttons"):
                yield Button("Save", id="note-save", variant="primary")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._asked:
            self._asked = False
            self.query_one("#note-warning", Static).update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.original or self._asked:
            self.dismiss(None)
            return
        self._asked = True
        self.query_one("#note-warning", Static).update(Text(
            "Unsaved changes: Esc again discards them, Ctrl+S saves.", style="bold yellow"))
