"""``?``: every key and what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("/", "focus the search box"),
    ("Esc", "back to the result list / close a dialog"),
    ("j k ↑ ↓", "move"),
    ("g G", "first / last result"),
    ("Tab Shift+Tab", "next / previous pane"),
    ("Enter", "select a topic (in the tree)"),
    ("h l ← →", "collapse / expand a topic"),
    ("b", "bookmark or unbookmark the paper"),
    ("c", "copy the paper's BibTeX"),
    ("e", "export BibTeX (bookmarks, results or this paper)"),
    ("Backspace", "clear the topic filter (outside the search box)"),
    ("Ctrl+P", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close")]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, text in KEYS:
            table.add_row(key, text)
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc to close"
            yield Static(table)
