"""Query parsing, ranking and highlighting over the Whoosh index."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import qparser, query
from whoosh.index import Index

from .models import Paper
from .schema import text_analyzer

if TYPE_CHECKING:
    from .store import Store

QUERY_FIELDS = ("title", "abstract", "source", "date")
_FIELD_PREFIX = re.compile(r"(?:(?<=\s)|^|(?<=[(\-+]))([A-Za-z_]+):")
_QUOTED = re.compile(r'"[^"]*"?')
_NEGATION = re.compile(r"(^|\s)-(?=\S)")
MAX_PREFIX_TERMS = 200


class QueryError(ValueError):
    """A query the user typed that cannot be run; the message is one line for them."""


@dataclass(frozen=True, slots=True)
class Filter:
    """A topic-tree selection that narrows every search: all, bookmarks, a source or a date."""

    kind: str = "all"
    value: str = ""

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "All papers"
        if self.kind == "bookmarks":
            return "Bookmarks"
        return f"{self.kind}: {self.value}"


ALL = Filter()


@dataclass(frozen=True, slots=True)
class Hit:
    paper: Paper
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """An immutable answer to one query: hits best first, how many in all, how long it took."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    elapsed: float
    terms: frozenset[str] = field(default_factory=frozenset)
    filter: Filter = ALL

    @property
    def papers(self) -> list[Paper]:
        return [h.paper for h in self.hits]


class _CappedPrefix(query.Prefix):
    """A prefix query that expands to a bounded number of terms, so ``a*`` stays fast."""

    def _btexts(self, ixreader):  # type: ignore[no-untyped-def]
        for count, text in enumerate(super()._btexts(ixreader)):
            if count >= MAX_PREFIX_TERMS:
                return
            yield text


def make_parser(schema) -> qparser.QueryParser:  # type: ignore[no-untyped-def]
    parser = qparser.MultifieldParser(["title", "abstract"], schema, group=qparser.AndGroup,
                                      termclass=query.Term)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def _cap_prefixes(q: query.Query) -> query.Query:
    if isinstance(q, query.Prefix) and not isinstance(q, _CappedPrefix):
        return _CappedPrefix(q.fieldname, q.text, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_cap_prefixes)


def check_fields(text: str) -> None:
    """Raise :class:`QueryError` for ``name:`` where name is not a searchable field."""
    bare = _QUOTED.sub(" ", text)
    for match in _FIELD_PREFIX.finditer(bare):
        name = match.group(1)
        if name.lower() not in QUERY_FIELDS:
            raise QueryError(f"unknown field '{name}:'; use one of "
                             + ", ".join(f"{f}:" for f in QUERY_FIELDS))


def parse_query(text: str, parser: qparser.QueryParser) -> query.Query:
    """Parse what the user typed; an empty query means every paper."""
    text = text.strip()
    if not text or text == "*":
        return query.Every()
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: close the phrase with "')
    check_fields(text)
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query: {exc}") from None
    if parsed is query.NullQuery and _NEGATION.search(text):
        # Only exclusions ("-offline"): everything except those.
        parsed = query.And([query.Every(), parser.parse(_NEGATION.sub(r"\1NOT ", text))])
    if parsed is query.NullQuery:
        raise QueryError("nothing to search for in that query")
    return _cap_prefixes(parsed)


def filter_query(flt: Filter, bookmarked: Sequence[str]) -> query.Query | None:
    if flt.kind == "all":
        return None
    if flt.kind == "bookmarks":
        if not bookmarked:
            return query.NullQuery
        return query.Or([query.Term("id", i) for i in bookmarked])
    if flt.kind in ("source", "date"):
        return query.Term(flt.kind, flt.value)
    raise ValueError(f"unknown filter kind {flt.kind!r}")


class Searcher:
    """Runs queries against one index, fetching paper details from the store."""

    def __init__(self, index: Index, store: Store) -> None:
        self.index = index
        self.store = store
        self.parser = make_parser(index.schema)
        self._lock = threading.Lock()
        self._searcher = index.searcher()

    def refresh(self) -> None:
        with self._lock:
            self._searcher = self._searcher.refresh()

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def search(self, text: str, flt: Filter = ALL, limit: int | None = 50) -> SearchResult:
        started = time.perf_counter()
        q = parse_query(text, self.parser)
        fq = filter_query(flt, self.store.bookmarked_ids() if flt.kind == "bookmarks" else ())
        with self._lock:
            s = self._searcher
            if fq is query.NullQuery:
                return SearchResult(text, (), 0, time.perf_counter() - started, filter=flt)
            if isinstance(q, query.Every):
                # Browsing: listing order rather than a meaningless score.
                results = s.search(q, limit=limit, filter=fq, sortedby=None, scored=False)
            else:
                results = s.search(q, limit=limit, filter=fq)
            total = len(results) if results.has_exact_length() else results.estimated_length()
            scored = [(hit["id"], hit.score or 0.0) for hit in results]
            terms = frozenset(
                t.decode("utf-8") if isinstance(t, bytes) else t
                for fname, t in q.existing_terms(s.reader(), expand=True)
                if fname in ("title", "abstract"))
        papers = {p.id: p for p in self.store.papers([pid for pid, _ in scored])}
        hits = tuple(Hit(papers[pid], score) for pid, score in scored if pid in papers)
        return SearchResult(text, hits, total, time.perf_counter() - started, terms, flt)


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` whose analyzed form is one of ``terms``."""
    wanted = set(terms)
    if not wanted or not text:
        return []
    return [(tok.startchar, tok.endchar)
            for tok in text_analyzer()(text, chars=True, removestops=True)
            if tok.text in wanted]


def snippet(text: str, terms: Iterable[str], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` around its first match (or its start), with match spans in it."""
    spans = match_spans(text, terms)
    if len(text) <= width:
        return text, spans
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 4)
        space = text.rfind(" ", 0, start)
        start = 0 if space < 0 or start == 0 else space + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    offset = len(prefix) - start
    inside = [(a + offset, b + offset) for a, b in spans if a >= start and b <= end]
    return prefix + text[start:end] + suffix, inside
