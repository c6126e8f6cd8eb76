"""``e``: write BibTeX for bookmarks, the current results or the selected paper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

SCOPES = (("results", "Current results"), ("bookmarks", "Bookmarks"),
          ("paper", "Selected paper"))


@dataclass(frozen=True)
class ExportRequest:
    scope: str
    path: Path


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Asks what to export and where; dismisses with an :class:`ExportRequest` or None."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, counts: dict[str, int], default_path: str = "paperterm.bib") -> None:
        super().__init__()
        self.counts = counts
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export BibTeX"
            box.border_subtitle = "Enter to write · Esc to cancel"
            with RadioSet(id="export-scope"):
                for index, (key, text) in enumerate(SCOPES):
                    yield RadioButton(f"{text} ({self.counts.get(key, 0)})", value=index == 0,
                                      id=f"scope-{key}")
            yield Label("File:")
            yield Input(self.default_path, id="export-path")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            self.notify("Give a file name to export to", severity="warning")
            return
        pressed = self.query_one(RadioSet).pressed_index
        scope = SCOPES[max(0, pressed)][0]
        self.dismiss(ExportRequest(scope, Path(path).expanduser()))

    def action_cancel(self) -> None:
        self.dismiss(None)
