"""Pure functions that turn engine values into Rich ``Text`` for the widgets.

Listing text is always appended as plain text, never parsed as markup, so a title
containing ``[bold]`` shows literally.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from ..index.models import Paper
from ..index.search import SearchResult, match_spans, snippet

BOOKMARK = "★"
MATCH_STYLE = "bold underline"
PREVIEW_WIDTH = 150


def highlighted(text: str, terms: Iterable[str], style: str = MATCH_STYLE,
                base: str = "") -> Text:
    """``text`` with every word matching ``terms`` styled."""
    out = Text(text, style=base)
    for start, end in match_spans(text, terms):
        out.stylize(style, start, end)
    return out


def result_text(paper: Paper, terms: Iterable[str]) -> Text:
    """The title, then a short preview of the abstract around the first match."""
    terms = frozenset(terms)
    out = highlighted(paper.title, terms, base="bold")
    if paper.abstract:
        fragment, spans = snippet(paper.abstract, terms, PREVIEW_WIDTH)
        preview = Text(fragment, style="dim")
        for start, end in spans:
            preview.stylize(MATCH_STYLE, start, end)
        out.append("\n")
        out.append_text(preview)
    return out


def result_item(paper: Paper, terms: Iterable[str], bookmarked: bool) -> Table:
    """A list entry: the bookmark mark in a gutter, wrapped text indented beside it."""
    grid = Table.grid(expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{BOOKMARK} " if bookmarked else "  ", style="bold yellow"),
                 result_text(paper, terms))
    grid.add_row("", "")  # a blank line between papers
    return grid


def source_line(paper: Paper) -> Text:
    """``Mar 11 · page.txt:41`` for each place the paper was listed."""
    out = Text(style="dim")
    for number, source in enumerate(paper.sources):
        if number:
            out.append("\n")
        where = f"{os.path.basename(source.file)}:{source.line}"
        out.append(f"{source.date} · {where}" if source.date else where)
    return out


def reader(paper: Paper, terms: Iterable[str], bookmarked: bool) -> Text:
    """The reader pane: title, where it was listed, then the abstract with matches marked."""
    terms = frozenset(terms)
    out = Text()
    out.append_text(highlighted(paper.title, terms, base="bold"))
    out.append("\n\n")
    out.append_text(source_line(paper))
    status = [f"{BOOKMARK} bookmarked" if bookmarked else "not bookmarked", f"id {paper.id}"]
    out.append("\n" + "  ·  ".join(status), style="dim")
    out.append("\n\n")
    if paper.abstract:
        out.append_text(highlighted(paper.abstract, terms))
    else:
        out.append("No abstract in the listing.", style="italic dim")
    out.append("\n\nb bookmark   c copy BibTeX   e export", style="dim")
    return out


def status(result: SearchResult | None, sort: str = "relevance") -> Text:
    """``12 hits · 4 ms · relevance · Mar 11`` for the status line."""
    if result is None:
        return Text("searching…", style="dim")
    hits = "1 hit" if result.total == 1 else f"{result.total} hits"
    parts = [hits, f"{result.elapsed * 1000:.0f} ms", sort if result.query.strip() else "listing"]
    if result.filter.kind != "all":
        parts.append(result.filter.label)
    return Text(" · ".join(parts), style="dim")


def topic_label(label: str, count: int | None, width: int = 24) -> Text:
    """A tree label cut to fit, with its count right-aligned; empty nodes dim."""
    number = "" if count is None else str(count)
    room = max(4, width - len(number) - 1) if number else max(4, width)
    if len(label) > room:
        label = label[: room - 1] + "…"
    out = Text(label, style="dim" if count == 0 else "")
    if number:
        out.append(" " * max(1, width - len(label) - len(number)))
        out.append(number, style="dim")
    return out
