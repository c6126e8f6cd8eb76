"""The Whoosh schema and the analyzers shared by indexing, queries and highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from whoosh import fields, formats
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
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from . import fields as meta
from .acronyms import definitions

if TYPE_CHECKING:
    from ..models import Paper

TITLE_BOOST = 2.5
#: Bump when the schema or an analyzer changes: a library whose index was written with
#: another version is rebuilt (see ``Library.is_consistent``). 4: the same postings, but
#: the index's stored schema names the one-pass analyzer and format its writers use.
#: 5: metadata fields (author, year, cat, venue, ident, type, has, day); source names
#: and stems; dates as ISO days, months and years.
SCHEMA_VERSION = 5
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


class TextAnalyzer(CompositeAnalyzer):
    """The tokenizer/filter chain, run in one loop with each distinct word analyzed once.

    Gives exactly the chain's tokens (``StopFilter`` renumbering included); unusual calls
    (``removestops=False``, ``keeporiginal``, ``no_morph``, ``tokenize=False``) take the
    chain itself.
    """

    def __init__(self, *composables: Any) -> None:
        super().__init__(*composables)
        self._words: dict[str, str | None] = {}

    def __getstate__(self) -> dict[str, Any]:
        # The word cache never goes into the index's pickled schema.
        return {k: v for k, v in self.__dict__.items() if k != "_words"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._words = {}

    def __call__(self, value: str, no_morph: bool = False,  # type: ignore[override]
                 **kwargs: Any) -> Iterator[Token]:
        if (no_morph or not kwargs.get("removestops", True) or kwargs.get("keeporiginal")
                or not kwargs.get("tokenize", True)):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._fast(value, **kwargs)

    def _term(self, word: str) -> str | None:
        """``word`` lowercased, folded and stemmed; None when it is a stop word."""
        words = self._words
        if len(words) >= _WORD_CACHE:
            words.clear()
        text = word.lower().translate(accent_map)
        term = None if len(text) < 2 or text in STOP_WORDS else _stem(text)
        words[word] = term
        return term

    def term_positions(self, value: str, start_pos: int = 0) -> dict[str, list[int]]:
        """Each indexed term of ``value`` with its positions: the tokens of an ``index``
        call, gathered without making them."""
        words = self._words
        term_of = self._term
        terms: list[str] = []
        raw = start_pos
        first = -1
        for whole in _COMPOUND.findall(value):
            if "-" in whole or "\u2010" in whole or "\u2011" in whole:
                parts = _WORD.findall(whole)
                if len(parts) > 1:
                    # The joined word, at the first part's position.
                    joined = "".join(parts)
                    term = words.get(joined, _UNSEEN)
                    if term is _UNSEEN:
                        term = term_of(joined)
                    if term is not None:
                        if first < 0:
                            first = raw
                        terms.append(term)
                else:
                    parts = [whole]
            else:
                parts = (whole,)
            for part in parts:
                term = words.get(part, _UNSEEN)
                if term is _UNSEEN:
                    term = term_of(part)
                if term is not None:
                    if first < 0:
                        first = raw
                    terms.append(term)
                raw += 1
        out: dict[str, list[int]] = {}
        for pos, term in enumerate(terms, first):
            if term in out:
                out[term].append(pos)
            else:
                out[term] = [pos]
        return out

    def term_spans(self, value: str) -> Iterator[tuple[str, int, int]]:
        """``(term, startchar, endchar)`` of each token an ``index`` call makes, in order."""
        words = self._words
        term_of = self._term
        for match in _COMPOUND.finditer(value):
            whole = match.group(0)
            start = match.start()
            if "-" in whole or "\u2010" in whole or "\u2011" in whole:
                parts = list(_WORD.finditer(whole))
                if len(parts) > 1:
                    joined = "".join(p.group(0) for p in parts)
                    term = words.get(joined, _UNSEEN)
                    if term is _UNSEEN:
                        term = term_of(joined)
                    if term is not None:
                        yield term, start, match.end()
                    for part in parts:
                        text = part.group(0)
                        term = words.get(text, _UNSEEN)
                        if term is _UNSEEN:
                            term = term_of(text)
                        if term is not None:
                            yield term, start + part.start(), start + part.end()
                    continue
            term = words.get(whole, _UNSEEN)
            if term is _UNSEEN:
                term = term_of(whole)
            if term is not None:
                yield term, start, match.end()

    def _fast(self, value: str, positions: bool = False, chars: bool = False,
              start_pos: int = 0, start_char: int = 0, mode: str = "",
              **kwargs: Any) -> Iterator[Token]:
        kwargs.pop("removestops", None)
        kwargs.pop("tokenize", None)
        t = Token(positions, chars, removestops=True, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        words = self._words
        term_of = self._term
        joined = mode != "query"
        raw = start_pos  # the tokenizer's position, stop words counted
        pos = None  # StopFilter's renumbered position
        for match in _COMPOUND.finditer(value):
            whole = match.group(0)
            if "-" in whole or "\u2010" in whole or "\u2011" in whole:
                parts = [(p.group(0), p.start()) for p in _WORD.finditer(whole)]
            else:
                parts = []
            if len(parts) < 2:
                parts = [(whole, 0)]
            elif joined:
                text = "".join(p for p, _ in parts)
                term = words.get(text, _UNSEEN)
                if term is _UNSEEN:
                    term = term_of(text)
                if term is not None:
                    pos = raw if pos is None else pos + 1
                    t.text, t.pos = term, pos
                    if chars:
                        t.startchar = start_char + match.start()
                        t.endchar = start_char + match.end()
                    yield t
            for part, offset in parts:
                term = words.get(part, _UNSEEN)
                if term is _UNSEEN:
                    term = term_of(part)
                if term is not None:
                    pos = raw if pos is None else pos + 1
                    t.text, t.pos = term, pos
                    if chars:
                        t.startchar = start_char + match.start() + offset
                        t.endchar = t.startchar + len(part)
                    yield t
                raw += 1


_WORD_CACHE = 150_000  # about 35 MB of words; cleared and refilled when full
#: Not a word the cache has seen (a get, not ``in`` then ``[]``: another thread may clear it).
_UNSEEN = "\0"
_stem = lru_cache(maxsize=50_000)(stem)


@cache
def text_analyzer() -> TextAnalyzer:
    """Words, lowercased, accents folded (``TÜLU`` -> ``tulu``), stop words out, stemmed;
    hyphenated compounds also as one joined word."""
    return TextAnalyzer(CompoundTokenizer(), LowercaseFilter(), CharsetFilter(accent_map),
                        StopFilter(), StemFilter(cachesize=50000))


@cache
def name_analyzer() -> Analyzer:
    """Author names: words lowercased and accents folded, never stemmed."""
    return RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)


def _line_values() -> Analyzer:
    # One token per line, verbatim, so file paths with spaces or commas stay whole.
    return RegexTokenizer(r"[^\n]+")


class TermPositions(formats.Positions):
    """Whoosh's ``Positions`` format, fed by :meth:`TextAnalyzer.term_positions` when it
    can (the same postings, without a token object per word)."""

    def word_values(self, value: Any, analyzer: Any,
                    **kwargs: Any) -> Iterable[tuple[str, int, float, bytes]]:
        if (not isinstance(analyzer, TextAnalyzer) or not isinstance(value, str)
                or set(kwargs) - {"mode"} or kwargs.get("mode", "index") != "index"):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        encode = self.encode
        for term, poses in analyzer.term_positions(value).items():
            yield term, len(poses), float(len(poses)) * boost, encode(poses)


def _text_field(boost: float = 1.0) -> fields.TEXT:
    field = fields.TEXT(analyzer=text_analyzer(), field_boost=boost)
    field.format = TermPositions(field_boost=field.format.field_boost)
    return field


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=_text_field(TITLE_BOOST),
        abstract=_text_field(),
        source=fields.TEXT(analyzer=_line_values(), phrase=False),
        date=fields.TEXT(analyzer=_line_values(), phrase=False),
        # Derived fields: acronym definitions and sort keys.
        acronym=fields.TEXT(analyzer=_line_values(), phrase=False),
        # Metadata (see ``fields``): names and venues as words, the rest as whole values.
        author=fields.TEXT(analyzer=name_analyzer()),
        venue=_text_field(),
        year=fields.NUMERIC(int, bits=32),
        day=fields.NUMERIC(int, bits=32),
        cat=fields.TEXT(analyzer=_line_values(), phrase=False),
        ident=fields.TEXT(analyzer=_line_values(), phrase=False),
        type=fields.TEXT(analyzer=_line_values(), phrase=False),
        has=fields.TEXT(analyzer=_line_values(), phrase=False),
        title_key=fields.ID(sortable=True),
        listed=fields.NUMERIC(int, bits=64, sortable=True),
        added=fields.NUMERIC(float, sortable=True),
    )


def derived_fields(paper: Paper) -> dict[str, Any]:
    """The index-only fields computed from a paper (merged into its Whoosh document)."""
    text = f"{paper.title}\n{paper.abstract}"
    extra = paper.extra
    out: dict[str, Any] = {
        "acronym": "\n".join(f"{short}\t{long}" for short, long in definitions(text)),
        "title_key": sort_title(paper.title),
        "listed": listed_key(paper),
        "added": float(paper.added),
        "source": "\n".join(meta.source_values(s.file for s in paper.sources)),
        "date": "\n".join(meta.date_values(paper)),
        "author": meta.author_text(meta.authors(extra)),
        "venue": meta.venue(extra),
        "cat": "\n".join(meta.categories(extra)),
        "ident": "\n".join(meta.identifiers(paper.id, extra)),
        "type": meta.bibtype(extra),
        "has": "\n".join(meta.has(extra)),
    }
    # Whoosh indexes a list of numbers as several values; an empty one as none.
    if (year := meta.year(extra)) is not None:
        out["year"] = year
    if days := meta.day_numbers(paper):
        out["day"] = days
    return out


def sort_title(title: str) -> str:
    """Case- and accent-insensitive title order, leading punctuation ignored."""
    from ..models import normalize_title

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
