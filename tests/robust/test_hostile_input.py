"""Hostile input is data: files that block, loop, nest, overflow or lie become problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.bounds import MAX_ABSTRACT
from paperterm.index.ingest.pipeline import add_paths, remove_paths
from paperterm.index.search.searcher import Filter
from paperterm.index.sources import read_records

from ..conftest import SYNTHETIC, write_page
from .helpers import papers_json, run, write_json


def reasons(report: object) -> list[str]:
    return [str(p) for p in report.problems]  # type: ignore[attr-defined]


def test_fifo_in_a_directory_is_skipped_not_waited_on(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "blocked.txt")
    write_page(folder / "good.txt", SYNTHETIC)
    report = add_paths(library, [folder])
    assert report.new_papers == len(SYNTHETIC)
    assert any("blocked.txt: a FIFO, not a regular file" in r for r in reasons(report))


def test_fifo_named_on_the_command_line(capsys, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    code, _, err = run(capsys, "add", "--library", str(tmp_path / "lib"),
                       str(tmp_path / "pipe.txt"))
    assert code == 1 and "a FIFO, not a regular file; skipped" in err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_link_to_an_endless_device_is_skipped(library: Library, tmp_path: Path,
                                              device: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "endless.txt").symlink_to(device)
    write_page(folder / "good.txt", SYNTHETIC[:2])
    report = add_paths(library, [folder])
    assert report.new_papers == 2
    assert any("endless.txt: a device, not a regular file" in r for r in reasons(report))


def test_file_symlink_loop(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    write_page(folder / "good.txt", SYNTHETIC[:3])
    report = add_paths(library, [folder])
    assert report.new_papers == 3
    assert sum("symbolic link loop" in r for r in reasons(report)) == 2


def test_file_name_that_is_not_utf8(library: Library, tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9-\xff.txt"
    write_page(Path(os.fsdecode(raw)), SYNTHETIC[:2])
    report = add_paths(library, [os.fsdecode(raw)])
    assert report.ok and report.new_papers == 2
    [(name, count)] = library.store.source_counts()
    assert name.endswith("caf\\xe9-\\xff.txt") and count == 2
    assert remove_paths(library, [os.fsdecode(raw)]).removed_papers == 2
    assert library.store.count() == 0


def test_file_name_with_a_newline_shows_its_papers(capsys, tmp_path: Path) -> None:
    path = write_page(tmp_path / "week\n12.txt", SYNTHETIC)
    lib = str(tmp_path / "lib")
    assert run(capsys, "add", "--library", lib, str(path))[0] == 0
    with Library.open(lib) as library:
        [(name, count)] = library.store.source_counts()
        assert count == len(SYNTHETIC) and "\n" not in name
        assert library.search("", Filter("source", name)).total == len(SYNTHETIC)
    code, out, _ = run(capsys, "topics", "--library", lib)
    assert code == 0 and f"week\\x0a12  {len(SYNTHETIC)}" in out


def test_lone_surrogate_in_a_title(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('[{"title": "Broken \\ud800 escape", "abstract": "x \\udfff y"}]')
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 1
    [paper] = library.store.papers([p.id for p in library.store.iter_papers()])
    assert paper.title == "Broken \ufffd escape" and paper.abstract == "x \ufffd y"


def test_huge_abstract_is_bounded_with_a_warning(library: Library, tmp_path: Path) -> None:
    path = write_json(tmp_path / "big.json", [
        {"title": "Enormous Abstract Paper", "abstract": "word " * 200_000},
        {"title": "Ordinary Paper", "abstract": "short"}])
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 2
    [warning] = report.warnings
    assert "'Enormous Abstract Paper': abstract of 999,999 characters cut" in str(warning)
    assert str(warning).startswith(f"{path}:")
    longest = max(len(p.abstract) for p in library.store.iter_papers())
    assert longest <= MAX_ABSTRACT


def test_json_nested_1000_deep_does_not_stop_the_add(library: Library, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('[{"title": "Deep", "x": ' + "[" * 1000 + "]" * 1000 + "}]")
    good = write_json(tmp_path / "good.json", papers_json(3))
    report = add_paths(library, [deep, good])
    assert report.new_papers == 3
    assert any("deep.json:1: invalid JSON: nested too deeply" in r for r in reasons(report))


def test_json_lines_nested_deep_in_an_arxiv_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "snap.jsonl"
    good = '{"id": "2401.00001", "title": "Fine", "abstract": "a", "categories": "cs.LG"}'
    path.write_text(good + "\n" + "[" * 1000 + "]" * 1000 + "\n" + good.replace("1\"", "2\"")
                    + "\n")
    items = list(read_records(path, "arxiv-jsonl"))
    assert [type(i).__name__ for i in items] == ["Record", "Problem", "Record"]
    assert "nested too deeply" in str(items[1])


def test_5000_digit_integer(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('[{"title": "Big Number", "year": ' + "9" * 5000 + "},"
                    ' {"title": "Small Number", "year": 2024}]')
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 2


def test_infinity_in_a_listing_is_not_stored_as_a_float(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "inf.json"
    path.write_text('[{"title": "Infinite Paper", "year": Infinity, "date": -Infinity}]')
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 1
    [paper] = library.store.iter_papers()
    assert "year" not in paper.extra


def test_object_holding_two_arrays_keeps_both(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    import json

    path.write_text(json.dumps({"papers": papers_json(2, "First"),
                                "more": papers_json(3, "Second")}))
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 5


def test_paper_object_with_a_list_of_objects_stays_a_paper(library: Library,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"title": "Versioned Paper", "versions": [{"created": "x"}]}\n')
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 1


def test_atom_feed_with_a_long_dtd(library: Library, tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY e{i} "entity number {i}">\n' for i in range(800))
    assert len(entities) > 16384
    path = tmp_path / "feed.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE feed [\n{entities}]>\n'
                    '<feed xmlns="http://www.w3.org/2005/Atom">'
                    "<entry><id>http://arxiv.org/abs/2401.00001v1</id>"
                    "<title>Long DTD &e7; Paper</title><summary>About feeds.</summary></entry>"
                    "</feed>\n")
    report = add_paths(library, [path])
    assert report.ok and report.new_papers == 1
    [paper] = library.store.iter_papers()
    assert paper.title == "Long DTD entity number 7 Paper"
