"""Faceted counts for the topic tree: one search for the query, then set intersections.

Each node's set of Whoosh document numbers is computed once per index version (the
Whoosh searcher object) and reused for every query; the query's own set is cached per
query text. Bookmarks are looked up every time: they change without a reindex.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..search.searcher import (
    Filter,
    QueryError,
    filter_query,
    personal_filters,
)

if TYPE_CHECKING:
    from ..library import Library
    from ..search.searcher import Searcher
    from .tree import TopicNode

QUERY_CACHE_SIZE = 64


class TopicCounter:
    """Counts for one library; safe to call from a worker thread."""

    def __init__(self, library: Library) -> None:
        self._library = weakref.ref(library)
        self._lock = threading.Lock()
        self._owner: Any = None
        self._docnum: dict[str, int] = {}
        self._all: frozenset[int] = frozenset()
        self._nodes: dict[Filter, frozenset[int]] = {}
        self._queries: OrderedDict[str, frozenset[int] | None] = OrderedDict()

    def count(self, tree: Sequence[TopicNode], query_text: str) -> list[TopicNode]:
        from .tree import with_counts

        library = self._library()
        if library is None:
            raise RuntimeError("the library was closed")
        filters = {n.filter for root in tree for _, n in root.walk() if n.filter is not None}
        # Taken once, outside the lock: the searcher is never asked for again while its
        # lock is held (re-entering it was a deadlock when another process committed).
        searcher = library.searcher
        with self._lock, searcher.using() as s:
            self._sync(s)
            hits = self._query_docs(library, searcher, s, query_text)
            bookmarked = self._docs_of(library.store.bookmarked_ids())
            counts = {}
            for flt in filters:
                docs = bookmarked if flt.kind == "bookmarks" else self._node_docs(s, flt)
                counts[flt] = len(docs) if hits is None else len(docs & hits)
        return [with_counts(node, counts) for node in tree]

    # -- per index version -----------------------------------------------------------

    def _sync(self, s: Any) -> None:
        if s is self._owner:
            return
        reader = s.reader()
        self._docnum = {fields["id"]: n for n, fields in reader.iter_docs()}
        self._all = frozenset(self._docnum.values())
        self._nodes.clear()
        self._queries.clear()
        self._owner = s

    def _docs_of(self, ids: Iterable[str]) -> frozenset[int]:
        get = self._docnum.get
        return frozenset(n for n in map(get, ids) if n is not None)

    def _node_docs(self, s: Any, flt: Filter) -> frozenset[int]:
        docs = self._nodes.get(flt)
        if docs is None:
            if flt.kind == "all":
                docs = self._all
            elif flt.kind == "topic":
                docs = self._docs_of(flt.value.split())
            else:
                try:
                    docs = frozenset(s.docs_for_query(filter_query(flt, ())))
                except QueryError:  # a saved query that no longer parses counts nothing
                    docs = frozenset()
            self._nodes[flt] = docs
        return docs

    # -- the query -------------------------------------------------------------------

    def _query_docs(self, library: Library, searcher: Searcher, s: Any,
                    text: str) -> frozenset[int] | None:
        """The query's documents; None when it matches everything (no query)."""
        text = text.strip()
        if not text or text == "*":
            return None
        if text in self._queries:
            self._queries.move_to_end(text)
            return self._queries[text]
        # The same query as the result list's, so counts agree with it.
        q, personal = searcher.understand(text)
        docs = frozenset(s.docs_for_query(q))
        if personal:  # tags, read state: change without a reindex, so never cached
            include, exclude = personal_filters(library.store, personal)
            if include is not None:
                docs &= self._docs_of(include)
            return docs - self._docs_of(exclude)
        self._queries[text] = docs
        if len(self._queries) > QUERY_CACHE_SIZE:
            self._queries.popitem(last=False)
        return docs


_counters: weakref.WeakKeyDictionary[Library, TopicCounter] = weakref.WeakKeyDictionary()
_counters_lock = threading.Lock()


def counter_for(library: Library) -> TopicCounter:
    """The library's counter, made on first use."""
    with _counters_lock:
        counter = _counters.get(library)
        if counter is None:
            counter = _counters[library] = TopicCounter(library)
        return counter
