"""arXiv: Atom feeds from the arXiv API and the JSON-lines metadata snapshot.

Both keep the arXiv id (without its version, so v1 and v2 are one paper), authors,
categories, the first-version date and a DOI when there is one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from . import Problem, Record
from .text import MAX_LINE, bounded_int, bounded_lines, no_constant, open_text

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ID = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:)?"
                 r"(?P<id>[a-z][a-z.\-]*/\d{7}|\d{4}\.\d{4,5})(?:v(?P<version>\d+))?",
                 re.IGNORECASE)


def arxiv_id(text: str) -> str | None:
    """``2401.01234`` from ``http://arxiv.org/abs/2401.01234v2`` (or the bare id)."""
    match = _ID.search(text.strip())
    return match.group("id") if match else None


def abs_url(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


# -- Atom ---------------------------------------------------------------------------


def parse_atom(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Entries of an arXiv API Atom feed, streamed; each record's line is its ``<entry>``."""
    name = name or str(path)
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    root: ElementTree.Element | None = None
    starts: list[int] = []
    with path.open("rb") as handle:
        number = 1
        next_number = 1
        while line := handle.readline(MAX_LINE):
            number = next_number
            next_number += line.endswith(b"\n")
            try:
                parser.feed(line)
                events = list(parser.read_events())
            except ElementTree.ParseError as exc:
                yield Problem(name, number, f"invalid XML: {_xml_reason(exc)}")
                return
            for event, elem in events:
                if root is None:
                    root = elem
                if elem.tag != f"{ATOM}entry":
                    continue
                if event == "start":
                    starts.append(number)
                    continue
                yield _atom_entry(elem, name, starts.pop() if starts else number)
                elem.clear()
                if elem in root:
                    root.remove(elem)
        try:
            parser.close()
        except ElementTree.ParseError as exc:
            yield Problem(name, number, f"invalid XML: {_xml_reason(exc)}")


def _xml_reason(exc: ElementTree.ParseError) -> str:
    return str(exc).split(":")[0]


def _atom_entry(entry: ElementTree.Element, file: str, line: int) -> Record | Problem:
    def text(tag: str) -> str:
        found = entry.find(tag)
        return (found.text or "").strip() if found is not None else ""

    raw_id = text(f"{ATOM}id")
    title = text(f"{ATOM}title")
    if "/api/errors" in raw_id:
        return Problem(file, line, f"arXiv API error: {text(f'{ATOM}summary') or title}")
    if not title:
        return Problem(file, line, "entry without a title; skipped")
    extra: dict[str, Any] = {}
    authors = [(a.findtext(f"{ATOM}name") or "").strip() for a in entry.findall(f"{ATOM}author")]
    if any(authors):
        extra["authors"] = [a for a in authors if a]
    published = text(f"{ATOM}published") or text(f"{ATOM}updated")
    if published[:4].isdigit():
        extra["year"] = int(published[:4])
    identifier = arxiv_id(raw_id)
    if identifier:
        extra["arxiv_id"] = identifier
        extra["url"] = abs_url(identifier)
    if doi := text(f"{ARXIV}doi"):
        extra["doi"] = doi
    categories = [c.get("term", "") for c in entry.findall(f"{ATOM}category")]
    if categories := [c for c in categories if c]:
        extra["categories"] = categories
    primary = entry.find(f"{ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        extra["primary_class"] = primary.get("term")
    return Record(title, text(f"{ATOM}summary"), file, line, published[:10] or None, extra)


# -- JSON lines snapshot ------------------------------------------------------------


def parse_jsonl(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """The arXiv metadata snapshot: one JSON object a line."""
    name = name or str(path)
    problems: list[Problem] = []
    with open_text(path) as handle:
        for number, line in enumerate(bounded_lines(handle, name, problems), start=1):
            yield from problems
            problems.clear()
            if not line.strip():
                continue
            try:
                obj = json.loads(line, parse_int=bounded_int, parse_constant=no_constant)
            except RecursionError:
                yield Problem(name, number, "invalid JSON: nested too deeply")
                continue
            except ValueError as exc:
                yield Problem(name, number, f"invalid JSON: {exc.args[0].split(':')[0]}")
                continue
            if not isinstance(obj, dict):
                yield Problem(name, number, "not a JSON object; skipped")
                continue
            yield snapshot_record(obj, name, number)
    yield from problems


def snapshot_record(obj: Mapping[str, Any], file: str, line: int) -> Record | Problem:
    """One snapshot object (``id``, ``title``, ``abstract``, ``authors``, ...) as a record."""
    title = obj.get("title")
    if not isinstance(title, str) or not title.strip():
        return Problem(file, line, "entry without a title; skipped")
    abstract = obj.get("abstract")
    extra: dict[str, Any] = {}
    identifier = arxiv_id(str(obj.get("id") or ""))
    if identifier:
        extra["arxiv_id"] = identifier
        extra["url"] = abs_url(identifier)
    if authors := _snapshot_authors(obj):
        extra["authors"] = authors
    categories = obj.get("categories")
    if isinstance(categories, str):
        categories = categories.split()
    if isinstance(categories, list) and categories:
        extra["categories"] = [str(c) for c in categories]
        extra["primary_class"] = str(categories[0])
    if isinstance(obj.get("doi"), str) and obj["doi"].strip():
        extra["doi"] = obj["doi"].strip()
    date = _first_version_date(obj.get("versions")) or _iso(obj.get("update_date"))
    if date:
        extra["year"] = int(date[:4])
    return Record(title, abstract if isinstance(abstract, str) else "", file, line, date, extra)


def _snapshot_authors(obj: Mapping[str, Any]) -> list[str]:
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first = str(parts[0]), str(parts[1]) if len(parts) > 1 else ""
                names.append(" ".join(p for p in (first, last) if p).strip())
        return [n for n in names if n]
    authors = obj.get("authors")
    if isinstance(authors, list):
        return [str(a).strip() for a in authors if str(a).strip()]
    if isinstance(authors, str):
        from .bibtex_file import latex_to_text

        text = latex_to_text(" ".join(authors.split()))
        return [a.strip() for a in re.split(r",\s*|\s+and\s+", text) if a.strip()]
    return []


def _first_version_date(versions: object) -> str | None:
    if not isinstance(versions, list) or not versions:
        return None
    first = versions[0]
    created = first.get("created") if isinstance(first, dict) else None
    if not isinstance(created, str):
        return None
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError):
        return _iso(created)


def _iso(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).date().isoformat()
    except ValueError:
        return None
