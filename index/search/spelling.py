"""Spelling: is a typed word one the library uses, and which readable word is closest.

A word is known when it analyses to indexed terms: ``retrieving`` is never "corrected" to
``retrieval``, nor ``reinforcment`` (which already finds what ``reinforcement`` finds).
Only an unknown word gets a suggestion, and only one that analyses to other terms with
hits. Suggestions are how a few papers write the nearest indexed stem
(``reinforcement``), never stems. No extra index field: ingest pays nothing for it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from whoosh.reading import TermNotFound
from whoosh.support.levenshtein import distance

from ..models import fold
from .schema import text_analyzer

if TYPE_CHECKING:
    from ..store.database import Store

#: Papers read per stem to learn how the library writes it.
SAMPLE_PAPERS = 4
FIELDS = ("title", "abstract")


class Speller:
    """Spelling knowledge for one index version (make a new one after a refresh)."""

    def __init__(self, reader: Any, store: Store, fields: Sequence[str] = FIELDS) -> None:
        self.reader = reader
        self.store = store
        self.fields = [f for f in fields if f in reader.schema]
        self._surfaces: dict[str, Counter[str]] = {}

    def _stems(self, word: str) -> list[str]:
        return [t.text for t in text_analyzer()(word, mode="query")]

    def indexed(self, stem: str) -> bool:
        return any(self.reader.doc_frequency(f, stem) > 0 for f in self.fields)

    def surfaces(self, stem: str) -> Counter[str]:
        """How a few papers write the words indexed as ``stem`` (folded, lowercase)."""
        found = self._surfaces.get(stem)
        if found is not None:
            return found
        ids: list[str] = []
        for fieldname in self.fields:
            try:
                docs = self.reader.postings(fieldname, stem).all_ids()
            except TermNotFound:
                continue
            ids += [self.reader.stored_fields(d)["id"] for d in itertools.islice(docs, 2)]
        found = Counter()
        for paper in self.store.papers(list(dict.fromkeys(ids))[:SAMPLE_PAPERS]):
            text = f"{paper.title}\n{paper.abstract}"
            for term, start, end in text_analyzer().term_spans(text):
                if term == stem:
                    found[fold(text[start:end])] += 1
        self._surfaces[stem] = found
        return found

    def known(self, word: str) -> bool:
        """True when ``word`` analyses to terms the index holds (a stop word is known)."""
        return all(self.indexed(s) for s in self._stems(word))

    def closest(self, word: str) -> str | None:
        """The library's readable word nearest to ``word``: its own stem's spelling, else
        the commonest indexed stem within one (or, for long words, two) edits."""
        stems = self._stems(word)
        if len(stems) != 1:
            return None
        stem, typed = stems[0], fold(word)
        if self.indexed(stem):
            return None  # spelled as the library writes it, or finds the same papers
        stem = self._edited_stem(typed) or self._nearest_stem(stem, len(word))
        if stem is None:
            return None
        options = self.surfaces(stem)
        if not options:
            return None
        return min(options, key=lambda s: (distance(s, typed), -options[s], s))

    def _edited_stem(self, typed: str) -> str | None:
        """The commonest indexed stem of a word one edit from ``typed`` (stems are shorter
        than words, so ``reinforcemnt`` is four edits from ``reinforc`` but one from
        ``reinforcement``)."""
        found: dict[str, int] = {}
        for variant in _edits(typed):
            stems = self._stems(variant)
            if len(stems) == 1 and stems[0] not in found:
                df = sum(self.reader.doc_frequency(f, stems[0]) for f in self.fields)
                if df:
                    found[stems[0]] = df
        return max(found, key=lambda t: (found[t], t)) if found else None

    def _nearest_stem(self, stem: str, length: int) -> str | None:
        for maxdist in (1, 2) if length >= 6 else (1,):
            found = {t: sum(self.reader.doc_frequency(f, t) for f in self.fields)
                     for f in self.fields
                     for t in self.reader.terms_within(f, stem, maxdist, prefix=1)}
            if found:
                return max(found, key=lambda t: (found[t], t))
        return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out
