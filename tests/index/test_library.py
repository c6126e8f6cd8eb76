"""The library facade: opening, refreshing after writes, consistency."""

from __future__ import annotations

from pathlib import Path

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths


def test_a_searcher_opened_on_an_empty_library_sees_later_papers(tmp_path: Path,
                                                                  page: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        assert library.search("").total == 0  # the searcher is opened while empty
        assert add_paths(library, [page]).ok
        assert library.search("").total == 5
        assert library.search("teapot").total == 1


def test_adding_nothing_to_a_new_library_is_not_an_error(tmp_path: Path) -> None:
    with Library.open(tmp_path / "fresh") as library:
        report = add_paths(library, [tmp_path / "missing.txt"])
        assert [p.reason for p in report.problems] == ["no such file or directory"]
        assert library.is_consistent()
