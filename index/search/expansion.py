"""Prefix (``reinf*``) and fuzzy (``reinforcment~``) terms with bounded work."""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections.abc import Iterable
from typing import Any

from whoosh import matching, query
from whoosh.reading import TermNotFound

from .schema import TITLE_BOOST

#: One prefix or fuzzy term matches at most this many of its commonest expansions ...
MAX_PREFIX_TERMS = 100
#: ... chosen among at most this many vocabulary terms.
MAX_EXPANSION_SCAN = 20_000


def _constant_union(q: query.Query, searcher: Any) -> matching.Matcher:
    """Every document holding any of ``q``'s expanded terms, at one constant score.

    Whoosh would OR the terms as a deep tree of union matchers whose block-quality
    bookkeeping costs seconds for a few hundred terms on 20k papers; a sorted id list
    costs one pass over the postings.
    """
    reader = searcher.reader()
    # Counting and ranking run the same query twice: build each segment's list once.
    cache: dict[int, list[int]] = q.__dict__.setdefault("_ids_by_reader", {})
    ids = cache.get(id(reader))
    if ids is None:
        found: set[int] = set()
        for btext in q._btexts(reader):  # type: ignore[attr-defined]
            with contextlib.suppress(TermNotFound):
                found.update(reader.postings(q.fieldname, btext).all_ids())  # type: ignore[attr-defined]
        ids = cache[id(reader)] = sorted(found)
    if not ids:
        return matching.NullMatcher()
    weight = q.boost * (TITLE_BOOST if q.fieldname == "title" else 1.0)  # type: ignore[attr-defined]
    return matching.ListMatcher(ids, all_weights=weight)


def _most_frequent(q: query.Query, reader: Any, terms: Iterable[tuple[bytes, Any]]) -> list[bytes]:
    """The ``MAX_PREFIX_TERMS`` commonest of the first ``MAX_EXPANSION_SCAN`` terms."""
    cache: dict[int, list[bytes]] = q.__dict__.setdefault("_terms_by_reader", {})
    if id(reader) not in cache:
        scanned = itertools.islice(terms, MAX_EXPANSION_SCAN)
        best = heapq.nlargest(MAX_PREFIX_TERMS, ((info.doc_frequency(), text)
                                                 for text, info in scanned))
        cache[id(reader)] = sorted(text for _, text in best)
    return cache[id(reader)]


class CappedPrefix(query.Prefix):
    """A prefix query bounded in work: it looks at most ``MAX_EXPANSION_SCAN`` terms,
    keeps the ``MAX_PREFIX_TERMS`` most common, and matches them at a constant score."""

    def _btexts(self, ixreader):  # type: ignore[no-untyped-def]
        return _most_frequent(self, ixreader, ixreader.iter_prefix(self.fieldname, self.text))

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        if not self.text:
            return super().matcher(searcher, context)
        return _constant_union(self, searcher)


class CappedFuzzy(query.FuzzyTerm):
    """A fuzzy term (``reinforcment~``) with the same bounds as :class:`CappedPrefix`."""

    def _btexts(self, ixreader):  # type: ignore[no-untyped-def]
        near = itertools.islice(super()._btexts(ixreader), MAX_EXPANSION_SCAN)
        return _most_frequent(self, ixreader,
                              ((t, ixreader.term_info(self.fieldname, t)) for t in near))

    def matcher(self, searcher, context=None):  # type: ignore[no-untyped-def]
        return _constant_union(self, searcher)


def cap_expansions(q: query.Query) -> query.Query:
    if isinstance(q, query.Prefix) and not isinstance(q, CappedPrefix):
        return CappedPrefix(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, query.FuzzyTerm) and not isinstance(q, CappedFuzzy):
        return CappedFuzzy(q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist,
                            prefixlength=q.prefixlength)
    if q.is_leaf():
        return q
    return q.apply(cap_expansions)
