"""The database is the truth and the index follows it, even when ``add`` is SIGKILLed."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from paperterm.index import Library, paper_id
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.layout import index_path

from tests.conftest import SYNTHETIC, write_page

#: Runs ``add`` in a child that SIGKILLs itself at the N-th profiler event (a Python call or
#: return, anywhere: parsing, inside a transaction, in the Whoosh writer); 0 only counts.
CHILD = """
import os, signal, sys, threading
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths

root, kill_at, *paths = sys.argv[1:]
kill_at, events = int(kill_at), 0

def profile(frame, event, arg):
    global events
    events += 1
    if events == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

library = Library.open(root)
sys.setprofile(profile)
threading.setprofile(profile)
add_paths(library, paths)
sys.setprofile(None)
print(events)
"""


def papers(n: int, tag: str) -> list[tuple[str, str]]:
    return [(f"{tag} Paper Number {i}", f"The {tag} abstract number {i} says something.")
            for i in range(n)]


def run_child(root: Path, kill_at: int, paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(root), str(kill_at),
                           *map(str, paths)], capture_output=True, text=True, timeout=300)


def check_library(root: Path, allowed: dict[str, list[set[str]]],
                  expected_text: dict[str, str]) -> None:
    """Opens, repairs if needed, and holds whole files only: each file lists either its
    old or its new set of papers, and every paper is complete."""
    with Library.open(root) as library:
        library.ensure_consistent()
        assert library.is_consistent()
        store = library.store
        db_ids = {p.id for p in store.iter_papers()}
        with library.index.searcher() as searcher:
            assert {d["id"] for d in searcher.all_stored_fields()} == db_ids
        for paper in store.iter_papers():
            assert paper.sources, f"{paper.title} has no source"
            assert expected_text[paper.title] == paper.abstract
        for file, options in allowed.items():
            listed = {p.title for p in store.papers(store.paper_ids_for_file(file))}
            assert listed in options, f"{file} half-added: {sorted(listed)}"
        orphans = store.query("SELECT COUNT(*) FROM sources WHERE paper_id NOT IN "
                              "(SELECT id FROM papers)")[0][0]
        assert orphans == 0


def test_sigkill_at_random_points_leaves_a_sound_library(tmp_path: Path) -> None:
    old_a, new_a = papers(6, "Alpha"), papers(4, "Alpha") + papers(3, "Gamma")
    b_papers, c_papers = papers(5, "Beta"), papers(6, "Delta")
    expected_text = {t: a for t, a in old_a + new_a + b_papers + c_papers}

    def prepare(name: str) -> tuple[Path, list[Path]]:
        """A library holding a and b; then a changes and c appears."""
        root, folder = tmp_path / f"lib-{name}", tmp_path / f"in-{name}"
        folder.mkdir()
        a = write_page(folder / "a.txt", old_a)
        b = write_page(folder / "b.txt", b_papers)
        with Library.open(root) as library:
            assert add_paths(library, [a, b]).ok
        write_page(a, new_a)
        return root, [a, b, write_page(folder / "c.txt", c_papers)]

    count_root, count_paths = prepare("count")
    total = int(run_child(count_root, 0, count_paths).stdout)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kills = 0
    for round_ in range(6):
        root, (a, b, c) = prepare(str(round_))
        # One point in each sixth of the run, so early, middle and late kills all happen.
        kill_at = rng.randrange(total * round_ // 6 + 1, total * (round_ + 1) // 6 + 1)
        kills += run_child(root, kill_at, [a, b, c]).returncode == -9
        allowed = {str(a.resolve()): [{t for t, _ in old_a}, {t for t, _ in new_a}],
                   str(b.resolve()): [{t for t, _ in b_papers}],
                   str(c.resolve()): [set(), {t for t, _ in c_papers}]}
        check_library(root, allowed, expected_text)
        # And the next add finishes the job.
        with Library.open(root) as library:
            assert add_paths(library, [a, b, c]).ok
        check_library(root, {k: v[-1:] for k, v in allowed.items()}, expected_text)
    assert kills >= 5, f"the child was not killed (seed {seed})"


def test_db_ahead_of_index_is_detected_and_rebuilt(library: Library, page: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Library, "index_papers", crash)
    with pytest.raises(KeyboardInterrupt):
        add_paths(library, [page])
    monkeypatch.undo()
    with Library.open(library.root) as again:
        assert not again.is_consistent()
        assert again.ensure_consistent() is True
        assert again.is_consistent()
        assert again.search("bonsai").papers[0].id == paper_id(SYNTHETIC[0][0])


def test_missing_generation_file_means_rebuild(small_library: Library) -> None:
    (index_path(small_library.root) / "GENERATION").unlink()
    assert not small_library.is_consistent()
    assert small_library.reindex() == len(SYNTHETIC)
    assert small_library.is_consistent()


def test_reader_does_not_rebuild_while_a_writer_holds_the_lock(small_library: Library) -> None:
    (index_path(small_library.root) / "GENERATION").unlink()
    with Library.open(small_library.root) as reader, small_library.write_lock():
        assert reader.is_busy()
        assert reader.ensure_consistent() is False
    assert small_library.ensure_consistent() is True
