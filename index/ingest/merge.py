"""One paper from every record that lists it: the merge policy.

The result depends only on the set of records, never on the order files were added:
records are ranked by the kind of source (the user's references, then arXiv, then
Hugging Face, then other tables and pages) and, within a kind, by file name and line.

- title (and ``title_latex``): the best-ranked record's.
- abstract (and ``abstract_latex``): the longest; ties go to the better-ranked record.
- ``authors`` and ``author_parts``: the fullest list (most names), parts derived from the
  display names when that source gave none.
- citation fields (``bibkey``, ``bibtype``, ``bibfields``) come together from the
  best-ranked record that has them, so the user's own ``.bib`` entry wins whole.
- ``categories``: the union, best-ranked first; ``arxiv_version``, ``upvotes``,
  ``comments``, ``github_stars``: the largest (counts only grow, versions only advance).
- ``published``: the earliest date (first version / publication).
- every other key: the best-ranked record's non-empty value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..names import names_of
from ..sources.kinds import ARXIV_KINDS, HF_KINDS, REFERENCE_KINDS

_CITATION = ("bibkey", "bibtype", "bibfields")
_LARGEST = ("arxiv_version", "upvotes", "comments", "github_stars")
_SPECIAL = frozenset({"authors", "author_parts", "categories", "published", "title_latex",
                      "abstract_latex", *_CITATION, *_LARGEST})


@dataclass(frozen=True)
class SourceRecord:
    """What one source said about a paper, as stored with the source."""

    title: str
    abstract: str
    kind: str
    file: str
    line: int
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "abstract": self.abstract, "kind": self.kind,
                "extra": dict(self.extra)}


def rank(kind: str) -> int:
    """Lower is trusted more for metadata."""
    if kind in REFERENCE_KINDS:
        return 0 if kind == "bibtex" else 1
    if kind in ARXIV_KINDS:
        return 2
    if kind in HF_KINDS:
        return 3 if kind != "dailypapers" else 5
    return 4


def ordered(records: Iterable[SourceRecord]) -> list[SourceRecord]:
    return sorted(records, key=lambda r: (rank(r.kind), r.file, r.line))


def merge(records: Sequence[SourceRecord]) -> tuple[str, str, dict[str, Any]]:
    """(title, abstract, extra) of the paper these records describe."""
    best = ordered(records)
    if not best:
        return "", "", {}
    extra: dict[str, Any] = {}
    titled = next((r for r in best if r.title), best[0])
    _copy(extra, titled.extra, ("title_latex",))
    # max() keeps the first of equals, so ties go to the better-ranked record.
    longest = max(best, key=lambda r: len(r.abstract))
    _copy(extra, longest.extra, ("abstract_latex",))
    _merge_authors(extra, best)
    cited = next((r for r in best if any(_has(r.extra.get(k)) for k in _CITATION)), None)
    if cited is not None:
        _copy(extra, cited.extra, _CITATION)
    for key in sorted({k for r in best for k in r.extra} - _SPECIAL):
        value = next((r.extra[key] for r in best if _has(r.extra.get(key))), None)
        if value is not None:
            extra[key] = value
    _merge_largest(extra, best)
    categories = [str(c) for r in best for c in _list(r.extra.get("categories"))]
    if categories:
        extra["categories"] = list(dict.fromkeys(categories))
    dates = sorted(str(r.extra["published"]) for r in best if _has(r.extra.get("published")))
    if dates:
        extra["published"] = dates[0]
    return titled.title, longest.abstract, extra


def _has(value: object) -> bool:
    return value not in (None, "", [], {})


def _list(value: object) -> list[Any]:
    if isinstance(value, str):
        return value.split()
    return list(value) if isinstance(value, list | tuple) else []


def _copy(extra: dict[str, Any], source: Mapping[str, Any], keys: Iterable[str]) -> None:
    for key in keys:
        if _has(source.get(key)):
            extra[key] = source[key]


def _merge_authors(extra: dict[str, Any], best: list[SourceRecord]) -> None:
    fullest = max(best, key=lambda r: len(_list(r.extra.get("authors"))))
    authors = [str(a) for a in _list(fullest.extra.get("authors"))]
    if not authors:
        return
    extra["authors"] = authors
    names = names_of(fullest.extra.get("author_parts"), authors)
    extra["author_parts"] = [n.to_list() for n in names]


def _merge_largest(extra: dict[str, Any], best: list[SourceRecord]) -> None:
    for key in _LARGEST:
        values = []
        for record in best:
            try:
                values.append(int(record.extra[key]))
            except (KeyError, TypeError, ValueError):
                continue
        if values:
            extra[key] = max(values)
