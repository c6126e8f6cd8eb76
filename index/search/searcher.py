"""Query parsing, ranking and highlighting over the Whoosh index."""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whoosh import collectors, qparser, query, sorting
from whoosh.index import Index
from whoosh.reading import ReaderClosed

from ..models import Paper
from .acronyms import acronym_map
from .expansion import MAX_PREFIX_TERMS, CappedPrefix
from .fieldquery import Conditions
from .highlight import Fragment, highlight, match_spans, merge_spans, snippet
from .querytext import KNOWN_FIELDS, make_parser, parse_words, prepare
from .ranking import Concept, Ranker, build_concepts, concepts_of
from .schema import text_analyzer
from .spelling import Speller
from .understand import Personal, rewrite, suggest

if TYPE_CHECKING:
    from ..store.database import Store

__all__ = ["ALL", "MAX_PREFIX_TERMS", "QUERY_FIELDS", "SORTS", "Filter", "Fragment", "Hit",
           "QueryError", "SearchResult", "Searcher", "filter_query", "highlight",
           "make_parser", "match_spans", "merge_spans", "parse_query", "snippet"]
#: Kept for callers of the old name.
_CappedPrefix = CappedPrefix

QUERY_FIELDS = KNOWN_FIELDS
#: Sort orders: field, newest first. Relevance is the default; ``date`` means ``listed``.
SORTS: dict[str, tuple[str, bool] | None] = {
    "relevance": None, "title": ("title_key", False), "listed": ("listed", True),
    "added": ("added", True)}
SORT_ALIASES = {"date": "listed", "score": "relevance"}
_TEXT_FIELDS = ("title", "abstract")
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
    #: A one-line note on how the query was read ("unknown field x: searched as words").
    hint: str | None = None

    @property
    def papers(self) -> list[Paper]:
        return [h.paper for h in self.hits]

    def highlights(self, hit: Hit, width: int = 160) -> tuple[Fragment, ...]:
        """The hit's title (when it matched) and an abstract snippet, matches marked."""
        return highlight(hit.paper, self.terms, width)


def normalize_sort(sort: str) -> str:
    """The canonical sort name; QueryError naming the choices for an unknown one."""
    name = SORT_ALIASES.get(sort.lower(), sort.lower())
    if name not in SORTS:
        raise QueryError(f"unknown sort '{sort}'; use one of " + ", ".join(SORTS))
    return name


@dataclass(slots=True)
class Understood:
    """A query taken apart: the ranked words, the conditions on metadata, the personal
    conditions and a hint for the user."""

    words: query.Query | None
    concepts: list[Concept]
    conditions: Conditions
    personal: list[Personal]
    hint: str | None = None

    @property
    def whole(self) -> query.Query:
        """Every condition in one Whoosh query: the match set (for counts and sorts)."""
        # Never Every() inside an And: Whoosh's normalize() reduces the And to Every().
        parts = [*([_normal(self.words)] if self.words is not None else []),
                 *self.conditions.required]
        q: query.Query = (query.Every() if not parts else parts[0] if len(parts) == 1
                          else query.And(parts).normalize())
        if self.conditions.excluded:
            q = query.AndNot(q, query.Or(self.conditions.excluded))
        return q

    @property
    def structured(self) -> bool:
        """True when the words' own structure (AND, NOT, +) decides what matches."""
        return self.words is not None and _structured(self.words)


def _normal(q: query.Query) -> query.Query:
    # "-offline" is And([Every(), Not(...)]), which normalize() would reduce to Every().
    if isinstance(q, query.And) and any(isinstance(sub, query.Every) for sub in q.subqueries):
        return q
    return q.normalize()


def _structured(q: query.Query) -> bool:
    if isinstance(q, (query.And, query.AndNot, query.AndMaybe, query.Require, query.Not)):
        return True
    return not q.is_leaf() and any(_structured(sub) for sub in q.children())


def understand_text(text: str, parser: qparser.QueryParser,
                    rewrite_words: Callable[[str], str] | None = None) -> Understood:
    """Take the query apart (see :class:`Understood`); QueryError for a value no field takes."""
    try:
        prepared = prepare(text)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    words, personal = prepared.words, prepared.personal
    if rewrite_words is not None:
        words = rewrite_words(words)
    raw = parse_words(words, parser)
    if raw is not None and raw.normalize() is query.NullQuery:
        raw = None
    if raw is None and _NEGATION.search(words):
        # Only exclusions ("-offline"): everything except those.
        negated = parse_words(_NEGATION.sub(r"\1NOT ", words), parser)
        if negated is not None:
            raw = query.And([query.Every(), negated])
    concepts = build_concepts(concepts_of(raw)) if raw is not None else []
    return Understood(raw, concepts, prepared.conditions, personal, prepared.hint)


def parse_query(text: str, parser: qparser.QueryParser) -> query.Query:
    """The Whoosh query of what the user typed (no index needed); an empty query means
    every paper. QueryError when it has nothing to search for."""
    text = text.strip()
    if not text or text == "*":
        return query.Every()
    understood = understand_text(text, parser)
    if (understood.words is None and not understood.conditions.required
            and not understood.conditions.excluded and not understood.personal):
        raise QueryError("nothing to search for in that query")
    return understood.whole


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
    if cond.field == "note":
        return noted_ids(store, cond.value)
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


def noted_ids(store: Store, text: str) -> set[str]:
    """Papers whose note has every word of ``text`` (stemmed, as a search matches)."""
    wanted = {t.text for t in text_analyzer()(text)}
    try:
        rows = store.query("SELECT paper_id, text FROM notes")
    except sqlite3.OperationalError:
        return set()
    return {pid for pid, note in rows
            if wanted and wanted <= {t.text for t in text_analyzer()(note)}}


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

    def _word_part(self, word: str) -> bool:
        """True when ``word`` can be half of a split (``pretraining`` -> ``pre training``):
        it analyses to indexed terms of three letters or more (not ``ive`` -> ``iv``)."""
        terms = [t.text for t in text_analyzer()(word, mode="query")]
        return bool(terms) and all(len(t) >= 3 for t in terms) and self._known_term(word)

    def _known_term(self, word: str) -> bool:
        reader = self._searcher.reader()
        return any(reader.doc_frequency(f, t.text) > 0
                   for t in text_analyzer()(word, mode="query") for f in _TEXT_FIELDS)

    def closest_word(self, word: str) -> str | None:
        """The readable word nearest to ``word``: ``reinforcment`` -> ``reinforcement``."""
        return self.speller().closest(word)

    # -- queries ---------------------------------------------------------------------

    def understood(self, text: str) -> Understood:
        """``text`` taken apart, its words widened to the library's other spellings.
        Takes no lock: call it inside :meth:`using` to read the same index version."""
        acronyms = self.acronyms()
        return understand_text(text, self.parser, lambda words: rewrite(
            words, self._word_part, self._known_term, acronyms))

    def understand(self, text: str) -> tuple[query.Query, list[Personal]]:
        """The Whoosh query for ``text`` (compounds, acronyms, prefixes and metadata fields
        handled) and its ``tag:``/``is:``/``note:`` conditions (see :func:`personal_filters`)."""
        understood = self.understood(text)
        return understood.whole, understood.personal

    def search(self, text: str, flt: Filter = ALL, limit: int | None = 50,
               sort: str = "relevance") -> SearchResult:
        """Run a query; ``sort`` is one of :data:`SORTS` (relevance, title, listed, added)."""
        started = time.perf_counter()
        sort = normalize_sort(sort)
        with self._lock:
            s = self._searcher
            u = self.understood(text)
            fq, mask = self._filters(flt, u.personal)
            if fq is query.NullQuery:
                return SearchResult(text, (), 0, time.perf_counter() - started, filter=flt,
                                    sort=sort, hint=u.hint)
            if SORTS[sort] is None and u.concepts:
                scored, total = self._ranked(s, u, fq, mask, limit)
            else:
                scored, total = self._listed(s, u.whole, fq, mask, limit, sort)
            terms = (matched_terms(_without_negations(_normal(u.words)), s.reader())
                     if u.words is not None else frozenset())
            suggestion = None
            if total < self.FEW_HITS:
                suggestion = suggest(prepare(text).words, self._known_word,
                                     self.closest_word, self.acronyms())
        papers = {p.id: p for p in self.store.papers([pid for pid, _ in scored])}
        hits = tuple(Hit(papers[pid], score) for pid, score in scored if pid in papers)
        return SearchResult(text, hits, total, time.perf_counter() - started, terms, flt,
                            suggestion, sort, u.hint)

    def _filters(self, flt: Filter, personal: Sequence[Personal]
                 ) -> tuple[query.Query | None, query.Query | None]:
        """The tree selection and personal conditions as a filter and a mask query."""
        fq = filter_query(flt, self.store.bookmarked_ids() if flt.kind == "bookmarks" else ())
        include, exclude = personal_filters(self.store, personal)
        if include is not None:
            fq = query.NullQuery if not include or fq is query.NullQuery else (
                _ids_query(include) if fq is None else query.And([fq, _ids_query(include)]))
        return fq, (_ids_query(exclude) if exclude else None)

    def _ranked(self, s: Any, u: Understood, fq: query.Query | None,
                mask: query.Query | None, limit: int | None) -> tuple[list[tuple[str, float]], int]:
        """The relevance path: :class:`Ranker` over the documents the conditions allow."""
        allowed: set[int] | None = None
        cond = u.conditions
        if u.structured or cond.required or cond.excluded:
            allowed = set(s.docs_for_query(u.whole))
        if fq is not None:
            docs = set(s.docs_for_query(fq))
            allowed = docs if allowed is None else allowed & docs
        if mask is not None:
            allowed = (allowed if allowed is not None else set(range(s.doc_count_all())))
            allowed -= set(s.docs_for_query(mask))
        ranked, total = Ranker(s).rank(u.concepts, allowed, limit)
        return [(s.stored_fields(d)["id"], score) for d, score in ranked], total

    def _listed(self, s: Any, q: query.Query, fq: query.Query | None, mask: query.Query | None,
                limit: int | None, sort: str) -> tuple[list[tuple[str, float]], int]:
        """Browsing and field sorts: Whoosh's own collector, unscored."""
        kwargs: dict[str, Any] = {"limit": limit, "filter": fq, "mask": mask}
        order = SORTS[sort]
        if order is not None:
            if order[0] not in s.schema:
                raise QueryError("this index cannot sort yet: run `paperterm reindex`")
            kwargs.update(sortedby=sorting.FieldFacet(order[0], reverse=order[1]))
        else:
            # Browsing: listing order rather than a meaningless score.
            kwargs.update(sortedby=None, scored=False)
        results = _counted_search(s, q, kwargs)
        total = len(results)
        # Unscored browsing collects every match; only the first ``limit`` are wanted.
        shown = results if limit is None else itertools.islice(results, limit)
        return [(hit["id"], 0.0) for hit in shown], total



def _close(searcher: Any) -> None:
    """Close a Whoosh searcher that may already be closed (a repair closes them too)."""
    with contextlib.suppress(ReaderClosed):
        searcher.close()
