"""When two records are one paper: arXiv id, DOI, then the title unless evidence conflicts.

A shared title is identity only when nothing contradicts it: different arXiv ids or DOIs,
author lists with no family name in common, years more than one apart (a preprint and its
journal version are often a year apart), or two substantial abstracts that share little.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..models import fold, normalize_title, paper_id
from ..names import family_key, names_of
from .merge import SourceRecord, merge

#: Abstracts shorter than this many words are too thin to contradict anything.
MIN_ABSTRACT_WORDS = 12
#: Below this share of the shorter abstract's words in the other, abstracts differ.
MIN_ABSTRACT_OVERLAP = 0.35
_WORD = re.compile(r"\w+")


def variant_id(title: str, n: int) -> str:
    """The id of the ``n``-th distinct paper sharing ``title`` (n=1 is :func:`paper_id`)."""
    if n <= 1:
        return paper_id(title)
    text = f"{normalize_title(title)}\x00{n}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def conflicts(extra: Mapping[str, Any], abstract: str,
              existing: Sequence[SourceRecord]) -> bool:
    """True when a record (``extra``, ``abstract``) cannot be the paper ``existing`` lists."""
    if not existing:
        return False
    _, other_abstract, other = merge(existing)
    return (_differ(extra.get("arxiv_id"), other.get("arxiv_id"))
            or _differ(_doi(extra.get("doi")), _doi(other.get("doi")))
            or _years_conflict(extra.get("year"), other.get("year"))
            or _authors_conflict(extra, other)
            or _abstracts_conflict(abstract, other_abstract))


def _differ(a: object, b: object) -> bool:
    return bool(a) and bool(b) and str(a).strip().casefold() != str(b).strip().casefold()


def _doi(value: object) -> str:
    text = str(value or "").strip().casefold()
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", text)


def _years_conflict(a: object, b: object) -> bool:
    try:
        return abs(int(a) - int(b)) > 1  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _families(extra: Mapping[str, Any]) -> set[str]:
    names = names_of(extra.get("author_parts"), extra.get("authors") or ())
    return {k for n in names if (k := family_key(n))}


def _authors_conflict(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    mine, theirs = _families(a), _families(b)
    return bool(mine) and bool(theirs) and not mine & theirs


def _words(text: str) -> set[str]:
    # Short words (the, of, and) are shared by any two abstracts; they prove nothing.
    return {w for w in _WORD.findall(fold(text)) if len(w) > 3}


def _abstracts_conflict(a: str, b: str) -> bool:
    mine, theirs = _words(a), _words(b)
    if min(len(mine), len(theirs)) < MIN_ABSTRACT_WORDS:
        return False
    shared = len(mine & theirs) / min(len(mine), len(theirs))
    return shared < MIN_ABSTRACT_OVERLAP
