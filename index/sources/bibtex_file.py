"""BibTeX ``.bib`` files, read with ``bibtexparser`` one entry at a time.

The user's cite keys, entry types and fields are kept as written (for export); titles,
authors and abstracts are decoded from LaTeX (``MedS$^3$``, ``{\\"u}``) for display and search.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from . import Problem, Record
from .arxiv import abs_url, arxiv_id
from .text import bounded_lines, open_text

_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_NOT_ENTRIES = frozenset({"comment", "string", "preamble"})


@cache
def _latex() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def latex_to_text(text: str) -> str:
    """Plain Unicode for display and search: ``T{\\"u}lu`` -> ``Tülu``, ``$^3$`` -> ``^3``."""
    if not any(ch in text for ch in "\\{}$~"):
        return text
    try:
        return " ".join(_latex().latex_to_text(text).split())
    except Exception:  # pylatexenc is tolerant, but a bad macro must not lose the paper
        return " ".join(text.replace("{", "").replace("}", "").split())


def split_authors(field: str) -> list[str]:
    """BibTeX ``author`` field to "First Last" names (``and`` at brace depth 0 separates)."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for token in re.split(r"(\s+and\s+|[{}])", field):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append("".join(current))
            current = []
        elif token:
            current.append(token)
    names.append("".join(current))
    out = []
    for name in names:
        name = " ".join(name.split())
        if "," in name and not name.startswith("{"):
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        if name := latex_to_text(name):
            out.append(name)
    return out


def _chunks(path: Path, name: str, problems: list[Problem]) -> Iterator[tuple[int, str, str]]:
    """(line, entry type, text) for each ``@entry``: the lines up to the next ``@`` line."""
    with open_text(path) as handle:
        start, kind, lines = 0, "", []
        for number, line in enumerate(bounded_lines(handle, name, problems), start=1):
            match = _ENTRY_START.match(line)
            if match:
                if kind:
                    yield start, kind, "".join(lines)
                start, kind, lines = number, match.group(1).casefold(), []
            if kind:
                lines.append(line)
        if kind:
            yield start, kind, "".join(lines)


def parse_file(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Every entry of a .bib file as a record; a malformed entry is reported and skipped."""
    from bibtexparser.bparser import BibTexParser

    name = name or str(path)
    parser = BibTexParser(ignore_nonstandard_types=False, common_strings=True)
    parser.expect_multiple_parse = True  # one entry at a time; @string macros carry over
    problems: list[Problem] = []
    for line, kind, text in _chunks(path, name, problems):
        yield from problems
        problems.clear()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                database = parser.parse(text)
        except Exception as exc:  # pyparsing raises several kinds
            yield Problem(name, line, f"malformed BibTeX entry: {str(exc).splitlines()[0]}")
            continue
        entries = list(database.entries)
        database.entries.clear()
        if kind in _NOT_ENTRIES:
            continue
        if not entries:
            yield Problem(name, line, f"malformed BibTeX @{kind} entry; skipped")
            continue
        for entry in entries:
            yield entry_record(entry, name, line)
    yield from problems


def entry_record(entry: dict[str, str], file: str, line: int) -> Record | Problem:
    """One parsed entry (bibtexparser's dict: ``ID``, ``ENTRYTYPE`` and fields) as a record."""
    fields = {k: v for k, v in entry.items() if k not in ("ID", "ENTRYTYPE")}
    raw_title = " ".join(fields.get("title", "").split())
    title = latex_to_text(raw_title)
    if not title:
        return Problem(file, line, f"entry {entry.get('ID', '?')} has no title; skipped")
    extra: dict[str, Any] = {"bibkey": entry.get("ID", ""), "bibtype": entry.get("ENTRYTYPE", ""),
                             "bibfields": fields}
    if raw_title != title:
        extra["title_latex"] = raw_title
    if authors := split_authors(fields.get("author", "")):
        extra["authors"] = authors
    year = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    if year:
        extra["year"] = int(year.group())
    if doi := fields.get("doi", "").strip():
        extra["doi"] = doi
    if url := fields.get("url", "").strip():
        extra["url"] = url
    identifier = _arxiv_of(fields)
    if identifier:
        extra["arxiv_id"] = identifier
        extra.setdefault("url", abs_url(identifier))
    if primary := fields.get("primaryclass", "").strip():
        extra["primary_class"] = primary
    abstract = latex_to_text(" ".join(fields.get("abstract", "").split()))
    return Record(title, abstract, file, line, None, extra)


def _arxiv_of(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    if eprint and fields.get("archiveprefix", "arxiv").casefold() == "arxiv":
        return arxiv_id(eprint)
    for key in ("journal", "url", "note"):
        value = fields.get(key, "")
        if "arxiv" in value.casefold():
            return arxiv_id(value)
    return None
