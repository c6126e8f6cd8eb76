"""Metadata fields in a query (``author:``, ``year:2020..2023``, ``date:mar`` ...): taken out
of the text and turned into Whoosh conditions that every hit must (or must not) meet.

Built here rather than by Whoosh's parser, which reads ``date:2023-12-14`` or
``doi:10.1/x-y`` as operators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query

from . import fields as meta
from .schema import name_analyzer, text_analyzer

#: What the user types -> the index field it searches.
FIELD_NAMES = {
    "author": "author", "authors": "author", "year": "year", "cat": "cat",
    "category": "cat", "venue": "venue", "id": "id", "arxiv": "arxiv", "doi": "doi",
    "type": "type", "has": "has", "source": "source", "date": "date"}
HAS_VALUES = ("pdf", "code", "doi", "arxiv", "authors")
_CONDITION = re.compile(r'(?:(?<=[\s(])|^)(-?)([A-Za-z]+):("[^"]*"|[^\s()"]+)')
_RANGE = re.compile(r"^(?:(>=|<=|>|<)(.+)|(.+?)\.\.(.*)|\.\.(.+))$")
_MONTH_NAMES = {name: i for i, name in enumerate(meta.MONTHS)}


class FieldValueError(ValueError):
    """A field's value the field cannot take (``year:soon``); the message is for the user."""


@dataclass(slots=True)
class Conditions:
    """What the metadata fields of a query require and exclude."""

    required: list[query.Query] = field(default_factory=list)
    excluded: list[query.Query] = field(default_factory=list)


def split_fields(text: str, masked: str) -> tuple[str, Conditions]:
    """Take metadata fields out of ``text`` (``masked`` is it with phrases blanked)."""
    found = Conditions()
    rest = list(text)
    for m in _CONDITION.finditer(masked):
        name = m.group(2).lower()
        if name not in FIELD_NAMES:
            continue
        value = text[m.start(3):m.end(3)].strip('"').strip()
        if not value:
            continue
        built = condition(name, value)
        (found.excluded if m.group(1) else found.required).append(built)
        rest[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(rest), found


def condition(name: str, value: str) -> query.Query:
    """The Whoosh query for ``name:value``; FieldValueError for a value it cannot take."""
    return _BUILDERS[FIELD_NAMES[name]](value)


def _words(value: str, fieldname: str, analyzer: Callable[..., object]) -> query.Query:
    words = [t.text for t in analyzer(value)]  # type: ignore[attr-defined]
    if not words:
        raise FieldValueError(f"nothing to search for in {fieldname}:{value}")
    if len(words) == 1:
        return query.Term(fieldname, words[0])
    return query.Phrase(fieldname, words)


def _author(value: str) -> query.Query:
    return _words(value, "author", name_analyzer())


def _venue(value: str) -> query.Query:
    return _words(value, "venue", text_analyzer())


def _value(fieldname: str) -> Callable[[str], query.Query]:
    return lambda value: query.Term(fieldname, value.lower())


def _has(value: str) -> query.Query:
    if value.lower() not in HAS_VALUES:
        raise FieldValueError(f"unknown has:{value}; use one of "
                              + ", ".join(f"has:{v}" for v in HAS_VALUES))
    return query.Term("has", value.lower())


def _id(value: str) -> query.Query:
    value = value.lower()
    return query.Or([query.Prefix("ident", value), query.Term("ident", meta.arxiv_key(value)),
                     query.Term("ident", meta.doi_key(value))])


def _source(value: str) -> query.Query:
    if "/" in value or "\\" in value:
        return query.Term("source", value)
    return query.Or([query.Term("source", value), query.Term("source", value.lower())])


def _bounds(value: str, parse: Callable[[str], tuple[int, int] | None],
            name: str) -> tuple[int | None, int | None] | None:
    """``a..b``, ``>=a``, ``<b`` ... as inclusive bounds; None when ``value`` is one value."""
    m = _RANGE.match(value.strip())
    if not m:
        return None
    if m.group(1):
        got = parse(m.group(2))
        if got is None:
            raise FieldValueError(f"cannot read {name}:{value}")
        op = m.group(1)
        if op == ">=":
            return got[0], None
        if op == ">":
            return got[1] + 1, None
        if op == "<=":
            return None, got[1]
        return None, got[0] - 1
    low, high = (m.group(3), m.group(4)) if m.group(3) is not None else ("", m.group(5))
    lo = parse(low) if low else None
    hi = parse(high) if high else None
    if (low and lo is None) or (high and hi is None) or (lo is None and hi is None):
        raise FieldValueError(f"cannot read {name}:{value}; write it like {name}:2020..2023")
    return (lo[0] if lo else None), (hi[1] if hi else None)


def _year_value(text: str) -> tuple[int, int] | None:
    text = text.strip()
    return (int(text), int(text)) if text.isdigit() and len(text) <= 4 else None


def _year(value: str) -> query.Query:
    bounds = _bounds(value, _year_value, "year")
    if bounds is None:
        single = _year_value(value)
        if single is None:
            raise FieldValueError(f"cannot read year:{value}; write year:2024, "
                                  "year:2020..2023 or year:>=2024")
        bounds = single
    return query.NumericRange("year", bounds[0], bounds[1])


def _date(value: str) -> query.Query:
    month = _MONTH_NAMES.get(value.lower()[:3]) if value.isalpha() else None
    if month is not None and len(value) >= 3:
        return query.Term("date", meta.MONTHS[month])
    bounds = meta.iso_bounds(value)
    if bounds is not None:
        return query.Term("date", _iso(value))
    ranged = _bounds(value, meta.iso_bounds, "date")
    if ranged is not None:
        return query.NumericRange("day", ranged[0], ranged[1])
    # A date line as the tree shows it ("Mar 11"), or as the page wrote it.
    return query.Term("date", value)


def _iso(value: str) -> str:
    return "-".join(f"{int(p):02d}" if i else p for i, p in enumerate(value.strip().split("-")))


_BUILDERS: dict[str, Callable[[str], query.Query]] = {
    "author": _author, "year": _year, "cat": _value("cat"), "venue": _venue, "id": _id,
    "arxiv": lambda v: query.Term("ident", meta.arxiv_key(v)),
    "doi": lambda v: query.Term("ident", meta.doi_key(v)),
    "type": _value("type"), "has": _has, "source": _source, "date": _date}
