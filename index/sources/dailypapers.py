"""Hugging Face "Daily Papers" pages saved as text.

A page is a few header lines (``new``, ``Subscribe``, ``Daily Papers``, a date such as
``Mar 11``) and then, for each paper, a title block and an abstract block separated by
blank lines. Abstracts may be hard-wrapped over several lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import Problem, Record
from .text import bounded_lines, detect_encoding, open_text

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "by ak and the research community",
    }
)
DATE_LINE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?",
    re.IGNORECASE,
)
#: A block longer than this is an abstract, whatever its punctuation.
TITLE_MAX = 300
SENTENCE_END = re.compile(r"[.!。][\"')\]]*$")
SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?] [A-Z]")

__all__ = ["detect_encoding", "looks_like_abstract", "parse_file", "parse_lines"]


def is_header(line: str) -> bool:
    return line.casefold() in HEADER_LINES


def is_date(line: str) -> bool:
    return DATE_LINE.fullmatch(line) is not None


def looks_like_abstract(text: str) -> bool:
    """Prose rather than a title: it ends a sentence, is long, holds a link or several
    sentences.

    Titles are short and almost never end with a full stop; abstracts almost always do,
    and a truncated one is long. This is what keeps pairs right when an abstract is missing.
    """
    if len(text) > TITLE_MAX or SENTENCE_END.search(text) or "://" in text:
        return True  # "... Code is at https://github.com/x/y" ends with no full stop
    words = len(text.split())
    return words >= 30 or (words >= 15 and SENTENCE_BREAK.search(text) is not None)


class _Block(NamedTuple):
    line: int
    text: str
    date: str | None


def _blocks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Group stripped non-blank lines into blank-separated blocks with their first line number."""
    block: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if block:
                yield start, block
                block = []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def _content_blocks(lines: Iterable[str]) -> Iterator[_Block]:
    """Blocks with header and date lines removed, each with the page date in force."""
    date: str | None = None
    for start, block in _blocks(lines):
        # Header and date lines are single-line blocks in practice; strip them wherever
        # they sit so that two pages pasted into one file parse as one.
        body: list[tuple[int, str]] = []
        for offset, line in enumerate(block):
            if is_header(line):
                continue
            if is_date(line):
                date = line
                continue
            body.append((start + offset, line))
        if body:
            yield _Block(body[0][0], " ".join(text for _, text in body), date)


def parse_lines(lines: Iterable[str], file: str) -> Iterator[Record | Problem]:
    """Turn a page's lines into records, pairing each title with the abstract after it.

    A title followed directly by another title (the next block is prose again) lost its
    abstract: it is kept with an empty one and a warning, and the pairs after it stay right.
    """
    pending: _Block | None = None
    blocks = _content_blocks(lines)
    current = next(blocks, None)
    while current is not None:
        following = next(blocks, None)
        prose = looks_like_abstract(current.text)
        if pending is None:
            if prose and (following is None or not looks_like_abstract(following.text)):
                yield Problem(file, current.line, "text without a title; skipped")
            else:
                pending = current
        elif prose:
            yield Record(pending.text, current.text, file, pending.line, pending.date)
            pending = None
        else:
            yield from _without_abstract(pending, file)
            pending = current
        current = following
    if pending is not None:
        yield from _without_abstract(pending, file)


def _without_abstract(block: _Block, file: str) -> Iterator[Record | Problem]:
    yield Problem(file, block.line, "title without an abstract; kept with an empty abstract",
                  warning=True)
    yield Record(block.text, "", file, block.line, block.date)


def parse_file(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Parse a saved page; lines are streamed, an overlong one is skipped and reported."""
    name = name or str(path)
    problems: list[Problem] = []
    with open_text(path) as handle:
        for item in parse_lines(bounded_lines(handle, name, problems), name):
            yield from _drain(problems)
            yield item
    yield from _drain(problems)


def _drain(problems: list[Problem]) -> Iterator[Problem]:
    while problems:
        yield problems.pop(0)
