"""``export --merge``: add the entries a file lacks (by cite key), keep the user's own bytes.

The existing file is never re-rendered: new entries are appended (inside the array for
CSL-JSON), so whatever the user wrote or edited stays exactly as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Paper
from ..store.database import Store
from ..store.personal import notes_for, tags_for
from .bibtex import assign_keys
from .formats import render

_BIB_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)\s*,")
_RIS_KEY = re.compile(r"^ID  - ?(.*?)\s*$", re.MULTILINE)
_MD_KEY = re.compile(r"`([^`\n]+)`\s*$", re.MULTILINE)


class MergeError(ValueError):
    """An existing file that cannot be merged into (the message says why)."""


@dataclass(frozen=True)
class Merged:
    """The merged file's text and how many entries were added or already there."""

    text: str
    added: int
    kept: int


def existing_keys(text: str, fmt: str) -> set[str]:
    """The cite keys an export file of format ``fmt`` already holds."""
    if fmt == "csl-json":
        return {str(item.get("id")) for item in _csl_items(text) if isinstance(item, dict)}
    pattern = {"bibtex": _BIB_KEY, "ris": _RIS_KEY, "markdown": _MD_KEY}[fmt]
    return {m.group(1) for m in pattern.finditer(text)}


def _csl_items(text: str) -> list[object]:
    if not text.strip():
        return []
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        raise MergeError("is not a CSL-JSON array (not JSON); use --force to replace it") from None
    if not isinstance(items, list):
        raise MergeError("is not a CSL-JSON array; use --force to replace it")
    return items


def merge_export(existing: str, store: Store, papers: Sequence[Paper], fmt: str,
                 abstract: bool = True) -> Merged:
    """``existing`` with the papers whose cite key it lacks appended in ``fmt``."""
    have = existing_keys(existing, fmt)
    keys = assign_keys(store, papers)
    new = [p for p in papers if keys[p.id] not in have]
    if not new:
        return Merged(existing, 0, len(papers))
    ids = [p.id for p in new]
    text = render(new, keys, fmt, abstract, tags_for(store, ids), notes_for(store, ids))
    return Merged(_append(existing, text, fmt), len(new), len(papers) - len(new))


def _append(existing: str, text: str, fmt: str) -> str:
    if not existing.strip():
        return text
    if fmt == "csl-json":
        end = existing.rstrip().rfind("]")
        head = existing[:end].rstrip()
        items = text.strip()[1:-1].strip("\n")  # the new array without its brackets
        joiner = ",\n" if _csl_items(existing) else "\n"
        return f"{head}{joiner}{items}\n]\n"
    if fmt == "markdown":
        text = text.split("\n\n", 2)[-1]  # drop the new list's heading and count
    return existing.rstrip("\n") + "\n\n" + text
