"""The database is the truth: damaged, lost or empty it is said in one line, never replaced."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.layout import database_path
from paperterm.index.store import backup
from paperterm.index.store.health import LibraryDamaged

from ..conftest import SYNTHETIC
from .helpers import one_line, run


@pytest.fixture
def kept(capsys, small_library: Library) -> Path:
    """A closed library with a bookmark, a tag and a note (so it has a backup)."""
    root = small_library.root
    pid = next(small_library.store.iter_papers()).id
    small_library.close()
    lib = str(root)
    assert run(capsys, "bookmark", "add", "--library", lib, pid)[0] == 0
    assert run(capsys, "tag", "--library", lib, pid, "reading")[0] == 0
    assert run(capsys, "note", "--library", lib, pid, "remember this")[0] == 0
    return root


def test_changes_to_personal_state_are_backed_up(kept: Path) -> None:
    [path] = backup.backups(kept)
    data = json.loads(path.read_text())
    [(_pid, state)] = data["papers"].items()
    assert state["note"] == "remember this" and state["tags"] == ["reading"]
    assert "bookmarked" in state
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files


def test_backups_rotate(small_library: Library) -> None:
    store, root = small_library.store, small_library.root
    pid = next(store.iter_papers()).id
    for day in range(1, 11):
        store.bookmark([pid]) if day % 2 else store.unbookmark([pid])
        assert backup.auto_backup(store, root, today=f"2026-01-{day:02d}") is not None
    assert backup.auto_backup(store, root, today="2026-01-11") is None  # nothing changed
    names = [p.name for p in backup.backups(root)]
    assert names == [f"personal-2026-01-{d:02d}.json" for d in range(4, 11)]


def test_database_that_is_not_a_database(capsys, kept: Path) -> None:
    path = database_path(kept)
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    path.write_bytes(b"this is not SQLite at all" * 100)
    before = path.read_bytes()
    code, _, err = run(capsys, "search", "--library", str(kept), "zebra")
    line = one_line(err)
    assert code == 1 and "is damaged (file is not a database)" in line
    assert f"paperterm library import {backup.latest_backup(kept)}" in line
    assert path.read_bytes() == before


def test_malformed_database(capsys, kept: Path) -> None:
    path = database_path(kept)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):  # every page but the header's
        data[page * 4096: page * 4096 + 100] = b"\xa5" * 100
    path.write_bytes(bytes(data))
    for argv in (("stats",), ("search", "zebra"), ("bookmark", "list"), ("notes",)):
        code, _, err = run(capsys, *argv, "--library", str(kept))
        assert code == 1 and "is damaged" in one_line(err), argv


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_lost_database_is_not_replaced_silently(capsys, kept: Path, how: str) -> None:
    path = database_path(kept)
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    if how == "deleted":
        path.unlink()
    else:
        path.write_bytes(b"")
    for argv in (("search", "zebra"), ("stats",), ("bookmark", "list")):
        code, out, err = run(capsys, *argv, "--library", str(kept))
        line = one_line(err)
        assert code == 1 and out == ""
        assert "but this folder held papers; nothing was replaced" in line
        assert "library import" in line and str(backup.latest_backup(kept)) in line
    assert path.exists() == (how == "emptied")
    with pytest.raises(LibraryDamaged):
        Library.open(kept)
    # Restoring is allowed, and says it started a new database.
    code, out, err = run(capsys, "library", "import", "--library", str(kept),
                         str(backup.latest_backup(kept)))
    assert code == 0 and "started a new one" in err and "imported 1 bookmark," in out
    assert run(capsys, "bookmark", "list", "--library", str(kept))[0] == 0


def test_new_library_still_starts_empty_without_a_word(capsys, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    code, out, err = run(capsys, "stats", "--library", str(fresh))
    assert code == 1 and "no library at" in err and not fresh.exists()
    page = tmp_path / "page.txt"
    page.write_text("Mar 11\n\nTeapots Are All You Need\n\nWe pour tea from a teapot.\n")
    code, out, err = run(capsys, "add", "--library", str(fresh), str(page))
    assert code == 0 and "database" not in err
    code, out, err = run(capsys, "stats", "--library", str(fresh))
    assert code == 0 and err == "" and "papers       1" in out


def test_rollback_after_a_failed_write_keeps_the_real_error(small_library: Library) -> None:
    store = small_library.store
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.execute("INSERT INTO bookmarks(paper_id, created) VALUES ('a', 1)")
        store.execute("ROLLBACK")  # as SQLite does by itself on a full disk
        store.execute("INSERT INTO citekeys(paper_id, key) VALUES ('x', NULL)")
    assert store.count() == len(SYNTHETIC)
