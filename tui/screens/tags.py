"""``t``: add tags (with completion from the library's tags) and take tags off."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, SelectionList, Static

from ...index.display import printable
from ...index.store.personal import TagError, normalize_tag


@dataclass(frozen=True)
class TagChange:
    """What the editor changed: tags to put on every paper, tags to take off every paper."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags from the input, normalized; raises :class:`TagError`."""
    return [normalize_tag(part) for part in text.split(",") if part.strip()]


class TagScreen(ModalScreen[TagChange | None]):
    """Edits the tags of one paper or a selection.

    ``current`` maps each tag already on the papers to how many of them carry it; ``known``
    is every tag in the library, most used first, for completion.
    """

    BINDINGS = [Binding("escape", "cancel", "cancel"), Binding("ctrl+s", "save", "save")]

    def __init__(self, subject: str, count: int, current: Mapping[str, int],
                 known: Sequence[str]) -> None:
        super().__init__()
        self.subject = subject
        self.count = count
        self.current = dict(current)
        self.known = list(known)
        self.added: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-box") as box:
            box.border_title = "Tags"
            box.border_subtitle = "Enter adds · Enter on empty saves · Ctrl+S saves · Esc cancels"
            yield Static(Text(printable(self.subject), style="bold"), id="tags-subject")
            yield Label("Add tags (comma-separated, → accepts a suggestion):")
            yield Input(placeholder="tag", id="tag-input",
                        suggester=SuggestFromList(self.known, case_sensitive=False))
            yield Static(id="tag-error")
            yield Label("Tags (Space takes one off):", id="tags-current-label")
            yield SelectionList[str](*[(self._label(tag, n), tag, True)
                                       for tag, n in self.current.items()], id="tag-list")

    def _label(self, tag: str, n: int) -> Text:
        out = Text(printable(tag))
        if self.count > 1 and n < self.count:
            out.append(f"  ({n} of {self.count})", style="dim")
        return out

    def on_mount(self) -> None:
        self._show_list()
        self.query_one("#tag-input", Input).focus()

    def _show_list(self) -> None:
        shown = self.query_one("#tag-list", SelectionList).option_count > 0
        self.query_one("#tag-list").display = shown
        self.query_one("#tags-current-label").display = shown

    def _error(self, message: str) -> None:
        self.query_one("#tag-error", Static).update(Text(message, style="bold red"))

    def _take_input(self) -> bool:
        """Move the typed tags into the list; False (with a message) when one is invalid."""
        field = self.query_one("#tag-input", Input)
        try:
            tags = parse_tags(field.value)
        except TagError as exc:
            self._error(str(exc))
            return False
        chosen = self.query_one("#tag-list", SelectionList)
        for tag in tags:
            if tag not in self.current and tag not in self.added:
                chosen.add_option((Text(printable(tag)), tag, True))  # data, not markup
            chosen.select(tag)
            if tag not in self.added and self.current.get(tag, 0) < self.count:
                self.added.append(tag)  # typed again: put it on every paper
        self._show_list()
        field.value = ""
        self._error("")
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.action_save()
        else:
            self._take_input()

    def action_save(self) -> None:
        if not self._take_input():
            return
        kept = set(self.query_one("#tag-list", SelectionList).selected)
        added = tuple(t for t in self.added if t in kept)
        # A tag only some of the selection carries is left alone unless taken off.
        removed = tuple(t for t in self.current if t not in kept)
        self.dismiss(TagChange(added, removed))

    def action_cancel(self) -> None:
        self.dismiss(None)
