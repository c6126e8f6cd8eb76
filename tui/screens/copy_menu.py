"""``c``: choose what to copy: a BibTeX entry, ``\\cite{key}``, a reference, a link or a title."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class CopyMenu(ModalScreen[str | None]):
    """Dismisses with the chosen format's name (a key of ``formats``) or None."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, subject: str, formats: Mapping[str, str], last: str | None = None) -> None:
        super().__init__()
        self.subject = subject
        self.formats = dict(formats)
        self.last = last

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box") as box:
            box.border_title = "Copy"
            box.border_subtitle = "Enter copies · y repeats later · Esc cancels"
            yield Static(Text(self.subject, style="bold"), id="copy-subject")
            yield OptionList(*[Option(Text(label), id=name)
                               for name, label in self.formats.items()], id="copy-formats")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = 0  # BibTeX first, so c Enter copies BibTeX
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
