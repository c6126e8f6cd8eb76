"""The Whoosh schema and the analyzers shared by indexing, queries and highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.support.charset import accent_map

from .acronyms import definitions

if TYPE_CHECKING:
    from .models import Paper

TITLE_BOOST = 2.5
#: Bump when the schema or an analyzer changes: a library whose index was written with
#: another version is rebuilt (see ``Library.is_consistent``).
SCHEMA_VERSION = 3
SCHEMA_FILE = "SCHEMA"

_WORD = re.compile(r"\w+(?:\.?\w+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_COMPOUND = re.compile(r"\w+(?:[-\u2010\u2011]\w+)+|\w+(?:\.?\w+)*")


class CompoundTokenizer(Tokenizer):
    """Words as Whoosh's default tokenizer finds them; ``model-based`` also yields the
    joined ``modelbased`` (at the first part's position) when indexing, so the hyphenated,
    spaced and joined spellings all meet."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in _COMPOUND.finditer(value):
            whole = match.group(0)
            parts = list(_WORD.finditer(whole)) if _HYPHEN.search(whole) else []
            if len(parts) < 2:
                yield _fill(t, whole, pos, start_char + match.start(), keeporiginal)
                pos += 1
                continue
            if mode != "query":
                joined = "".join(p.group(0) for p in parts)
                yield _fill(t, joined, pos, start_char + match.start(), keeporiginal,
                            start_char + match.end())
            for part in parts:
                yield _fill(t, part.group(0), pos, start_char + match.start() + part.start(),
                            keeporiginal)
                pos += 1


def _fill(t: Token, text: str, pos: int, start: int, keeporiginal: bool,
          end: int | None = None) -> Token:
    t.text = text
    t.boost = 1.0
    t.stopped = False
    if keeporiginal:
        t.original = text
    t.pos = pos
    t.startchar = start
    t.endchar = start + len(text) if end is None else end
    return t


@cache
def text_analyzer() -> Analyzer:
    """Words, lowercased, accents folded (``TÜLU`` -> ``tulu``), stop words out, stemmed;
    hyphenated compounds also as one joined word."""
    return (CompoundTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
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
        # Derived fields: acronym definitions and sort keys.
        acronym=fields.TEXT(analyzer=_line_values(), phrase=False),
        title_key=fields.ID(sortable=True),
        listed=fields.NUMERIC(int, bits=64, sortable=True),
        added=fields.NUMERIC(float, sortable=True),
    )


def derived_fields(paper: Paper) -> dict[str, Any]:
    """The index-only fields computed from a paper (merged into its Whoosh document)."""
    text = f"{paper.title}\n{paper.abstract}"
    return {
        "acronym": "\n".join(f"{short}\t{long}" for short, long in definitions(text)),
        "title_key": sort_title(paper.title),
        "listed": listed_key(paper),
        "added": float(paper.added),
    }


def sort_title(title: str) -> str:
    """Case- and accent-insensitive title order, leading punctuation ignored."""
    from .models import normalize_title

    return normalize_title(title) or title.casefold()


_DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d", "%B %d", "%b. %d", "%Y-%m-%d")


def listed_key(paper: Paper) -> int:
    """The latest listing date as ``YYYYMMDD`` (year from metadata or 0); 0 when unknown."""
    best = 0
    for raw in paper.dates:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(raw.strip(), fmt)
            except ValueError:
                continue
            year = parsed.year if "%Y" in fmt else (paper.year or 0)
            best = max(best, year * 10000 + parsed.month * 100 + parsed.day)
            break
    return best
