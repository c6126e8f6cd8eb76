"""Hugging Face "Daily Papers" pages saved as text.

A page is a few header lines (``new``, ``Subscribe``, ``Daily Papers``, a date such as
``Mar 11``) and then, for each paper, a title block and an abstract block separated by
blank lines. Abstracts may be hard-wrapped over several lines.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import Problem, Record

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
DATE_LINE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?",
    re.IGNORECASE,
)
_SNIFF_BYTES = 8192


def is_header(line: str) -> bool:
    return line.casefold() in HEADER_LINES


def is_date(line: str) -> bool:
    return DATE_LINE.fullmatch(line) is not None


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


def parse_lines(lines: Iterable[str], file: str) -> Iterator[Record | Problem]:
    """Turn a page's lines into records; header lines anywhere are skipped."""
    date: str | None = None
    title: tuple[int, str] | None = None
    for start, block in _blocks(lines):
        # Header and date lines are single-line blocks in practice; strip them wherever
        # they sit so that two pages pasted into one file parse as one.
        body: list[str] = []
        for line in block:
            if is_header(line):
                continue
            if is_date(line):
                date = line
                continue
            body.append(line)
        if not body:
            continue
        text = " ".join(body)
        if title is None:
            title = (start, text)
            continue
        yield Record(title=title[1], abstract=text, file=file, line=title[0], date=date)
        title = None
    if title is not None:
        yield Problem(file, title[0], "title without an abstract")


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` when the whole file decodes as UTF-8, else ``cp1252``.

    Reads in chunks so that a huge file never sits in memory at once.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def parse_file(path: Path) -> Iterator[Record | Problem]:
    """Parse a saved page, reporting unreadable or empty files as problems."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        yield Problem(name, None, f"cannot read: {exc.strerror or exc}")
        return
    if b"\x00" in head:
        yield Problem(name, None, "binary file, not a text listing")
        return
    found = False
    try:
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, errors="replace", newline=None) as lines:
            for item in parse_lines(lines, name):
                found = found or isinstance(item, Record)
                yield item
    except OSError as exc:
        yield Problem(name, None, f"cannot read: {exc.strerror or exc}")
        return
    if not found:
        yield Problem(name, None, "no papers found")
