"""The right pane: the selected paper's title, sources and abstract, matches marked.

``n`` / ``N`` step through the query's matches, scrolling each into view.
"""

from __future__ import annotations

from rich._wrap import divide_line
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...index.models import Paper
from ..actions import READER, bindings
from ..render import MATCH_STYLE

CURRENT_MATCH_STYLE = "reverse"


def line_of_offset(text: str, offset: int, width: int) -> int:
    """The wrapped line (0-based) that character ``offset`` of ``text`` lands on."""
    line = 0
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        breaks = divide_line(paragraph, max(1, width), fold=True)
        if offset <= end:
            return line + sum(1 for b in breaks if b <= offset - start)
        line += len(breaks) + 1
        start = end + 1
    return line


class AbstractView(VerticalScroll, can_focus=True):
    """A scrollable reader; ``show`` a paper's text or a message."""

    BINDINGS = [
        *bindings(READER),
        Binding("j", "scroll_down", "down", show=False),
        Binding("k", "scroll_up", "up", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.paper: Paper | None = None
        self._text = Text()
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1

    def compose(self) -> ComposeResult:
        yield Static(id="reader-text")

    def show(self, paper: Paper, text: Text) -> None:
        """Show ``text`` (rendered for ``paper``); its match-styled spans become stops."""
        same = self.paper is not None and self.paper.id == paper.id
        self.paper = paper
        self._text = text
        self.matches = sorted({(s.start, s.end) for s in text.spans if s.style == MATCH_STYLE})
        self.current_match = -1
        self.query_one("#reader-text", Static).update(text)
        if not same:
            self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.paper = None
        self.matches = []
        self.query_one("#reader-text", Static).update(Text(message, style="dim"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no matches to step through, n falls through to the app (n: note).
        if action in ("next_match", "previous_match"):
            return bool(self.matches)
        return True

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.matches:
            self.notify("No matches of the query in this paper", severity="information")
            return
        self.current_match = (self.current_match + delta) % len(self.matches)
        start, end = self.matches[self.current_match]
        text = self._text.copy()
        text.stylize(CURRENT_MATCH_STYLE, start, end)
        self.query_one("#reader-text", Static).update(text)
        width = self.query_one("#reader-text", Static).content_region.width or self.size.width
        line = line_of_offset(text.plain, start, width)
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 3),
                       animate=False)
