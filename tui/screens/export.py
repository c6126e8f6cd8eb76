"""``e``: export the selection, the current results, bookmarks or one paper as BibTeX, RIS,
CSL-JSON or Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet

from ...index.cite.formats import EXPORT_FORMATS

SCOPES = (("selection", "Selection"), ("results", "Current results"),
          ("bookmarks", "Bookmarks"), ("paper", "Selected paper"))
FORMATS = (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl-json", "CSL-JSON"),
           ("markdown", "Markdown"))


@dataclass(frozen=True)
class ExportRequest:
    scope: str
    path: Path
    fmt: str = "bibtex"
    abstract: bool = True


def with_suffix(path: str, fmt: str) -> str:
    """``path`` with its export suffix swapped for ``fmt``'s (other names get it appended)."""
    suffix = EXPORT_FORMATS[fmt]
    for known in EXPORT_FORMATS.values():
        if path.lower().endswith(known):
            return path[: -len(known)] + suffix
    return path + suffix if path and not path.endswith(("/", "\\")) else path


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Asks what to export, in which format and where; dismisses with an
    :class:`ExportRequest` or None. The selection scope is offered when ``counts`` has one."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, counts: dict[str, int], default_path: str = "paperterm.bib") -> None:
        super().__init__()
        self.counts = counts
        self.default_path = default_path
        self.scopes = [(key, text) for key, text in SCOPES
                       if key != "selection" or counts.get("selection", 0) > 0]

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export"
            box.border_subtitle = "Enter to write · Esc to cancel"
            with Horizontal(id="export-choices"):
                with RadioSet(id="export-scope"):
                    for index, (key, text) in enumerate(self.scopes):
                        yield RadioButton(f"{text} ({self.counts.get(key, 0)})",
                                          value=index == 0, id=f"scope-{key}")
                with RadioSet(id="export-format"):
                    for index, (key, text) in enumerate(FORMATS):
                        yield RadioButton(text, value=index == 0, id=f"format-{key}")
            yield Checkbox("Include abstracts", value=True, id="export-abstract")
            yield Label("File:")
            yield Input(self.default_path, id="export-path")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def fmt(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_index
        return FORMATS[max(0, pressed)][0]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if event.radio_set.id == "export-format":
            field = self.query_one("#export-path", Input)
            field.value = with_suffix(field.value.strip(), self.fmt)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            self.notify("Give a file name to export to", severity="warning")
            return
        pressed = self.query_one("#export-scope", RadioSet).pressed_index
        scope = self.scopes[max(0, pressed)][0]
        abstract = self.query_one("#export-abstract", Checkbox).value
        self.dismiss(ExportRequest(scope, Path(path).expanduser(), self.fmt, abstract))

    def action_cancel(self) -> None:
        self.dismiss(None)
