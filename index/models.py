"""Immutable paper records and the stable paper id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Optional metadata keys a source may supply: ``authors`` (list of "First Last"),
#: ``year`` (int), ``arxiv_id`` (without version), ``doi``, ``categories`` (list),
#: ``primary_class``, ``url``, ``bibkey`` (the user's own cite key), ``bibtype`` and
#: ``bibfields`` (a .bib entry's original fields), ``title_latex`` (title as written).
EXTRA_KEYS = ("authors", "year", "arxiv_id", "doi", "categories", "primary_class", "url",
              "bibkey", "bibtype", "bibfields", "title_latex")

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fold(text: str) -> str:
    """Case-fold and strip accents: ``TÜLU`` -> ``tulu``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def normalize_title(title: str) -> str:
    """The title reduced to lowercase words: the basis of a paper's identity."""
    return _NON_WORD.sub(" ", fold(title)).strip()


def paper_id(title: str) -> str:
    """A short stable id for a title; equal for titles that differ only in case,
    accents, whitespace or punctuation."""
    digest = hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()
    return digest[:10]


def clean_text(text: str) -> str:
    """Collapse whitespace and drop control characters (escape sequences included)."""
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Source:
    """Where a paper was listed: the file, the line of its title, the page's date line."""

    file: str
    line: int
    date: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "date": self.date}

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Paper:
    """A distinct paper with every place it was seen."""

    id: str
    title: str
    abstract: str
    sources: tuple[Source, ...] = field(default=())
    added: float = 0.0
    #: Metadata some formats carry (see :data:`EXTRA_KEYS`), merged across sources.
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(self.extra.get("authors") or ())

    @property
    def year(self) -> int | None:
        year = self.extra.get("year")
        return int(year) if year else None

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.date for s in self.sources if s.date))

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "sources": [s.to_dict() for s in self.sources],
        }
        out.update({k: v for k, v in self.extra.items() if k in EXTRA_KEYS})
        return out
