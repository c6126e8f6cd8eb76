"""OAI-PMH ``ListRecords`` responses: arXiv's own ``arXiv`` metadata and Dublin Core.

Streamed record by record; elements are matched by their local name, because saved
harvests often lose a namespace declaration (the ``<arXiv>`` element then sits in the
OAI namespace). A prefix left without its declaration (``<dc:title>`` with no
``xmlns:dc``) is read by dropping the prefixes. The ``resumptionToken`` is ignored: a
file is one page of a harvest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from . import Problem, Record
from .arxiv import abs_url, arxiv_id
from .text import MAX_LINE

#: ``<dc:title`` or ``</dc:title`` -> ``<title``; `` xsi:type=`` -> `` type=``.
_TAG_PREFIX = re.compile(r"(</?)[A-Za-z_][\w.\-]*:(?=[A-Za-z_])")
_ATTR_PREFIX = re.compile(r"(\s)(?!xmlns)[A-Za-z_][\w.\-]*:(?=[A-Za-z_][\w.\-]*\s*=)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def local(tag: str) -> str:
    """``{http://www.openarchives.org/OAI/2.0/}title`` -> ``title``."""
    return tag.rsplit("}", 1)[-1]


def parse_file(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """The records of one ``ListRecords`` response; each record's line is its ``<record>``."""
    name = name or str(path)
    done = 0
    for strip in (False, True):
        outcome: list[str] = []
        for n, item in enumerate(_parse(path, name, strip, outcome)):
            if n >= done:  # a second pass skips what the first already gave
                done += 1
                yield item
        if outcome != ["unbound prefix"] or strip:
            return


def _parse(path: Path, name: str, strip: bool, outcome: list[str]
           ) -> Iterator[Record | Problem]:
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    stack: list[ElementTree.Element] = []
    start_line = 0
    with path.open("rb") as handle:
        number = next_number = 1
        while line := handle.readline(MAX_LINE):
            number = next_number
            next_number += line.endswith(b"\n")
            try:
                parser.feed(_unprefixed(line) if strip else line)
                events = list(parser.read_events())
            except ElementTree.ParseError as exc:
                yield from _broken(exc, name, number, outcome)
                return
            for event, elem in events:
                if event == "start":
                    stack.append(elem)
                    start_line = number if local(elem.tag) == "record" else start_line
                    continue
                stack.pop()
                found = _finished(elem, stack, name, start_line)
                if found is not None:
                    yield found
        try:
            parser.close()
        except ElementTree.ParseError as exc:
            yield from _broken(exc, name, number, outcome)


def _broken(exc: ElementTree.ParseError, name: str, number: int,
            outcome: list[str]) -> Iterator[Problem]:
    reason = str(exc).split(":")[0]
    outcome.append(reason)
    if reason != "unbound prefix":
        yield Problem(name, number, f"invalid XML: {reason}")


def _unprefixed(line: bytes) -> bytes:
    text = line.decode("utf-8", errors="replace")
    return _ATTR_PREFIX.sub(r"\1", _TAG_PREFIX.sub(r"\1", text)).encode("utf-8")


def _finished(elem: ElementTree.Element, stack: list[ElementTree.Element], name: str,
              line: int) -> Record | Problem | None:
    """A record or problem for a closed ``<record>`` or ``<error>``; frees what it held."""
    tag = local(elem.tag)
    if tag == "error" and stack and local(stack[-1].tag) == "OAI-PMH":
        code = elem.get("code") or "error"
        return Problem(name, line or None, f"OAI-PMH {code}: {' '.join((elem.text or '').split())}")
    if tag != "record":
        return None
    try:
        return record_of(elem, name, line)
    finally:
        elem.clear()
        if stack and elem in stack[-1]:
            stack[-1].remove(elem)


def record_of(record: ElementTree.Element, file: str, line: int) -> Record | Problem:
    """One ``<record>`` as a paper, from whichever metadata format it carries."""
    header = _child(record, "header")
    if header is not None and header.get("status") == "deleted":
        return Problem(file, line, "deleted record; skipped", warning=True)
    metadata = _child(record, "metadata")
    body = metadata[0] if metadata is not None and len(metadata) else None
    if body is None:
        return Problem(file, line, "record without metadata; skipped")
    if local(body.tag) == "arXiv":
        return _arxiv(body, file, line)
    if local(body.tag) == "dc":
        return _dublin_core(body, header, file, line)
    return Problem(file, line, f"metadata format <{local(body.tag)}> not supported; skipped")


def _child(elem: ElementTree.Element, tag: str) -> ElementTree.Element | None:
    return next((c for c in elem if local(c.tag) == tag), None)


def _texts(elem: ElementTree.Element, tag: str) -> list[str]:
    """The whitespace-collapsed text of each direct child named ``tag``."""
    return [t for c in elem if local(c.tag) == tag if (t := " ".join((c.text or "").split()))]


def _text(elem: ElementTree.Element, tag: str) -> str:
    found = _texts(elem, tag)
    return found[0] if found else ""


# -- arXiv metadata --------------------------------------------------------------------

def _arxiv(meta: ElementTree.Element, file: str, line: int) -> Record | Problem:
    title = _text(meta, "title")
    if not title:
        return Problem(file, line, "record without a title; skipped")
    extra: dict[str, Any] = {}
    parts = _arxiv_authors(meta)
    if parts:
        extra["author_parts"] = parts
        extra["authors"] = [_display(p) for p in parts]
    _identify(extra, arxiv_id(_text(meta, "id")))
    if categories := _text(meta, "categories").split():
        extra["categories"] = categories
        extra["primary_class"] = categories[0]
    _put(extra, "doi", _text(meta, "doi"))
    _put(extra, "journal", _text(meta, "journal-ref"))
    published = _date(_text(meta, "created"))
    _dated(extra, published)
    return Record(title, _text(meta, "abstract"), file, line, published, extra)


def _arxiv_authors(meta: ElementTree.Element) -> list[list[str]]:
    authors = _child(meta, "authors")
    if authors is None:
        return []
    out = []
    for author in authors:
        if local(author.tag) != "author":
            continue
        family, given = _text(author, "keyname"), _text(author, "forenames")
        if family or given:
            out.append([family, given, _text(author, "suffix")])
    return out


def _display(parts: list[str]) -> str:
    family, given, suffix = parts
    return " ".join(p for p in (given, family, suffix) if p)


# -- Dublin Core -----------------------------------------------------------------------

def _dublin_core(meta: ElementTree.Element, header: ElementTree.Element | None, file: str,
                 line: int) -> Record | Problem:
    title = _text(meta, "title")
    if not title:
        return Problem(file, line, "record without a title; skipped")
    extra: dict[str, Any] = {}
    parts = [_creator(c) for c in _texts(meta, "creator")]
    if parts:
        extra["author_parts"] = parts
        extra["authors"] = [_display(p) for p in parts]
    identifiers = _texts(meta, "identifier")
    own = _text(header, "identifier") if header is not None else ""
    _identify(extra, next((i for i in map(arxiv_id, [*identifiers, own]) if i), None))
    for identifier in identifiers:
        if doi := _doi(identifier):
            extra.setdefault("doi", doi)
        elif identifier.startswith(("http://", "https://")):
            extra.setdefault("url", identifier)
    if subjects := _texts(meta, "subject"):
        extra["categories"] = subjects
    dates = sorted(d for d in map(_date, _texts(meta, "date")) if d)
    published = dates[0] if dates else None
    _dated(extra, published)
    abstract = next(iter(_texts(meta, "description")), "")
    return Record(title, abstract, file, line, published, extra)


def _creator(name: str) -> list[str]:
    """``Lovelace, Ada`` -> [family, given, suffix]; ``Ada Lovelace`` -> the last word family."""
    if "," in name:
        family, _, given = name.partition(",")
        given, _, suffix = given.partition(",")
        return [family.strip(), given.strip(), suffix.strip()]
    words = name.split()
    return [words[-1], " ".join(words[:-1]), ""]


def _doi(identifier: str) -> str | None:
    low = identifier.lower()
    for prefix in ("doi:", "https://doi.org/", "http://dx.doi.org/", "http://doi.org/"):
        if low.startswith(prefix):
            return identifier[len(prefix):].strip() or None
    return identifier if low.startswith("10.") and "/" in low else None


# -- shared ----------------------------------------------------------------------------

def _identify(extra: dict[str, Any], identifier: str | None) -> None:
    if identifier:
        extra["arxiv_id"] = identifier
        extra["url"] = abs_url(identifier)
        extra["pdf_url"] = f"https://arxiv.org/pdf/{identifier}"


def _put(extra: dict[str, Any], key: str, value: str) -> None:
    if value:
        extra[key] = value


def _date(text: str) -> str | None:
    match = _DATE.match(text.strip())
    return match.group(0) if match else None


def _dated(extra: dict[str, Any], published: str | None) -> None:
    if published:
        extra["published"] = published
        extra["year"] = int(published[:4])
