"""Relevance: BM25F over title, abstract and authors, how much of the query a paper covers,
and how close together its words are. The one scoring path of every ranked search.

A query is a list of *concepts*: its top-level clauses (a word, a phrase, a word with the
library's other spellings). A concept scores a paper by its best alternative; a word by
BM25F (term frequencies of all fields, weighted and length-normalised, then saturated once,
Robertson & Zaragoza 2009). A short query ranks the papers with all its concepts first,
then those with most; a sentence-long query multiplies the score by the share of its
concepts' weight (IDF times repeats) a paper covers, raised to ``SHORT_QUERY / n`` so
that each missing word of a long sentence costs less. The best ``PROXIMITY_DEPTH`` papers
gain for pairs of query words close together, most for adjacent query words in order
(a phrase), in the manner of Rasolofo & Savoy 2003.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query
from whoosh.reading import TermNotFound

from .schema import TITLE_BOOST

K1 = 1.2
B = 0.75
#: Field weights: a title word counts for more; an author's name matches plain words but
#: ranks below a title match.
FIELD_WEIGHTS = {"title": TITLE_BOOST, "abstract": 1.0, "author": 0.6}
PROXIMITY_FIELDS = ("title", "abstract")
PROXIMITY_DEPTH = 100
#: Words further apart than this do not count as close.
WINDOW = 5
#: A pair of close words breaks ties between papers with the same words; it is weak
#: evidence next to another query word: at most a tenth of the rarer word's IDF
#: (saturated like a term frequency). Stronger weights cost CISI 4-9% MAP.
PROXIMITY_WEIGHT = 0.1
#: Adjacent query words found adjacent and in order (a phrase) count this much more.
PHRASE_FACTOR = 2.0
#: Up to this many concepts, papers with all of them come first (see querytext).
SHORT_QUERY = 4


@dataclass(slots=True)
class Concept:
    """One top-level clause: its term alternatives, other alternatives, weight and IDF."""

    terms: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    others: list[query.Query] = field(default_factory=list)
    weight: int = 1
    idf: float = 0.0
    key: str = ""


def concepts_of(q: query.Query) -> list[query.Query]:
    """The positive top-level clauses of an unnormalised parsed query."""
    if isinstance(q, (query.Or, query.And)):
        return [c for sub in q.subqueries for c in _clauses(sub)]
    if isinstance(q, query.AndNot):
        return concepts_of(q.a)
    if isinstance(q, (query.AndMaybe, query.Require)):
        return concepts_of(q.a) + concepts_of(q.b)
    if isinstance(q, query.Not) or q is query.NullQuery:
        return []
    return [q]


def _clauses(q: query.Query) -> list[query.Query]:
    # A group of one clause (the parser wraps each word) is that clause.
    if isinstance(q, (query.AndNot, query.AndMaybe, query.Require, query.Not)):
        return concepts_of(q)
    return [q]


def _positive_leaves(q: query.Query) -> Iterable[query.Query]:
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for sub in q.children():
        yield from _positive_leaves(sub)


def build_concepts(raw: Sequence[query.Query]) -> list[Concept]:
    """Concepts from clauses, repeats merged into one concept of higher weight."""
    out: dict[str, Concept] = {}
    for clause in raw:
        normal = clause.normalize()
        key = repr(normal)
        if key in out:
            out[key].weight += 1
            continue
        concept = Concept(key=key)
        words: dict[str, list[str]] = defaultdict(list)
        for leaf in _positive_leaves(normal):
            if type(leaf) is query.Term and leaf.fieldname in FIELD_WEIGHTS:
                words[leaf.text].append(leaf.fieldname)
            elif leaf is not query.NullQuery and not isinstance(leaf, query.Every):
                concept.others.append(leaf)
        concept.terms = [(t, tuple(dict.fromkeys(f))) for t, f in words.items()]
        if concept.terms or concept.others:
            out[key] = concept
    return list(out.values())


class Ranker:
    """Scores the papers of one Whoosh searcher (one index version)."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.n = max(1, self.reader.doc_count_all())
        self._avg: dict[str, float] = {}

    def _avg_length(self, fieldname: str) -> float:
        if fieldname not in self._avg:
            total = self.reader.field_length(fieldname)
            self._avg[fieldname] = max(1.0, total / self.n)
        return self._avg[fieldname]

    def idf(self, df: int) -> float:
        return math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    def term_scores(self, text: str, fields: Sequence[str]) -> tuple[dict[int, float], float]:
        """BM25F of one word over ``fields``: score per document, and the word's IDF."""
        acc: dict[int, float] = defaultdict(float)
        df = 0
        reader = self.reader
        for fieldname in fields:
            try:
                m = reader.postings(fieldname, text)
            except TermNotFound:
                continue
            df = max(df, reader.doc_frequency(fieldname, text))
            boost = reader.schema[fieldname].format.field_boost or 1.0
            weight = FIELD_WEIGHTS.get(fieldname, 1.0) / boost
            avg = self._avg_length(fieldname)
            length = reader.doc_field_length
            while m.is_active():
                doc = m.id()
                norm = (1.0 - B) + B * length(doc, fieldname, 1) / avg
                acc[doc] += weight * m.weight() / norm
                m.next()
        idf = self.idf(df)
        return {d: idf * x / (K1 + x) for d, x in acc.items()}, idf

    def other_scores(self, q: query.Query) -> tuple[dict[int, float], float]:
        """A phrase by its words' BM25F where it matches; a prefix or fuzzy term flat."""
        docs = set(self.searcher.docs_for_query(q))
        if not docs:
            return {}, 0.0
        idf = self.idf(len(docs))
        if isinstance(q, query.Phrase):
            # One concept, weighed as one word of the phrase's rarity: its words' mean
            # saturated frequency times the phrase's IDF.
            total: dict[int, float] = defaultdict(float)
            for word in q.words:
                scores, word_idf = self.term_scores(word, [q.fieldname])
                for d in docs:
                    total[d] += scores.get(d, 0.0) / (word_idf or 1.0) / len(q.words)
            return {d: idf * x for d, x in total.items()}, idf
        weight = FIELD_WEIGHTS.get(getattr(q, "fieldname", ""), 1.0)
        return {d: idf * weight * 0.5 for d in docs}, idf

    def concept_scores(self, concept: Concept) -> dict[int, float]:
        """Each document's best alternative of ``concept``; sets the concept's IDF."""
        best: dict[int, float] = {}
        idf = 0.0
        parts = [self.term_scores(t, f) for t, f in concept.terms]
        parts += [self.other_scores(q) for q in concept.others]
        for scores, part_idf in parts:
            idf = max(idf, part_idf)
            for d, s in scores.items():
                if s > best.get(d, -1.0):
                    best[d] = s
        concept.idf = idf
        return best

    def rank(self, concepts: Sequence[Concept], allowed: set[int] | None,
             limit: int | None) -> tuple[list[tuple[int, float]], int]:
        """The best ``limit`` documents (None: all) with scores, and how many matched.

        ``allowed`` is the match set when the query's structure decides it (AND, NOT,
        phrases, filters); else a document matches by holding any concept.
        """
        per = [self.concept_scores(c) for c in concepts]
        total_weight = sum(c.idf * c.weight for c in concepts) or 1.0
        short = len(concepts) <= SHORT_QUERY
        # The longer the sentence, the less each missing word should cost.
        soft = SHORT_QUERY / max(len(concepts), 1)
        docs: set[int] = set().union(*per) if per else set()
        if allowed is not None:
            docs &= allowed
        keyed: dict[int, tuple[int, float]] = {}
        share: dict[int, float] = {}
        base: dict[int, float] = {}
        for d in docs:
            score = covered = 0.0
            count = 0
            for c, scores in zip(concepts, per, strict=True):
                s = scores.get(d)
                if s is not None:
                    score += c.weight * s
                    covered += c.weight * c.idf
                    count += 1
            base[d] = score
            share[d] = 1.0 if short else (covered / total_weight) ** soft
            keyed[d] = (count if short else 0, score * share[d])
        depth = max(PROXIMITY_DEPTH, limit or 0)
        top = heapq.nlargest(depth, keyed, key=keyed.__getitem__)
        bonus = self.proximity(concepts, top) if len(concepts) > 1 else {}
        for d, extra in bonus.items():
            keyed[d] = (keyed[d][0], (base[d] + extra) * share[d])
        if limit is None or limit > depth:
            order = sorted(keyed, key=lambda d: (keyed[d], -d), reverse=True)
        else:
            order = sorted(top, key=lambda d: (keyed[d], -d), reverse=True)
        shown = order if limit is None else order[:limit]
        return [(d, keyed[d][1]) for d in shown], len(docs)

    def proximity(self, concepts: Sequence[Concept], docs: Sequence[int]) -> dict[int, float]:
        """Extra score for query words close together in a title or abstract."""
        if not docs:
            return {}
        wanted = sorted(docs)
        hits: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
        for index, concept in enumerate(concepts):
            for text, fields in concept.terms:
                for fieldname in fields:
                    if fieldname in PROXIMITY_FIELDS:
                        for d, pos in self._positions(fieldname, text, wanted):
                            hits[(d, fieldname)] += [(p, index) for p in pos]
        bonus: dict[int, float] = defaultdict(float)
        for (d, fieldname), found in hits.items():
            pairs = _close_pairs(sorted(found))
            weight = FIELD_WEIGHTS[fieldname] / FIELD_WEIGHTS["abstract"]
            for (a, b), acc in pairs.items():
                pair_idf = min(concepts[a].idf, concepts[b].idf)
                bonus[d] += PROXIMITY_WEIGHT * weight * pair_idf * acc / (acc + K1)
        return bonus

    def _positions(self, fieldname: str, text: str,
                   docs: Sequence[int]) -> Iterable[tuple[int, list[int]]]:
        try:
            m = self.reader.postings(fieldname, text)
        except TermNotFound:
            return
        for d in docs:
            if not m.is_active():
                return
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    return
            if m.id() == d:
                yield d, m.value_as("positions")


def _close_pairs(found: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """Pairs of concepts adjacent in the query found at most ``WINDOW`` apart: the sum of
    1/distance², doubled for the two in the query's order side by side."""
    out: dict[tuple[int, int], float] = defaultdict(float)
    for i, (pos, concept) in enumerate(found):
        for later, other in found[i + 1:]:
            gap = later - pos
            if gap > WINDOW:
                break
            if abs(other - concept) != 1 or gap <= 0:
                continue  # only words next to each other in the query
            value = 1.0 / (gap * gap)
            if gap == 1 and other == concept + 1:
                value *= PHRASE_FACTOR
            out[(min(concept, other), max(concept, other))] += value
    return out
