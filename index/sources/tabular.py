"""CSV files and JSON lists of papers, with title/abstract columns or keys.

Column and key names are matched case-insensitively against common spellings
(``Title``, ``paper_title``, ``Abstract``, ``summary``, ...). JSON may be an array of
objects, JSON lines, or an object holding such an array (``{"papers": [...]}``); arrays and
lines are streamed value by value.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from . import Problem, Record
from .arxiv import abs_url, arxiv_id
from .text import bounded_int, bounded_lines, no_constant, open_text

NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper title", "name", "paper"),
    "abstract": ("abstract", "summary", "description", "abstract text", "abstracttext"),
    "authors": ("authors", "author", "creators", "author names"),
    "year": ("year", "publication year", "pub year"),
    "date": ("date", "published", "publication date", "update date", "submitted"),
    "doi": ("doi",),
    "url": ("url", "link", "href"),
    "arxiv_id": ("arxiv id", "arxiv", "arxivid", "eprint", "id"),
    "categories": ("categories", "category", "subjects"),
}
#: One JSON value (a paper) may be at most this many characters: memory stays bounded.
MAX_VALUE = 8 << 20
_CHUNK = 1 << 16
_WS = re.compile(r"[ \t\r\n]*")


def _norm(key: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", key).casefold().split())


def column_for(keys: list[str], field: str) -> str | None:
    """The first of ``keys`` that names ``field`` (see :data:`NAMES`), or None."""
    normalized = {_norm(k): k for k in reversed(keys)}
    return next((normalized[n] for n in NAMES[field] if n in normalized), None)


def mapped_record(row: Mapping[str, Any], file: str, line: int) -> Record | Problem:
    """A record from a row or object with recognisable keys; no title makes a problem."""
    keys = [k for k in row if isinstance(k, str)]
    value = {f: row[c] for f in NAMES if (c := column_for(keys, f)) is not None}
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        return Problem(file, line, "no title; skipped")
    abstract = value.get("abstract")
    extra: dict[str, Any] = {}
    if authors := _names(value.get("authors")):
        extra["authors"] = authors
    date = str(value["date"]).strip()[:10] if value.get("date") else None
    year = re.search(r"\b(1[89]|20)\d\d\b", str(value.get("year") or date or ""))
    if year:
        extra["year"] = int(year.group())
    for key in ("doi", "url"):
        if isinstance(value.get(key), str) and value[key].strip():
            extra[key] = value[key].strip()
    if identifier := arxiv_id(str(value.get("arxiv_id") or "")):
        extra["arxiv_id"] = identifier
        extra.setdefault("url", abs_url(identifier))
    categories = value.get("categories")
    if isinstance(categories, str):
        categories = [c for c in re.split(r"[,;\s]+", categories) if c]
    if isinstance(categories, list) and categories:
        extra["categories"] = [str(c) for c in categories]
    return Record(title, abstract if isinstance(abstract, str) else "", file, line, date or None,
                  extra)


def _names(value: object) -> list[str]:
    if isinstance(value, list):
        out = [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
        return [" ".join(str(n).split()) for n in out if str(n).strip()]
    if isinstance(value, str) and value.strip():
        parts = re.split(r"\s*;\s*" if ";" in value else r"\s*,\s*|\s+and\s+", value)
        return [" ".join(p.split()) for p in parts if p.strip()]
    return []


# -- CSV ----------------------------------------------------------------------------


def parse_csv(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Rows of a CSV (or TSV, or ``;``-separated) file with a header row."""
    name = name or str(path)
    problems: list[Problem] = []
    with open_text(path) as handle:
        lines = bounded_lines(handle, name, problems)
        header_line = next(lines, "")
        delimiter = _delimiter(header_line, path)
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        if column_for(header, "title") is None:
            yield Problem(name, 1, "no title column in the header row "
                                   f"(expected one of: {', '.join(NAMES['title'])})")
            return
        reader = csv.reader(lines, delimiter=delimiter)
        line = 2
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Problem(name, line, f"bad CSV row: {exc}")
                line = reader.line_num + 2
                continue
            yield from problems
            problems.clear()
            if any(cell.strip() for cell in row):
                yield mapped_record(dict(zip(header, row, strict=False)), name, line)
            line = reader.line_num + 2
    yield from problems


def _delimiter(header: str, path: Path) -> str:
    for delimiter in (",", "\t", ";", "|"):
        cells = next(csv.reader([header], delimiter=delimiter), [])
        if column_for(cells, "title") is not None and len(cells) > 1:
            return delimiter
    return "\t" if path.suffix.lower() == ".tsv" else ","


# -- JSON ---------------------------------------------------------------------------


class _JsonError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_json(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Objects of a JSON array, JSON lines, or ``{"papers": [...]}``."""
    name = name or str(path)
    with open_text(path) as handle:
        try:
            for line, value in _json_values(handle):
                yield from _objects(value, name, line)
        except _JsonError as exc:
            yield Problem(name, exc.line, f"invalid JSON: {exc}")


def _objects(value: object, file: str, line: int) -> Iterator[Record | Problem]:
    if isinstance(value, dict):
        yield mapped_record(value, file, line)
    else:
        yield Problem(file, line, f"a JSON {type(value).__name__}, not an object; skipped")


def _json_values(handle: IO[str]) -> Iterator[tuple[int, Any]]:
    """(line, value) for each element of a top-level array, each top-level value (JSON
    lines), or each element of the list a top-level object wraps (``{"papers": [...]}``)."""
    reader = _JsonReader(handle)
    reader.skip_ws()
    if reader.peek() == "[":
        yield from _array_items(reader)
        reader.skip_ws()
        if reader.peek():
            raise _JsonError(reader.line, "extra data after the array")
        return
    while reader.peek():
        if reader.peek() == "{":
            yield from _object_or_wrapper(reader)
        else:
            yield reader.line, reader.value()
        reader.skip_ws()


def _array_items(reader: _JsonReader) -> Iterator[tuple[int, Any]]:
    reader.take()
    reader.skip_ws()
    if reader.peek() == "]":
        reader.take()
        return
    while True:
        reader.skip_ws()
        yield reader.line, reader.value()
        reader.skip_ws()
        char = reader.take()
        if char == "]":
            return
        if char != ",":
            raise _JsonError(reader.line, "expected ',' or ']' between array items")


def _object_or_wrapper(reader: _JsonReader) -> Iterator[tuple[int, Any]]:
    """A top-level object: one paper, or a wrapper whose list of objects is streamed."""
    line = reader.line
    reader.take()
    fields: dict[str, Any] = {}
    streamed = False
    titled = False
    reader.skip_ws()
    char = reader.take() if reader.peek() == "}" else ","
    while char != "}":
        reader.skip_ws()
        key = reader.value()
        reader.skip_ws()
        if not isinstance(key, str) or reader.take() != ":":
            raise _JsonError(reader.line, "expected a key and ':' in an object")
        reader.skip_ws()
        # Lists of objects under keys that name no paper field ("papers", "items"), every
        # one of them, unless the object is itself a paper (its title came first).
        titled = titled or column_for([key], "title") is not None
        wrapper = not titled and not any(column_for([key], f) for f in NAMES)
        if wrapper and reader.peek() == "[" and reader.array_of_objects():
            streamed = True
            yield from _array_items(reader)
        else:
            fields[key] = reader.value()
        reader.skip_ws()
        char = reader.take()
        if char not in ",}":
            raise _JsonError(reader.line, "expected ',' or '}' in an object")
    if not streamed:
        yield line, fields


class _JsonReader:
    """A window over a text stream that decodes one JSON value at a time."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.buf = ""
        self.pos = 0
        self.line = 1
        self.eof = False
        self.decoder = json.JSONDecoder(parse_int=bounded_int, parse_constant=no_constant)

    def _fill(self, want: int = _CHUNK) -> None:
        if self.pos > _CHUNK:
            self.buf, self.pos = self.buf[self.pos:], 0
        chunk = self.handle.read(max(want, _CHUNK))
        self.eof = not chunk
        self.buf += chunk

    def skip_ws(self) -> None:
        while True:
            end = _WS.match(self.buf, self.pos).end()
            self.line += self.buf.count("\n", self.pos, end)
            self.pos = end
            if self.pos < len(self.buf) or self.eof:
                return
            self._fill()

    def peek(self) -> str:
        if self.pos >= len(self.buf) and not self.eof:
            self._fill()
        return self.buf[self.pos:self.pos + 1]

    def array_of_objects(self) -> bool:
        """At a ``[``: is the first item an object? Reads ahead without consuming."""
        while True:
            match = _WS.match(self.buf, self.pos + 1)
            if match.end() < len(self.buf) or self.eof:
                return self.buf[match.end():match.end() + 1] == "{"
            self._fill()

    def take(self) -> str:
        char = self.peek()
        self.pos += len(char)
        return char

    def value(self) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise _JsonError(self.line, "nested too deeply") from None
            except json.JSONDecodeError as exc:
                # Only a value cut off by the end of the window is worth reading more for.
                cut_off = (exc.pos >= len(self.buf.rstrip())
                           or exc.msg.startswith("Unterminated string"))
                too_big = len(self.buf) - self.pos > MAX_VALUE
                if self.eof or not cut_off or too_big:
                    line = self.line + self.buf.count("\n", self.pos, exc.pos)
                    raise _JsonError(line, f"a single value over {MAX_VALUE >> 20} MB; use "
                                           "JSON lines" if too_big else exc.msg) from None
                self._fill(len(self.buf) - self.pos)
                continue
            if end == len(self.buf) and not self.eof:  # a number may continue in the next chunk
                self._fill()
                continue
            self.line += self.buf.count("\n", self.pos, end)
            self.pos = end
            return value
