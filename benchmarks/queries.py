"""The fixed query mix, drawn from the corpus vocabulary so it is the same for every size."""

from __future__ import annotations

from dataclasses import dataclass

from .corpus import DEFAULT_SEED, Vocabulary, vocabulary

#: Query classes in report order, with what each one stands for.
CLASSES = {
    "term_common": "one common word (in about a third of the papers)",
    "term_rare": "one rare word (Zipf rank ~20,000)",
    "and2": "two words, both required (common AND mid-frequency)",
    "phrase": "a quoted shared phrase of 2-4 words",
    "prefix": "a prefix, 2-3 letters then * (paperterm caps expansion at 200 terms)",
    "fuzzy": "a misspelt word with ~ (edit distance 1; FTS5 emulated, see fts5.py)",
    "field": "title: alone, and title: with abstract:",
}


@dataclass(frozen=True)
class QueryCase:
    """One query, as typed into paperterm and as an FTS5 MATCH expression."""

    cls: str
    text: str
    match: str
    #: For ``fuzzy``: the misspelt word FTS5 expands at query time (the expansion is timed).
    fuzzy: str | None = None


def _typo(word: str) -> str:
    """Swap one inner letter, deterministically, so the word is one edit away."""
    i = min(2, len(word) - 1)
    replacement = "z" if word[i] != "z" else "q"
    return word[:i] + replacement + word[i + 1:]


def query_mix(per_class: int = 5, seed: int = DEFAULT_SEED) -> list[QueryCase]:
    """``per_class`` queries for each class in :data:`CLASSES`."""
    vocab: Vocabulary = vocabulary(seed)
    c = vocab.content
    n = per_class
    cases: list[QueryCase] = []

    def add(cls: str, text: str, match: str | None = None, fuzzy: str | None = None) -> None:
        cases.append(QueryCase(cls, text, text if match is None else match, fuzzy))

    for w in c[:n]:
        add("term_common", w)
    for w in c[20_000:20_000 + n]:
        add("term_rare", w)
    for i in range(n):
        add("and2", f"{c[i]} {c[200 + i]}")
    for phrase in vocab.phrases[:n]:
        add("phrase", '"' + " ".join(phrase) + '"')
    for i in range(n):
        word = c[i * 7]
        add("prefix", (word[:2] if i % 2 else word[:3]) + "*")
    long_mid = [w for w in c[300:2000] if len(w) >= 6][:n]
    for w in long_mid:
        typo = _typo(w)
        add("fuzzy", f"{typo}~", fuzzy=typo)
    for i in range(n):
        if i % 2:
            add("field", f"title:{c[10 + i]} abstract:{c[100 + i]}")
        else:
            add("field", f"title:{c[10 + i]}")
    return cases


def highlight_queries(per_class: int = 5, seed: int = DEFAULT_SEED) -> list[QueryCase]:
    """The queries whose top 20 get highlighted: common words, AND pairs and a phrase."""
    mix = query_mix(per_class, seed)
    pick = [q for q in mix if q.cls == "term_common"][:2]
    pick += [q for q in mix if q.cls == "and2"][:2]
    pick += [q for q in mix if q.cls == "phrase"][:1]
    return pick
