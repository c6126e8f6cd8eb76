"""Immutable paper records and the stable paper id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .names import Name

#: Optional metadata keys a source may supply, named as in the metadata contract
#: (/work/notes/COMMON.md; each key's sources and merge rule: ``ingest/merge.py``).
EXTRA_KEYS = ("authors", "author_parts", "year", "published", "arxiv_id", "arxiv_version",
              "doi", "categories", "primary_class", "url", "pdf_url", "hf_url", "code_url",
              "project_url", "journal", "booktitle", "publisher", "volume", "pages",
              "bibkey", "bibtype", "bibfields", "title_latex", "abstract_latex",
              "upvotes", "comments", "ai_summary", "ai_keywords", "github_stars",
              "organization")

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


def _text(value: object) -> str | None:
    if value is None:
        return None
    return clean_text(str(value)) or None


def _int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


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
    #: The format the file was read as (``bibtex``, ``arxiv-atom``, ``csv``...), when known.
    kind: str | None = field(default=None, compare=False)

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
        """Display names "Given Family" in source order."""
        return tuple(self.extra.get("authors") or ())

    @property
    def author_names(self) -> tuple[Name, ...]:
        """Structured names (family, given, suffix), given by the source or parsed."""
        from .names import names_of

        return tuple(names_of(self.extra.get("author_parts"), self.authors))

    @property
    def author_families(self) -> tuple[str, ...]:
        """Family names ("Del Maestro", "van der Berg"): what ``author:`` matches first."""
        return tuple(n.family for n in self.author_names if n.family)

    @property
    def year(self) -> int | None:
        year = self.extra.get("year")
        return int(year) if year else None

    @property
    def published(self) -> str | None:
        """``YYYY-MM-DD`` (or ``YYYY-MM``) of the first version or publication."""
        return _text(self.extra.get("published"))

    @property
    def arxiv_id(self) -> str | None:
        return _text(self.extra.get("arxiv_id"))

    @property
    def arxiv_version(self) -> int | None:
        return _int(self.extra.get("arxiv_version"))

    @property
    def doi(self) -> str | None:
        return _text(self.extra.get("doi"))

    @property
    def categories(self) -> tuple[str, ...]:
        value = self.extra.get("categories") or ()
        return tuple(value.split()) if isinstance(value, str) else tuple(map(str, value))

    @property
    def primary_class(self) -> str | None:
        return _text(self.extra.get("primary_class")) or next(iter(self.categories), None)

    @property
    def venue(self) -> str | None:
        """The journal, else the proceedings' title."""
        return _text(self.extra.get("journal")) or _text(self.extra.get("booktitle"))

    @property
    def entry_type(self) -> str | None:
        """The BibTeX entry type the sources give (``article``, ``inproceedings``...)."""
        return (_text(self.extra.get("bibtype")) or "").lower() or None

    @property
    def urls(self) -> dict[str, str]:
        """Known links by contract name (``url``, ``pdf_url``, ``hf_url``, ...)."""
        keys = ("url", "pdf_url", "hf_url", "code_url", "project_url")
        return {k: v for k in keys if (v := _text(self.extra.get(k)))}

    @property
    def upvotes(self) -> int | None:
        return _int(self.extra.get("upvotes"))

    @property
    def ai_keywords(self) -> tuple[str, ...]:
        return tuple(str(k) for k in self.extra.get("ai_keywords") or ())

    @property
    def kinds(self) -> tuple[str, ...]:
        """The source formats that list this paper, each once."""
        from .sources.kinds import kind_of

        return tuple(dict.fromkeys(kind_of(s) for s in self.sources))

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
