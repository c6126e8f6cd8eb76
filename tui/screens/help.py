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
    ("Enter", "read the paper (in the list) / select a topic (in the tree)"),
    ("n N", "in the reader: next / previous match of the query"),
    ("↑ ↓", "in the search box: earlier / later queries"),
    ("Tab", "in the search box: take the \"did you mean\" suggestion"),
    ("r", "related papers, with the words they share"),
    ("s", "sort: relevance, title, date listed, date added"),
    ("Ctrl+S", "save the query; 1..9 run saved searches"),
    ("F2 `", "show / hide the topic tree on a narrow terminal"),
    ("h l ← →", "collapse / expand a topic"),
    ("b", "bookmark or unbookmark the paper (or the selection)"),
    ("t", "tags: add with completion, take off (paper or selection)"),
    ("n", "note on the paper (Ctrl+S saves); in the reader n steps through matches"),
    ("u", "mark read / unread (resting on a paper marks it read)"),
    ("Space v", "select the paper for bulk actions; Esc in the list clears"),
    ("c", "copy menu: BibTeX, \\cite{key}, reference, Markdown link, title"),
    ("y", "copy again in the last format"),
    ("K", "change the paper's cite key"),
    ("e", "export BibTeX, RIS, CSL-JSON or Markdown (selection, results, bookmarks, paper)"),
    ("Backspace", "clear the topic filter, or leave related papers (outside the search box)"),
    ("a", "add files or folders to the library"),
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
