"""The Whoosh schema and the analyzer shared by indexing, queries and highlighting."""

from __future__ import annotations

from functools import cache

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

TITLE_BOOST = 2.5


@cache
def text_analyzer() -> Analyzer:
    """Words, lowercased, accents folded (``TÜLU`` -> ``tulu``), stop words out, stemmed."""
    return (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter() | StemFilter(cachesize=50000))


def _line_values() -> Analyzer:
    # One token per line, verbatim, so file paths with spaces or commas stay whole.
    return RegexTokenizer(r"[^\n]+")


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text_analyzer(), field_boost=TITLE_BOOST),
        abstract=fields.TEXT(analyzer=text_analyzer()),
        source=fields.TEXT(analyzer=_line_values(), phrase=False),
        date=fields.TEXT(analyzer=_line_values(), phrase=False),
    )
