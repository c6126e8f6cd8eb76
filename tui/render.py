"""Pure functions that turn engine values into Rich ``Text`` for the widgets.

Listing text is always appended as plain text, never parsed as markup, so a title
containing ``[bold]`` shows literally.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rich.console import Console
from rich.text import Text

from ..index.display import counted, printable
from ..index.models import Paper
from ..index.search.searcher import SearchResult, match_spans, snippet
from ..index.store.personal import PaperState

BOOKMARK = "★"
GUTTER = "   "
TITLE_LINES = 2
#: Lines of text per result entry (the list adds a blank line after each).
ENTRY_LINES = 4
MATCH_STYLE = "bold underline"
PREVIEW_WIDTH = 150


@cache
def _console() -> Console:
    """A console only for measuring and wrapping text (nothing is printed)."""
    return Console(width=1000, color_system="truecolor", legacy_windows=False)


def highlighted(text: str, terms: Iterable[str], style: str = MATCH_STYLE,
                base: str = "") -> Text:
    """``text`` with every word matching ``terms`` styled."""
    out = Text(text, style=base)
    for start, end in match_spans(text, terms):
        out.stylize(style, start, end)
    return out


@dataclass(frozen=True, slots=True)
class EntryFlags:
    """What the result list marks on an entry besides its text."""

    bookmarked: bool = False
    selected: bool = False
    read: bool = False
    note: bool = False


def _fit(text: Text, width: int, max_lines: int) -> list[Text]:
    """Wrap ``text`` to ``width``; at most ``max_lines``, the last cut with an ellipsis."""
    lines = list(text.wrap(_console(), width))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        last.rstrip()
        last.truncate(max(1, width - 1))
        last.append("…", style=last.style)
    return lines


def entry_lines(paper: Paper, terms: Iterable[str], flags: EntryFlags, width: int,
                reason: str | None = None) -> list[Text]:
    """Exactly :data:`ENTRY_LINES` lines for one result: title (up to two lines, bold when
    unread), then a preview of the abstract around the first match (or ``reason``)."""
    terms = frozenset(terms)
    inner = max(8, width - len(GUTTER))
    title = highlighted(printable(paper.title), terms, base="" if flags.read else "bold")
    if flags.note:
        title.append(" ✎", style="italic")
    lines = _fit(title, inner, TITLE_LINES)
    lines += _fit(entry_detail(paper, terms, reason), inner, ENTRY_LINES - len(lines))
    lines += [Text()] * (ENTRY_LINES - len(lines))
    gutter = Text()
    gutter.append("✓" if flags.selected else " ", style="bold green")
    gutter.append(BOOKMARK if flags.bookmarked else " ", style="bold yellow")
    gutter.append(" ")
    out = []
    for number, line in enumerate(lines):
        row = gutter.copy() if number == 0 else Text(" " * len(GUTTER))
        row.append_text(line)
        out.append(row)
    return out


def entry_detail(paper: Paper, terms: Iterable[str], reason: str | None = None) -> Text:
    """The lines under a result's title: ``reason`` (related papers) or the abstract around
    its first match. Authors and year go here when the listing has them."""
    if reason:
        return Text(printable(reason), style="italic")
    if not paper.abstract:
        return Text()
    fragment, spans = snippet(printable(paper.abstract), frozenset(terms), PREVIEW_WIDTH * 2)
    preview = Text(fragment, style="dim")
    for start, end in spans:
        preview.stylize(MATCH_STYLE, start, end)
    return preview


def pack(tokens: Iterable[str], width: int, sep: str = "  ·  ") -> str:
    """``tokens`` joined by ``sep``, a new line instead where the next would not fit: a
    line only ever breaks between tokens, never inside one."""
    lines: list[str] = []
    for token in tokens:
        if lines and len(lines[-1]) + len(sep) + len(token) <= width:
            lines[-1] += sep + token
        else:
            lines.append(token)
    return "\n".join(lines)


def reader_meta(paper: Paper, bookmarked: bool, state: PaperState | None,
                width: int = 80) -> Text:
    """The reader's block under the title: where it was listed, then personal state.

    One token per fact, so new facts (authors, year, links) are one more token.
    """
    out = source_line(paper)
    status = [f"{BOOKMARK} bookmarked" if bookmarked else "not bookmarked"]
    if state is not None:
        status.append("read" if state.read else "unread")
        if state.citekey:
            status.append(f"key {printable(state.citekey)}")
    status.append(f"id {paper.id}")
    out.append("\n" + pack(status, width), style="dim")
    if state is not None and state.tags:
        out.append("\ntags: ", style="dim")
        out.append(pack([printable(t) for t in state.tags], max(8, width - 6), "  "),
                   style="bold")
    return out


def source_line(paper: Paper) -> Text:
    """``Mar 11 · page.txt:41`` for each place the paper was listed."""
    out = Text(style="dim")
    for number, source in enumerate(paper.sources):
        if number:
            out.append("\n")
        where = printable(f"{os.path.basename(source.file)}:{source.line}")
        out.append(f"{printable(source.date)} · {where}" if source.date else where)
    return out


def reader(paper: Paper, terms: Iterable[str], bookmarked: bool,
           state: PaperState | None = None, width: int = 80, hint: str = "") -> Text:
    """The reader pane: title, :func:`reader_meta`, the abstract with matches marked, the
    note, then ``hint`` (the reader's keys, from the actions table)."""
    terms = frozenset(terms)
    out = Text()
    out.append_text(highlighted(printable(paper.title), terms, base="bold"))
    out.append("\n\n")
    out.append_text(reader_meta(paper, bookmarked, state, width))
    out.append("\n\n")
    if paper.abstract:
        out.append_text(highlighted(printable(paper.abstract), terms))
    else:
        out.append("No abstract in the listing.", style="italic dim")
    if state is not None and state.note:
        out.append("\n\n✎ Note\n", style="bold")
        out.append(printable(state.note, keep_newlines=True))
    if hint:
        out.append("\n\n" + pack(hint.split("  "), width, "  "), style="dim")
    return out


def status(result: SearchResult | None) -> Text:
    """``12 hits · 4 ms · relevance · Mar 11``, led by a "did you mean" when there is one."""
    if result is None:
        return Text("searching…", style="dim")
    hits = counted(result.total, "hit")
    order = result.sort if result.query.strip() or result.sort != "relevance" else "listing"
    parts = [hits, f"{result.elapsed * 1000:.0f} ms", order]
    if result.filter.kind != "all":
        parts.append(printable(result.filter.label))
    out = Text()
    if result.suggestion:
        out.append("did you mean ", style="yellow")
        out.append(printable(result.suggestion), style="bold yellow")
        out.append("? Tab  ", style="yellow")
    elif result.hint:
        out.append(printable(result.hint) + "  ", style="yellow")
    out.append(" · ".join(parts), style="dim")
    return out


def topic_label(label: str, count: int | None, width: int = 24) -> Text:
    """A tree label cut to fit, with its count right-aligned; empty nodes dim."""
    number = "" if count is None else str(count)
    label = printable(label)
    room = max(4, width - len(number) - 1) if number else max(4, width)
    if len(label) > room:
        label = label[: room - 1] + "…"
    out = Text(label, style="dim" if count == 0 else "")
    if number:
        out.append(" " * max(1, width - len(label) - len(number)))
        out.append(number, style="dim")
    return out
