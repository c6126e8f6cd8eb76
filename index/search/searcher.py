"""Query parsing, ranking and highlighting over the Whoosh index."""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whoosh import collectors, qparser, query, sorting
from whoosh.index import Index
from whoosh.reading import ReaderClosed

from ..models import Paper
from .acronyms import acronym_map
from .expansion import MAX_PREFIX_TERMS, CappedPrefix, cap_expansions
from .highlight import Fragment, highlight, match_spans, merge_spans, snippet
from .schema import text_analyzer
from .spelling import Speller
from .understand import Personal, rewrite, split_personal, suggest

if TYPE_CHECKING:
    from ..store.database import Store

__all__ = ["ALL", "MAX_PREFIX_TERMS", "QUERY_FIELDS", "SORTS", "Filter", "Fragment", "Hit",
           "QueryError", "SearchResult", "Searcher", "check_fields", "filter_query",
           "highlight", "match_spans", "merge_spans", "parse_query", "snippet"]
#: Kept for callers of the old name.
_CappedPrefix = CappedPrefix

QUERY_FIELDS = ("title", "abstract", "source", "date", "tag", "is")
#: Sort orders: field, newest first. Relevance is the default; ``date`` means ``listed``.
SORTS: dict[str, tuple[str, bool] | None] = {
    "relevance": None, "title": ("title_key", False), "listed": ("listed", True),
    "added": ("added", True)}
SORT_ALIASES = {"date": "listed", "score": "relevance"}
_TEXT_FIELDS = ("title", "abstract")
_FIELD_PREFIX = re.compile(r"(?:(?<=\s)|^|(?<=[(\-+]))([A-Za-z_]+):")
_QUOTED = re.compile(r'"[^"]*"?')
_NEGATION = re.compile(r"(^|\s)-(?=\S)")


class QueryError(ValueError):
    """A query the user typed that cannot be run; the message is one line for them."""


@dataclass(frozen=True, slots=True)
class Filter:
    """A topic-tree selection that narrows every search: all, bookmarks, a source or a date."""

    kind: str = "all"
    value: str = ""
    #: The topic tree's name for it (a discovered topic's value is a long list of ids).
    name: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "All papers"
        if self.kind == "bookmarks":
            return "Bookmarks"
        return f"{self.kind}: {self.name or self.value}"


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
    #: "Did you mean": the query with unknown words replaced by the library's closest.
    suggestion: str | None = None
    sort: str = "relevance"

    @property
    def papers(self) -> list[Paper]:
        return [h.paper for h in self.hits]

    def highlights(self, hit: Hit, width: int = 160) -> tuple[Fragment, ...]:
        """The hit's title (when it matched) and an abstract snippet, matches marked."""
        return highlight(hit.paper, self.terms, width)


def make_parser(schema) -> qparser.QueryParser:  # type: ignore[no-untyped-def]
    parser = qparser.MultifieldParser(["title", "abstract"], schema, group=qparser.AndGroup,
                                      termclass=query.Term)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def normalize_sort(sort: str) -> str:
    """The canonical sort name; QueryError naming the choices for an unknown one."""
    name = SORT_ALIASES.get(sort.lower(), sort.lower())
    if name not in SORTS:
        raise QueryError(f"unknown sort '{sort}'; use one of " + ", ".join(SORTS))
    return name


def check_fields(text: str) -> None:
    """Raise :class:`QueryError` for ``name:`` where name is not a searchable field."""
    bare = _QUOTED.sub(" ", text)
    for match in _FIELD_PREFIX.finditer(bare):
        name = match.group(1)
        if name.lower() not in QUERY_FIELDS:
            raise QueryError(f"unknown field '{name}:'; use one of "
                             + ", ".join(f"{f}:" for f in QUERY_FIELDS))


def check_query(text: str) -> None:
    """Raise :class:`QueryError` for an unbalanced quote or an unknown field."""
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: close the phrase with "')
    check_fields(text)


def parse_query(text: str, parser: qparser.QueryParser) -> query.Query:
    """Parse what the user typed; an empty query means every paper."""
    text = text.strip()
    if not text or text == "*":
        return query.Every()
    check_query(text)
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query: {exc}") from None
    if parsed is query.NullQuery and _NEGATION.search(text):
        # Only exclusions ("-offline"): everything except those.
        parsed = query.And([query.Every(), parser.parse(_NEGATION.sub(r"\1NOT ", text))])
    if parsed is query.NullQuery:
        raise QueryError("nothing to search for in that query")
    return cap_expansions(parsed)


def filter_query(flt: Filter, bookmarked: Sequence[str]) -> query.Query | None:
    if flt.kind == "all":
        return None
    if flt.kind == "bookmarks":
        if not bookmarked:
            return query.NullQuery
        return query.Or([query.Term("id", i) for i in bookmarked])
    if flt.kind in ("source", "date"):
        return query.Term(flt.kind, flt.value)
    if flt.kind == "topic":  # a discovered topic: its papers' ids, space-separated
        ids = flt.value.split()
        return _ids_query(ids) if ids else query.NullQuery
    if flt.kind == "query":  # a saved query from the user's taxonomy
        return parse_query(flt.value, _saved_query_parser())
    raise ValueError(f"unknown filter kind {flt.kind!r}")


@functools.cache
def _saved_query_parser() -> qparser.QueryParser:
    from .schema import make_schema

    return make_parser(make_schema())


def personal_ids(store: Store, cond: Personal) -> set[str]:
    """Paper ids a ``tag:``/``is:`` condition names (``is:unread`` gives the *read* ids)."""
    if cond.field == "is" and cond.value == "bookmarked":
        return set(store.bookmarked_ids())
    if cond.field == "is" and cond.value == "new":
        from ..store.inbox import inbox_since, new_since

        return set(new_since(store, inbox_since(store)))
    if cond.field == "tag":
        sql, params = "SELECT paper_id FROM tags WHERE tag = ? COLLATE NOCASE", (cond.value,)
    else:
        sql, params = "SELECT DISTINCT paper_id FROM reads", ()
    try:
        return {row[0] for row in store.query(sql, params)}
    except sqlite3.OperationalError:  # the tags/reads tables do not exist yet
        return set()


def personal_filters(store: Store, conds: Sequence[Personal]) -> tuple[set[str] | None, set[str]]:
    """Ids every hit must be among (None: no limit) and ids no hit may be."""
    include: set[str] | None = None
    exclude: set[str] = set()
    for cond in conds:
        ids = personal_ids(store, cond)
        wanted = not cond.negated
        if cond.field == "is" and cond.value == "unread":
            wanted = not wanted
        if wanted:
            include = ids if include is None else include & ids
        else:
            exclude |= ids
    return include, exclude


def _ids_query(ids: Iterable[str]) -> query.Query:
    return query.Or([query.Term("id", i) for i in sorted(ids)])


def _without_negations(q: query.Query) -> query.Query:
    if isinstance(q, (query.Not, query.AndNot)):
        return q.a if isinstance(q, query.AndNot) else query.NullQuery
    if q.is_leaf():
        return q
    return q.apply(_without_negations)


def matched_terms(q: query.Query, reader: Any) -> frozenset[str]:
    """Indexed title/abstract terms the query can match, prefix and fuzzy expansions included."""
    found: set[str] = set()
    # Leaf by leaf: Query.existing_terms reuses its ``fieldname`` argument as a loop
    # variable, so on a compound query it drops every field but the first leaf's.
    for leaf in q.leaves():
        if leaf.field() in _TEXT_FIELDS:
            found.update(t.decode("utf-8") if isinstance(t, bytes) else t
                         for _, t in leaf.existing_terms(reader, expand=True))
    return frozenset(found)


def _counted_search(s: Any, q: query.Query, kwargs: dict[str, Any]) -> Any:
    """Whoosh's search, with ``len()`` of the results the exact number of matches.

    A ranked top-N search prunes terms that cannot reach the top N, so it never sees every
    match, and its ``len()`` recounts them in a second pass that ignores the filter. For
    a plain word (terms OR-ed across fields) pruning pays: rank pruned, then count once,
    unscored. Anything else ranks and counts in one unpruned pass: the same top hits (or
    better: pruning missed a top-20 hit of an AND query), 2-3x faster on AND and phrases.
    Block-quality skipping is off in both: it cost more than it saved here.
    """
    collector = s.collector(optimize=False, **kwargs)
    inner = collector.child if isinstance(collector, collectors.FilterCollector) else collector
    if type(inner) is not collectors.TopCollector:
        s.search_with_collector(q, collector)
        return collector.results()
    if not _term_union(q):
        inner.replace = 0  # never swap the matcher for a pruned one: every match counts
        s.search_with_collector(q, collector)
        return collector.results()
    s.search_with_collector(q, collector)
    results = collector.results()
    counted = s.search(q, limit=None, filter=kwargs.get("filter"), mask=kwargs.get("mask"),
                       scored=False, sortedby=None)
    results._total = len(counted)  # what Results.__len__ caches from its collector
    return results


def _term_union(q: query.Query) -> bool:
    if isinstance(q, query.Term):
        return True
    return isinstance(q, query.Or) and all(isinstance(sub, query.Term) for sub in q.subqueries)


class Searcher:
    """Runs queries against one index, fetching paper details from the store."""

    FEW_HITS = 3

    def __init__(self, index: Index, store: Store) -> None:
        self.index = index
        self.store = store
        self.parser = make_parser(index.schema)
        self._lock = threading.Lock()
        self._searcher = index.searcher()
        self._acronyms: dict[str, tuple[str, ...]] | None = None
        self._speller: Speller | None = None

    def refresh(self) -> None:
        """Show the index as it is now.

        Always a fresh Whoosh searcher: Whoosh's own ``refresh`` reuses segment readers it
        already holds, with their old deletions (a paper rewritten by another process then
        shows twice), and misses a rebuild that happens to reach the same TOC generation.
        """
        with self._lock:
            old, self._searcher = self._searcher, self.index.searcher()
            _close(old)
            self.parser = make_parser(self._searcher.schema)
            self._acronyms = None
            self._speller = None

    def close(self) -> None:
        with self._lock:
            _close(self._searcher)

    @contextlib.contextmanager
    def using(self) -> Iterator[Any]:
        """The current Whoosh searcher, held under the lock for the ``with`` block."""
        with self._lock:
            yield self._searcher

    # -- what the index knows (call with the lock held) ------------------------------

    def acronyms(self) -> dict[str, tuple[str, ...]]:
        """Acronym -> expansions defined in the library's own abstracts."""
        if self._acronyms is None:
            reader = self._searcher.reader()
            # An index from before the acronym field (not yet rebuilt) has none.
            self._acronyms = acronym_map(reader) if "acronym" in reader.schema else {}
        return self._acronyms

    def speller(self) -> Speller:
        """Spelling knowledge for the current index version."""
        if self._speller is None or self._speller.reader is not self._searcher.reader():
            self._speller = Speller(self._searcher.reader(), self.store)
        return self._speller

    def _known_word(self, word: str) -> bool:
        return self.speller().known(word)

    def _known_term(self, word: str) -> bool:
        reader = self._searcher.reader()
        return any(reader.doc_frequency(f, t.text) > 0
                   for t in text_analyzer()(word, mode="query") for f in _TEXT_FIELDS)

    def closest_word(self, word: str) -> str | None:
        """The readable word nearest to ``word``: ``reinforcment`` -> ``reinforcement``."""
        return self.speller().closest(word)

    # -- queries ---------------------------------------------------------------------

    def understand(self, text: str) -> tuple[query.Query, list[Personal]]:
        """The Whoosh query for ``text`` (compounds, acronyms and prefixes handled) and its
        ``tag:``/``is:`` conditions (see :func:`personal_filters`). Takes no lock: call it
        inside :meth:`using` to read the same index version as the search."""
        check_query(text)
        try:
            words, personal = split_personal(text)
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        q = parse_query(rewrite(words, self._known_word, self._known_term, self.acronyms()),
                        self.parser)
        return q, personal

    def search(self, text: str, flt: Filter = ALL, limit: int | None = 50,
               sort: str = "relevance") -> SearchResult:
        """Run a query; ``sort`` is one of :data:`SORTS` (relevance, title, listed, added)."""
        started = time.perf_counter()
        sort = normalize_sort(sort)
        with self._lock:
            s = self._searcher
            q, personal = self.understand(text)
            fq = filter_query(flt, self.store.bookmarked_ids() if flt.kind == "bookmarks"
                              else ())
            include, exclude = personal_filters(self.store, personal)
            if include is not None:
                fq = query.NullQuery if not include or fq is query.NullQuery else (
                    _ids_query(include) if fq is None else query.And([fq, _ids_query(include)]))
            mask = _ids_query(exclude) if exclude else None
            if fq is query.NullQuery:
                return SearchResult(text, (), 0, time.perf_counter() - started, filter=flt,
                                    sort=sort)
            kwargs: dict[str, Any] = {"limit": limit, "filter": fq, "mask": mask}
            order = SORTS[sort]
            if order is not None:
                if order[0] not in s.schema:
                    raise QueryError("this index cannot sort yet: run `paperterm reindex`")
                kwargs.update(sortedby=sorting.FieldFacet(order[0], reverse=order[1]))
            elif isinstance(q, query.Every):
                # Browsing: listing order rather than a meaningless score.
                kwargs.update(sortedby=None, scored=False)
            results = _counted_search(s, q, kwargs)
            total = len(results)
            # Unscored browsing collects every match; only the first ``limit`` are wanted.
            shown = results if limit is None else itertools.islice(results, limit)
            # Sorted by a field, Whoosh's "score" is the sort key: report no score then.
            scored = [(hit["id"], float(hit.score or 0.0) if order is None else 0.0)
                      for hit in shown]
            terms = matched_terms(_without_negations(q), s.reader())
            suggestion = suggest(split_personal(text)[0], self._known_word, self.closest_word,
                                 self.acronyms())
        papers = {p.id: p for p in self.store.papers([pid for pid, _ in scored])}
        hits = tuple(Hit(papers[pid], score) for pid, score in scored if pid in papers)
        return SearchResult(text, hits, total, time.perf_counter() - started, terms, flt,
                            suggestion, sort)


def _close(searcher: Any) -> None:
    """Close a Whoosh searcher that may already be closed (a repair closes them too)."""
    with contextlib.suppress(ReaderClosed):
        searcher.close()
