"""Hugging Face Papers API JSON: ``/api/daily_papers`` and ``/api/papers/search`` responses.

A top-level array (or ``{"dailyPapers": [...]}``) of items, each with the listing's
``title``, ``summary``, ``publishedAt``, ``numComments``, ``organization`` and a nested
``paper`` (``id`` is the arXiv id). Every field the metadata contract names is kept; the
day the paper was listed is the record's date, as a page dump's date line is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from . import Problem, Record
from .arxiv import abs_url, arxiv_id
from .tabular import _json_values, _JsonError
from .text import open_text

HF_PAPERS = "https://huggingface.co/papers/"


def parse_file(path: Path, name: str | None = None) -> Iterator[Record | Problem]:
    """Items of a Daily Papers or paper search response, streamed."""
    name = name or str(path)
    with open_text(path) as handle:
        try:
            for line, value in _json_values(handle):
                yield item_record(value, name, line)
        except _JsonError as exc:
            yield Problem(name, exc.line, f"invalid JSON: {exc}")


def item_record(item: object, file: str, line: int) -> Record | Problem:
    """One API item as a record; an item without a title is a problem."""
    if not isinstance(item, Mapping):
        return Problem(file, line, f"a JSON {type(item).__name__}, not an item; skipped")
    paper = item.get("paper") if isinstance(item.get("paper"), Mapping) else {}
    title = _text(item.get("title")) or _text(paper.get("title"))
    if not title:
        return Problem(file, line, "item without a title; skipped")
    abstract = _text(item.get("summary")) or _text(paper.get("summary"))
    listed = _day(paper.get("submittedOnDailyAt")) or _day(item.get("publishedAt"))
    return Record(title, abstract, file, line, listed, metadata(item, paper))


def metadata(item: Mapping[str, Any], paper: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's ``extra`` keys from an item and its nested paper."""
    extra: dict[str, Any] = {}
    authors = [_text(a.get("name")) for a in _list(paper.get("authors"))
               if isinstance(a, Mapping)]
    if authors := [a for a in authors if a]:
        extra["authors"] = authors
    if published := _day(paper.get("publishedAt")):
        extra["published"] = published
        extra["year"] = int(published[:4])
    if identifier := arxiv_id(_text(paper.get("id"))):
        extra.update(arxiv_id=identifier, url=abs_url(identifier),
                     pdf_url=f"https://arxiv.org/pdf/{identifier}",
                     hf_url=HF_PAPERS + identifier)
    _put_int(extra, "upvotes", paper.get("upvotes"))
    _put_int(extra, "comments", item.get("numComments"))
    _put_int(extra, "github_stars", paper.get("githubStars"))
    for key, value in (("ai_summary", paper.get("ai_summary")),
                       ("code_url", paper.get("githubRepo")),
                       ("project_url", paper.get("projectPage")),
                       ("organization", _organization(item.get("organization")
                                                      or paper.get("organization")))):
        if text := _text(value):
            extra[key] = text
    if keywords := [_text(k) for k in _list(paper.get("ai_keywords")) if _text(k)]:
        extra["ai_keywords"] = keywords
    return extra


def _organization(value: object) -> str:
    """An organisation is a name, or an object with ``fullname`` / ``name``."""
    if isinstance(value, Mapping):
        return _text(value.get("fullname")) or _text(value.get("name"))
    return _text(value)


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _day(value: object) -> str | None:
    """``2026-03-11`` from an ISO timestamp, or None."""
    text = _text(value)[:10]
    ok = len(text) == 10 and text[:4].isdigit() and text[4] == "-" and text[7] == "-"
    return text if ok else None


def _put_int(extra: dict[str, Any], key: str, value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        extra[key] = value
