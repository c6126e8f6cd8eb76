"""Related papers: the library's papers that share a paper's most distinctive words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import classify, query

from ..models import Paper
from .schema import text_analyzer
from .stopwords import FUNCTION_WORDS

if TYPE_CHECKING:
    from .searcher import Searcher

KEY_TERMS = 16
SHARED_SHOWN = 5
#: A paper sharing only one key word with another is a weak match: left out.
MIN_SHARED = 2
#: Function words as the index spells them (stemmed).
_FUNCTION_TERMS = frozenset(t.text for w in FUNCTION_WORDS for t in text_analyzer()(w))


@dataclass(frozen=True, slots=True)
class Related:
    """A paper like another, with the readable key words the two share (strongest first)."""

    paper: Paper
    score: float
    shared: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {**self.paper.to_dict(), "score": round(self.score, 4),
                "shared": list(self.shared)}


def _text(paper: Paper) -> str:
    # The title twice: its words say more about the paper than a sentence of the abstract.
    return f"{paper.title}\n{paper.title}\n{paper.abstract}"


def readable_words(text: str) -> dict[str, str]:
    """Indexed term -> the word as first written in ``text`` (lowercase unless an acronym)."""
    out: dict[str, str] = {}
    for tok in text_analyzer()(text, chars=True, removestops=True):
        if tok.text not in out:
            surface = text[tok.startchar:tok.endchar]
            out[tok.text] = surface if surface.isupper() and len(surface) > 1 else surface.lower()
    return out


def _usable(term: str) -> bool:
    # Function words ("should", "per", "self") say nothing about what a paper is about.
    return len(term) >= 3 and not term.isdigit() and term not in _FUNCTION_TERMS


def related_papers(searcher: Searcher, pid: str, limit: int = 10) -> list[Related]:
    """Papers most like ``pid`` by BM25F over its key terms (Bo1-weighted), best first.

    Raises KeyError when ``pid`` is not in the library.
    """
    paper = searcher.store.paper(pid)
    if paper is None:
        raise KeyError(pid)
    with searcher.using() as s:
        keys = [(t, w) for t, w in s.key_terms_from_text(
            "abstract", _text(paper), numterms=KEY_TERMS + 8, model=classify.Bo1Model)
            if _usable(t)][:KEY_TERMS]
        if not keys:
            return []
        q = query.Or([query.Term(f, t, boost=max(w, 0.05)) for t, w in keys
                      for f in ("title", "abstract")])
        # More than asked for: weak single-word matches are dropped below.
        results = s.search(q, limit=limit * 2, mask=query.Term("id", pid))
        scored = [(hit["id"], hit.score or 0.0) for hit in results]
    names = readable_words(_text(paper))
    out = []
    for other in searcher.store.papers([i for i, _ in scored]):
        score = dict(scored)[other.id]
        terms = {tok.text for tok in text_analyzer()(_text(other))}
        shared = tuple(dict.fromkeys(names.get(t, t) for t, _ in keys if t in terms))
        if len(shared) >= MIN_SHARED:
            out.append(Related(other, score, shared[:SHARED_SHOWN]))
    return sorted(out, key=lambda r: -r.score)[:limit]
