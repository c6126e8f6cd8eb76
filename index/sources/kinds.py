"""What kind of source listed a paper, and how a citation names it (its provenance)."""

from __future__ import annotations

import os

from ..models import Source

#: Formats that are arXiv's own listings.
ARXIV_KINDS = frozenset({"arxiv-atom", "arxiv-jsonl", "oai-pmh"})
#: Formats that are Hugging Face listings (saved pages and the API's JSON).
HF_KINDS = frozenset({"dailypapers", "hf-json", "hf-api"})
#: Formats holding the user's own reference data: its citation fields win.
REFERENCE_KINDS = frozenset({"bibtex", "csl-json", "ris"})
HF_NAME = "Hugging Face Daily Papers"
_BY_SUFFIX = {".bib": "bibtex", ".ris": "ris", ".csv": "csv", ".tsv": "csv", ".xml": "arxiv-atom",
              ".atom": "arxiv-atom", ".json": "json", ".jsonl": "json", ".ndjson": "json"}


def kind_of(source: Source) -> str:
    """The source's format; for sources stored before formats were recorded, a guess
    from the file name (a page saved as text is a Daily Papers page)."""
    if source.kind:
        return source.kind
    return _BY_SUFFIX.get(os.path.splitext(source.file)[1].lower(), "dailypapers")


def provenance(source: Source) -> str | None:
    """How a citation names where the paper was listed; None for the user's own references
    (their fields speak for themselves)."""
    kind = kind_of(source)
    if kind in REFERENCE_KINDS:
        return None
    if kind in HF_KINDS:
        return f"{HF_NAME}, {source.date}" if source.date else HF_NAME
    if kind in ARXIV_KINDS:
        return "arXiv"
    return os.path.basename(source.file)


def provenances(sources: tuple[Source, ...] | list[Source]) -> list[str]:
    """Each distinct provenance of ``sources``, in a stable (sorted) order."""
    found = {p for s in sources if (p := provenance(s))}
    return sorted(found)
