"""Checking a response body before it is saved: a page that is not what was asked for
(an HTML error page, invalid JSON, a cut-off feed, another encoding) is one line, not a file."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@dataclass(frozen=True, slots=True)
class Page:
    """What a good body holds: how many papers, and how many the server has in all."""

    items: int
    total: int | None = None


def check_hf(body: bytes) -> Page | str:
    """A Hugging Face Papers API body: a JSON array or ``{"dailyPapers": [...]}``."""
    text = _utf8(body)
    if not isinstance(text, str):
        return text.reason
    if _is_html(text):
        return "an HTML page, not the JSON asked for (an error page?)"
    try:
        value = json.loads(text)
    except ValueError as exc:
        return f"invalid JSON ({exc.msg} at line {exc.lineno}; cut off?)"
    if isinstance(value, dict) and isinstance(value.get("dailyPapers"), list):
        value = value["dailyPapers"]
    if not isinstance(value, list):
        return "JSON that is not a list of papers"
    return Page(len(value))


def check_atom(body: bytes) -> Page | str:
    """An arXiv API body: an Atom feed (an error feed's message is the reason)."""
    text = _utf8(body)
    if not isinstance(text, str):
        return text.reason
    if _is_html(text):
        return "an HTML page, not the Atom feed asked for (an error page?)"
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        return f"invalid XML ({str(exc).split(':')[0]}; cut off?)"
    if root.tag != f"{ATOM}feed":
        return "XML that is not an Atom feed"
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        if "/api/errors" in (entry.findtext(f"{ATOM}id") or ""):
            return "arXiv API error: " + " ".join(
                (entry.findtext(f"{ATOM}summary") or "unknown").split())
    total = (root.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    return Page(len(entries), int(total) if total.isdigit() else None)


@dataclass(frozen=True, slots=True)
class _Bad:
    reason: str


def _utf8(body: bytes) -> str | _Bad:
    if not body.strip():
        return _Bad("empty response")
    try:
        return body.decode("utf-8-sig" if body.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError as exc:
        return _Bad(f"not UTF-8 (byte {exc.start}); not read")


def _is_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
