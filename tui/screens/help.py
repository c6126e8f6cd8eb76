"""``?``: every key and what it does, grouped, in as many columns as the terminal fits."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import help_rows

#: Columns of one group: keys, then what they do.
COLUMN_WIDTH = 56


def help_table(width: int, keymap: Mapping[str, str] | None = None) -> Table:
    """The groups of :func:`help_rows` side by side, as many as ``width`` holds."""
    groups = list(help_rows(keymap).items())
    columns = max(1, min(len(groups), width // COLUMN_WIDTH))
    grid = Table.grid(padding=(0, 3), expand=True)
    for _ in range(columns):
        grid.add_column(ratio=1)
    stacks: list[list[Table]] = [[] for _ in range(columns)]
    heights = [0] * columns
    for name, rows in groups:
        shortest = heights.index(min(heights))
        stacks[shortest].append(_group(name, rows))
        heights[shortest] += len(rows) + 2
    grid.add_row(*(Group(*stack) for stack in stacks))
    return grid


def _group(name: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), title=Text(name, style="bold"),
                  title_justify="left", expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for keys, text in rows:
        table.add_row(keys, text)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close")]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc to close"
            yield Static(id="help-text")

    def on_resize(self) -> None:
        width = self.query_one("#help-box").content_region.width or self.size.width
        self.query_one("#help-text", Static).update(help_table(width, self.keymap))
