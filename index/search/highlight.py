"""Highlights: where the query's words (and their expansions) appear in a paper."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..models import Paper
from .schema import text_analyzer


@dataclass(frozen=True, slots=True)
class Fragment:
    """Part of a paper's title or abstract with the matched words' character spans."""

    field: str
    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, start: str = "**", end: str = "**") -> str:
        """The text with each run of matched words wrapped in ``start``/``end``."""
        out, at = [], 0
        for a, b in merge_spans(self.text, self.spans):
            out += [self.text[at:a], start, self.text[a:b], end]
            at = b
        out.append(self.text[at:])
        return "".join(out)

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "text": self.text,
                "spans": [list(s) for s in self.spans], "marked": self.marked()}


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` whose analyzed form is one of ``terms``."""
    return list(_spans(text, terms))


def _spans(text: str, terms: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Matching spans in order of their start, found as they are needed."""
    wanted = terms if isinstance(terms, (set, frozenset)) else set(terms)
    if not wanted or not text:
        return iter(())
    return ((a, b) for term, a, b in text_analyzer().term_spans(text) if term in wanted)


def snippet(text: str, terms: Iterable[str], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around its first match (or its start), with match spans in it."""
    if len(text) <= width:
        return text, match_spans(text, terms)
    # Only the text up to the window's end is analyzed.
    found = _spans(text, terms)
    first = next(found, None)
    start = 0
    if first is not None:
        start = max(0, first[0] - width // 4)
        space = text.rfind(" ", 0, start)
        start = 0 if space < 0 or start == 0 else space + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    offset = len(prefix) - start
    spans = itertools.takewhile(lambda span: span[0] < end,
                                itertools.chain([first] if first else [], found))
    inside = [(a + offset, b + offset) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, inside


def merge_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined when only whitespace separates them (``**tree search**``)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and (a <= merged[-1][1] or text[merged[-1][1]:a].isspace()):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def highlight(paper: Paper, terms: Iterable[str], width: int = 160) -> tuple[Fragment, ...]:
    """The title when it matched, then an abstract snippet around the first match."""
    terms = frozenset(terms)
    out = []
    title_spans = match_spans(paper.title, terms)
    if title_spans:
        out.append(Fragment("title", paper.title, tuple(title_spans)))
    if paper.abstract:
        text, spans = snippet(paper.abstract, terms, width)
        out.append(Fragment("abstract", text, tuple(spans)))
    return tuple(out)
