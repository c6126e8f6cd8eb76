"""Saved responses: every body a fetch used, kept in the library with where it came from.

``responses/<host>/<name>.meta.json`` says, for one URL, when it was fetched, its ETag and
Last-Modified (for the next conditional request) and which body file holds the latest
response; bodies are ``<name>.<hash>.<ext>``, named by their content, so a changed
response never replaces the one that listed yesterday's papers and an unchanged one is the
same file (which ``add`` skips). The body is written before its meta file: a kill between
the two leaves the previous state, never a meta file pointing at nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..layout import responses_path, write_atomic
from .bodies import Page
from .http import Response

_UNSAFE = re.compile(r"[^A-Za-z0-9._=-]+")
MAX_NAME = 90


@dataclass(frozen=True, slots=True)
class Saved:
    """The latest saved response for a URL."""

    url: str
    file: str
    fetched: float
    etag: str | None = None
    last_modified: str | None = None
    items: int = 0
    total: int | None = None

    @property
    def page(self) -> Page:
        return Page(self.items, self.total)


def base_name(url: str) -> str:
    """A readable, unique file name stem for a URL: its path and query, then a hash."""
    parts = urlsplit(url)
    path = parts.path.removeprefix("/api/").strip("/") or "index"
    readable = _UNSAFE.sub("_", f"{path}.{parts.query}" if parts.query else path)
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{readable[:MAX_NAME].strip('._')}.{digest}"


def folder(root: Path, url: str) -> Path:
    parts = urlsplit(url)
    host = _UNSAFE.sub("_", parts.netloc) or "local"
    return responses_path(root) / host


def lookup(root: Path, url: str) -> Saved | None:
    """The saved response for ``url`` (None if never saved, or its body is gone)."""
    meta = folder(root, url) / f"{base_name(url)}.meta.json"
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        saved = Saved(**data)
    except (OSError, ValueError, TypeError):
        return None
    return saved if saved.url == url and Path(saved.file).is_file() else None


def save(root: Path, response: Response, page: Page, suffix: str) -> Saved:
    """Keep a response's body (once per content) and point the URL's meta file at it."""
    where = folder(root, response.url)
    where.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(response.body).hexdigest()[:12]
    body = where / f"{base_name(response.url)}.{digest}{suffix}"
    if not body.is_file():
        write_atomic(body, response.body)
    saved = Saved(response.url, str(body.resolve()), time.time(), response.etag,
                  response.last_modified, page.items, page.total)
    _write_meta(root, saved)
    return saved


def refreshed(root: Path, saved: Saved, response: Response) -> Saved:
    """A ``304 Not Modified``: the same body, fetched again now."""
    again = Saved(saved.url, saved.file, time.time(), response.etag or saved.etag,
                  response.last_modified or saved.last_modified, saved.items, saved.total)
    _write_meta(root, again)
    return again


def conditional_headers(saved: Saved | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for a URL saved before."""
    headers: dict[str, str] = {}
    if saved is not None and saved.etag:
        headers["If-None-Match"] = saved.etag
    if saved is not None and saved.last_modified:
        headers["If-Modified-Since"] = saved.last_modified
    return headers


def _write_meta(root: Path, saved: Saved) -> None:
    meta = folder(root, saved.url) / f"{base_name(saved.url)}.meta.json"
    write_atomic(meta, json.dumps(asdict(saved), indent=2, ensure_ascii=False) + "\n")
