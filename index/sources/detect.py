"""Telling formats apart by their first few kilobytes (the file name is only a tie-breaker)."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

#: Every format ``add`` reads, by the name ``--format`` takes.
FORMATS = ("dailypapers", "arxiv-atom", "arxiv-jsonl", "bibtex", "csv", "json", "oai-pmh",
           "hf-api")

SNIFF_BYTES = 16384
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_BIB_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_ATOM_DOCTYPE = re.compile(r"<!DOCTYPE\s+(?:atom:)?feed[\s\[>]")
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_JSON_START = re.compile(r'\[\s*(?:[-\d{\["\]]|true|false|null|$)|\{\s*(?:["}]|$)')
# A Hugging Face Papers API response: items with a nested "paper" object.
_HF_API = re.compile(r'"dailyPapers"\s*:\s*\[|"paper"\s*:\s*\{')
_TITLE_HEADERS = frozenset({"title", "name", "paper", "paper title", "paper_title"})
_ABSTRACT_HEADERS = frozenset({"abstract", "summary", "description"})
_SUFFIX_FORMATS = {
    ".bib": "bibtex", ".csv": "csv", ".tsv": "csv", ".json": "json", ".jsonl": "json",
    ".ndjson": "json", ".xml": "arxiv-atom", ".atom": "arxiv-atom",
}


class NotAListing(ValueError):
    """The content is of a kind paperterm cannot read (the message says which).

    ``overridable`` is False for binary and empty files, which no ``--format`` can read.
    """

    def __init__(self, message: str, overridable: bool = True) -> None:
        super().__init__(message)
        self.overridable = overridable


def sniff(path: Path, head: bytes) -> str:
    """The format of a file whose first bytes are ``head``; raises :class:`NotAListing`."""
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        raise NotAListing("binary file, not a listing", overridable=False)
    text = _decode_head(head).lstrip("\ufeff \t\r\n")
    if not text:
        raise NotAListing("empty file", overridable=False)
    if _looks_binary(text):
        raise NotAListing("binary file, not a listing", overridable=False)
    by_name = _SUFFIX_FORMATS.get(path.suffix.lower())
    if text.startswith(("<?xml", "<feed", "<!")) or _HTML.match(text) or (
            text[0] == "<" and by_name == "arxiv-atom"):
        return _sniff_markup(text)
    # "[Re] Reproducing ..." may be a page's first title; a .json name settles it.
    if _JSON_START.match(text) or (text[0] in "[{" and by_name == "json"):
        return _sniff_json(text)
    if _BIB_ENTRY.search(text) and (text.startswith(("@", "%")) or path.suffix == ".bib"):
        return "bibtex"
    if _is_csv_header(text.splitlines()[:2]):
        return "csv"
    if _HTML.search(text[:2000]):
        raise NotAListing("an HTML page, not a listing (save the page as text)")
    # Content did not decide: a .csv without a title column or a .bib without entries is
    # still best reported by its own parser.
    return by_name if by_name in ("csv", "bibtex") else "dailypapers"


def _decode_head(head: bytes) -> str:
    if head.startswith(UTF16_BOMS):  # Windows "Unicode" text
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut in half at the sniff boundary
            return head[: exc.start].decode("utf-8-sig")
        return head.decode("cp1252", errors="replace")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(8, len(text[:4096]) // 100)


def _sniff_markup(text: str) -> str:
    if _HTML.search(text[:4000]):
        raise NotAListing("an HTML page, not a listing (save the page as text)")
    if "<feed" in text and "http://www.w3.org/2005/Atom" in text:
        return "arxiv-atom"
    if "<OAI-PMH" in text:  # a harvest page: ListRecords of arXiv or Dublin Core metadata
        return "oai-pmh"
    if _ATOM_DOCTYPE.search(text) and "<feed" not in text:
        # A DTD longer than the sniffed head hides the root; it is named in the DOCTYPE,
        # and the Atom parser checks the rest.
        return "arxiv-atom"
    raise NotAListing("XML that is not an Atom feed (arXiv API results are)")


def _sniff_json(text: str) -> str:
    if _HF_API.search(text):
        return "hf-api"
    first = text.splitlines()[0].strip()
    if first.startswith("{"):
        try:
            obj = json.loads(first)
        except (ValueError, RecursionError):
            return "json"
        if isinstance(obj, dict) and {"id", "abstract"} <= obj.keys() and (
                "categories" in obj or "versions" in obj):
            return "arxiv-jsonl"
    return "json"


def _is_csv_header(lines: list[str]) -> bool:
    """A header row naming a title column, followed by a row of the same width (so a
    page whose first title is "Paper, Please" stays a page)."""
    for delimiter in (",", "\t", ";", "|"):
        if delimiter not in lines[0]:
            continue
        cells = [c.strip().strip('"').strip().casefold() for c in lines[0].split(delimiter)]
        if not set(cells) & _TITLE_HEADERS:
            continue
        if set(cells) & _ABSTRACT_HEADERS or (
                len(lines) > 1 and lines[1].count(delimiter) >= len(cells) - 1):
            return True
    return False
