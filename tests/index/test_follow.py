"""An open library follows what other processes commit: each paper once, no deadlock."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.topics.counts import counter_for
from paperterm.index.topics.tree import tree_nodes

from ..conftest import SYNTHETIC, write_page


def paperterm(root: Path, *args: str) -> None:
    """Run the real CLI in another process, as a user's second terminal would."""
    subprocess.run([sys.executable, "-m", "paperterm.tui.cli", "--library", str(root), *args],
                   check=True, capture_output=True, timeout=120)


def ids(library: Library) -> list[str]:
    return [h.paper.id for h in library.search("", limit=None).hits]


def test_merging_add_elsewhere_shows_each_paper_once(library: Library, tmp_path: Path) -> None:
    add_paths(library, [write_page(tmp_path / "a.txt", SYNTHETIC)])
    paperterm(library.root, "add", str(write_page(tmp_path / "b.txt", SYNTHETIC[:2], "Mar 12")))
    assert library.refresh()
    found = ids(library)
    assert len(found) == len(set(found)) == library.store.count() == len(SYNTHETIC)


def test_reindex_then_add_elsewhere_is_followed(library: Library, tmp_path: Path) -> None:
    add_paths(library, [write_page(tmp_path / "a.txt", SYNTHETIC[:3])])
    ids(library)
    paperterm(library.root, "reindex")
    assert library.refresh()
    paperterm(library.root, "add", str(write_page(tmp_path / "b.txt", SYNTHETIC[3:], "Mar 12")))
    assert library.refresh()
    found = ids(library)
    assert len(found) == len(set(found)) == len(SYNTHETIC)


def test_a_tag_elsewhere_counts_as_a_change(library: Library, tmp_path: Path) -> None:
    add_paths(library, [write_page(tmp_path / "a.txt", SYNTHETIC)])
    assert not library.refresh()
    paperterm(library.root, "tag", ids(library)[0], "tea")
    assert library.refresh()
    assert not library.refresh()


def test_counts_finish_while_another_process_commits(library: Library, tmp_path: Path) -> None:
    add_paths(library, [write_page(tmp_path / "a.txt", SYNTHETIC[:3])])
    later = write_page(tmp_path / "b.txt", SYNTHETIC[3:], "Mar 12")
    counter = counter_for(library)
    sync = counter._sync

    def commit_meanwhile(s: object) -> None:
        # Another `paperterm add` lands while the count holds the searcher's lock.
        paperterm(library.root, "add", str(later))
        sync(s)

    counter._sync = commit_meanwhile  # type: ignore[method-assign]
    tree = tree_nodes(library, [], mine=False)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(counter.count(tree, "tree")),
                              daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done, "counting the topics deadlocked"
    counter._sync = sync  # type: ignore[method-assign]
    assert library.refresh()
    assert len(ids(library)) == len(SYNTHETIC)
