"""A full disk and a read-only folder: one line from each command, nothing lost.

These run on a real tmpfs (mounted by the test as root, skipped with a reason otherwise).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths

from ..conftest import SYNTHETIC, write_page
from .helpers import fill, one_line, papers_json, read_only_copy, run, small_disk, write_json


@pytest.fixture
def disk_library(tmp_path: Path):
    """A library with five papers and a bookmark on a 5 MB tmpfs, and the filler to free."""
    with small_disk(tmp_path) as disk:
        root = disk / "lib"
        with Library.open(root) as library:
            add_paths(library, [write_page(disk / "page.txt", SYNTHETIC)])
            library.store.bookmark([next(library.store.iter_papers()).id])
        yield root


def _no_temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or ".build-" in p.name]


def test_full_disk_one_line_from_every_command(capsys, disk_library: Path) -> None:
    disk = disk_library.parent
    refs = disk / "refs.bib"
    refs.write_text("@misc{mine, title = {My own entry}}\n" * 1000)
    backup = disk / "backup.json"
    backup.write_text("{}\n")
    before = refs.read_bytes(), backup.read_bytes()
    big = write_json(disk / "more.json", papers_json(400))
    with Library.open(disk_library) as library:
        pid = next(library.store.iter_papers()).id
    filler = fill(disk)
    lib = str(disk_library)
    commands = [
        ("export", "--bookmarks", "-o", str(refs), "--force"),
        ("library", "export", str(backup)),
        ("add", str(big)),
        ("reindex",),
        ("bookmark", "add", pid),
        ("tag", pid, "full-disk"),
        ("note", pid, "a note " * 2000),
        ("read", pid),
        ("key", pid, "newkey2026"),
        ("topics", "--init"),
    ]
    for argv in commands:
        code, _, err = run(capsys, *argv, "--library", lib)
        line = one_line(err)
        assert code == 1, (argv, err)
        assert "no transaction is active" not in line
        assert "space" in line or "full" in line, (argv, line)
    assert (refs.read_bytes(), backup.read_bytes()) == before
    assert _no_temporaries(disk) == []
    filler.unlink()
    # Space is back: nothing was lost, and everything works again.
    code, out, _ = run(capsys, "bookmark", "list", "--library", lib, "--json")
    assert code == 0 and len(json.loads(out)) == 1
    code, out, _ = run(capsys, "add", "--library", lib, str(big))
    assert code == 0 and "400 new papers" in out
    code, _, err = run(capsys, "search", "--library", lib, "number", "--limit", "0")
    assert code == 0 and "400 hits" in err


def test_full_disk_during_reindex_leaves_no_orphans(capsys, disk_library: Path) -> None:
    disk = disk_library.parent
    write_json(disk / "more.json", papers_json(600))
    assert run(capsys, "add", "--library", str(disk_library), str(disk / "more.json"))[0] == 0
    filler = fill(disk)
    code, _, err = run(capsys, "reindex", "--library", str(disk_library))
    assert code == 1 and "space" in one_line(err)
    assert _no_temporaries(disk) == []
    filler.unlink()
    free = shutil.disk_usage(disk).free
    code, out, _ = run(capsys, "reindex", "--library", str(disk_library))
    assert code == 0 and f"{600 + len(SYNTHETIC)} papers indexed" in out, _
    assert shutil.disk_usage(disk).free > free // 4


@pytest.fixture
def read_only(capsys, small_library: Library, tmp_path: Path):
    pid = next(small_library.store.iter_papers()).id
    small_library.store.bookmark([pid])
    small_library.search("warm the topic cache")
    small_library.close()
    with read_only_copy(small_library.root, tmp_path) as root:
        yield root, pid


@pytest.mark.parametrize("argv", [
    ("search", "zebra"), ("stats",), ("topics",), ("library", "export", "-"),
    ("bookmark", "list"), ("notes",), ("export", "--bookmarks"), ("related", "ID"),
    ("tags",)])
def test_read_only_library_reads(capsys, read_only, argv) -> None:
    root, pid = read_only
    argv = tuple(pid if a == "ID" else a for a in argv)
    code, _out, err = run(capsys, *argv, "--library", str(root))
    assert code == 0, err
    assert "read-only: changes cannot be saved" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ("bookmark", "add", "ID"), ("tag", "ID", "x"), ("note", "ID", "text"), ("read", "ID"),
    ("add", "PAGE"), ("reindex",), ("remove", "PAGE"), ("key", "ID", "other2026")])
def test_read_only_library_refuses_writes(capsys, read_only, tmp_path: Path, argv) -> None:
    root, pid = read_only
    page = write_page(tmp_path / "other.txt", SYNTHETIC[:1])
    argv = tuple({"ID": pid, "PAGE": str(page)}.get(a, a) for a in argv)
    code, _, err = run(capsys, *argv, "--library", str(root))
    lines = [line for line in err.splitlines() if "changes cannot be saved" not in line]
    assert code == 1 and "Traceback" not in err
    assert len(lines) == 1 and "read-only" in lines[0], err


def test_read_only_library_with_a_damaged_index_still_searches(capsys, small_library: Library,
                                                               tmp_path: Path) -> None:
    root = small_library.root
    small_library.close()
    shutil.rmtree(root / "whoosh")
    with read_only_copy(root, tmp_path) as copy:
        code, out, err = run(capsys, "search", "--library", str(copy), "crossword")
    assert code == 0 and "Crossword" in out and "Traceback" not in err
