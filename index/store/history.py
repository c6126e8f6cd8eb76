"""Query history and saved searches, small JSON files in the library directory."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..layout import write_atomic

HISTORY_FILE = "history.json"
SAVED_FILE = "saved_searches.json"
HISTORY_MAX = 200
SLOTS = range(1, 10)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


_LOCK = threading.Lock()  # read-modify-write of these files from several threads


def _write(path: Path, data: object) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))


class History:
    """The queries the user ran, newest first, without repeats."""

    def __init__(self, root: Path, limit: int = HISTORY_MAX) -> None:
        self.path = root / HISTORY_FILE
        self.limit = limit

    def entries(self) -> list[str]:
        data = _read(self.path)
        if not isinstance(data, list):
            return []
        return [e for e in data if isinstance(e, str)]

    def add(self, text: str) -> None:
        """Remember ``text`` as the newest query (blank queries are not kept)."""
        text = " ".join(text.split())
        if not text:
            return
        with _LOCK:
            entries = [text, *(e for e in self.entries() if e != text)]
            _write(self.path, entries[: self.limit])

    def clear(self) -> None:
        _write(self.path, [])


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query kept in slot 1..9, with the sort it was saved with."""

    slot: int
    query: str
    sort: str = "relevance"
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.query


class SavedSearches:
    """Searches saved to slots 1..9 (the TUI binds them to the number keys)."""

    def __init__(self, root: Path) -> None:
        self.path = root / SAVED_FILE

    def _load(self) -> dict[int, SavedSearch]:
        data = _read(self.path)
        out: dict[int, SavedSearch] = {}
        for item in data if isinstance(data, list) else []:
            try:
                saved = SavedSearch(int(item["slot"]), str(item["query"]),
                                    str(item.get("sort", "relevance")), str(item.get("name", "")))
            except (KeyError, TypeError, ValueError):
                continue
            if saved.slot in SLOTS:
                out[saved.slot] = saved
        return out

    def entries(self) -> list[SavedSearch]:
        return [saved for _, saved in sorted(self._load().items())]

    def get(self, slot: int) -> SavedSearch | None:
        return self._load().get(slot)

    def save(self, query: str, slot: int | None = None, sort: str = "relevance",
             name: str = "") -> SavedSearch:
        """Keep ``query`` in ``slot`` (replacing it) or the first free slot.

        Raises ValueError when the slot is not 1..9 or every slot is taken.
        """
        saved = self._load()
        if slot is None:
            same = [s for s in saved.values() if s.query == query and s.sort == sort]
            if same:
                return same[0]
            slot = next((n for n in SLOTS if n not in saved), None)
            if slot is None:
                raise ValueError("all 9 saved-search slots are taken; delete one first")
        if slot not in SLOTS:
            raise ValueError(f"saved-search slot must be 1 to 9, not {slot}")
        saved[slot] = SavedSearch(slot, query, sort, name)
        _write(self.path, [asdict(s) for _, s in sorted(saved.items())])
        return saved[slot]

    def delete(self, slot: int) -> bool:
        """Forget the search in ``slot``; False when it was empty."""
        saved = self._load()
        if saved.pop(slot, None) is None:
            return False
        _write(self.path, [asdict(s) for _, s in sorted(saved.items())])
        return True
