"""The baseline: the same papers in SQLite FTS5 (stdlib ``sqlite3``, porter tokenizer)."""

from __future__ import annotations

import json
import sqlite3
import string
from collections.abc import Callable
from pathlib import Path

from whoosh.lang.porter import stem as porter_stem

TOKENIZER = "porter unicode61 remove_diacritics 2"
#: Title weighted like paperterm's TITLE_BOOST; columns are (title, abstract, date).
RANK = "bm25(papers, 2.5, 1.0, 0.0)"
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
_ALPHABET = string.ascii_lowercase + string.digits

Row = tuple[int, str, str]


class Fts5Index:
    """One FTS5 table of papers, with a vocabulary view for fuzzy expansion."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)

    def close(self) -> None:
        self.db.close()

    def build(self, jsonl: Path, progress: Callable[[int], None] | None = None) -> int:
        """Index every paper in ``jsonl`` in one transaction; returns how many."""
        db = self.db
        db.executescript(f"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            DROP TABLE IF EXISTS papers;
            DROP TABLE IF EXISTS papers_vocab;
            CREATE VIRTUAL TABLE papers USING fts5(title, abstract, date UNINDEXED,
                                                   tokenize='{TOKENIZER}');
            CREATE VIRTUAL TABLE papers_vocab USING fts5vocab(papers, 'row');
        """)
        count = 0
        with jsonl.open(encoding="utf-8") as lines, db:
            batch: list[tuple[str, str, str]] = []
            for line in lines:
                item = json.loads(line)
                batch.append((item["title"], item["abstract"], item.get("date") or ""))
                if len(batch) == 1000:
                    db.executemany("INSERT INTO papers(title, abstract, date) VALUES (?, ?, ?)",
                                   batch)
                    count += len(batch)
                    batch = []
                    if progress:
                        progress(count)
            db.executemany("INSERT INTO papers(title, abstract, date) VALUES (?, ?, ?)", batch)
            count += len(batch)
        return count

    def count(self, match: str) -> int:
        return self.db.execute("SELECT count(*) FROM papers WHERE papers MATCH ?",
                               (match,)).fetchone()[0]

    def search(self, match: str, limit: int = 20) -> list[Row]:
        """Best ``limit`` papers by BM25, with their text (paperterm fetches text too)."""
        return self.db.execute(
            f"SELECT rowid, title, abstract FROM papers WHERE papers MATCH ? "
            f"ORDER BY {RANK} LIMIT ?", (match, limit)).fetchall()

    def search_highlighted(self, match: str, limit: int = 20) -> list[Row]:
        """As :meth:`search`, with the title highlighted and an abstract snippet."""
        return self.db.execute(
            f"SELECT rowid, highlight(papers, 0, '{MARK_OPEN}', '{MARK_CLOSE}'), "
            f"snippet(papers, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 32) "
            f"FROM papers WHERE papers MATCH ? ORDER BY {RANK} LIMIT ?",
            (match, limit)).fetchall()

    def fuzzy_match(self, word: str) -> str:
        """A MATCH expression for ``word`` within edit distance 1 (FTS5 has no fuzzy).

        Emulated the usual way: every edit of the word, looked up in the vocabulary.
        """
        word = word.lower()
        # The vocabulary holds Porter stems, so try edits of the stem too (``buzity`` is
        # indexed as ``buziti``); Whoosh's Porter stemmer is the same algorithm as FTS5's.
        stemmed = porter_stem(word)
        candidates = sorted(_edits1(word) | _edits1(stemmed) | {word, stemmed})
        marks = ",".join("?" * len(candidates))
        found = [t for (t,) in self.db.execute(
            f"SELECT term FROM papers_vocab WHERE term IN ({marks})", candidates)]
        if not found:
            return f'"{word}"'
        return " OR ".join(f'"{t}"' for t in found)

    def fuzzy_search(self, word: str, limit: int = 20) -> list[Row]:
        return self.search(self.fuzzy_match(word), limit)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return deletes | swaps | replaces | inserts
