"""Identity and merging: the same paper from several sources is one paper whatever the
order; records that only share a title stay apart; names keep their particles."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser.customization as bc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.names import parse_name

from ..conftest import write_page

TITLE = "Teapots Are All You Need"


def _bib(path: Path) -> Path:
    path.write_text("@article{lovelace2024tea,\n  title = {Teapots Are All You Need},\n"
                    "  author = {Lovelace, Ada and Del Maestro, Adrian and Turing, Alan},\n"
                    "  journal = {Journal of Tea}, year = 2024,\n"
                    "  abstract = {We show at length that a teapot, suitably trained, "
                    "pours better than a kettle in every kitchen we tried.}\n}\n")
    return path


def _atom_like_json(path: Path) -> Path:
    path.write_text(json.dumps([{"title": TITLE, "abstract": "A teapot pours.",
                                 "authors": "Ada Lovelace", "year": 2024}]))
    return path


def _snapshot(root: Path) -> list[tuple]:
    with Library.open(root) as library:
        return sorted((p.id, p.title, p.abstract, tuple(p.authors), p.year)
                      for p in library.store.iter_papers())


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_merge_does_not_depend_on_the_order_files_were_added(tmp_path: Path,
                                                             order: tuple) -> None:
    files = [write_page(tmp_path / "page.txt", [(TITLE, "Teapots pour.")]),
             _bib(tmp_path / "refs.bib"), _atom_like_json(tmp_path / "list.json")]
    root = tmp_path / f"lib{''.join(map(str, order))}"
    for i in order:
        with Library.open(root) as library:
            add_paths(library, [files[i]])
    reference = tmp_path / "reference"
    with Library.open(reference) as library:
        add_paths(library, files)
    papers = _snapshot(root)
    assert papers == _snapshot(reference)
    assert len(papers) == 1
    _, _, abstract, authors, year = papers[0]
    # The fullest author list and the longest abstract win, wherever they came from.
    assert authors == ("Ada Lovelace", "Adrian Del Maestro", "Alan Turing")
    assert abstract.startswith("We show at length") and year == 2024


def test_same_title_with_conflicting_evidence_stays_two_papers(tmp_path: Path) -> None:
    # Like the CACM collection: many short records titled "Algorithm 123" by other people.
    rows = [{"title": "Algorithm 123: Real Error Function", "authors": "Ada Lovelace",
             "year": 1962, "abstract": "Computes the real error function by series."},
            {"title": "Algorithm 123: Real Error Function", "authors": "Alan Turing",
             "year": 1971, "abstract": "A certification of an earlier procedure."},
            {"title": "Algorithm 124: Hankel Function", "authors": "Grace Hopper",
             "year": 1962, "abstract": "Hankel functions of the first kind."}]
    path = tmp_path / "cacm.json"
    path.write_text(json.dumps(rows))
    with Library.open(tmp_path / "lib") as library:
        add_paths(library, [path])
        papers = list(library.store.iter_papers())
        assert len(papers) == 3
        assert len({p.id for p in papers}) == 3
        by_author = {p.authors[0]: p for p in papers}
        assert by_author["Ada Lovelace"].year == 1962
        assert by_author["Alan Turing"].year == 1971


def test_same_title_without_conflict_merges(tmp_path: Path) -> None:
    page = write_page(tmp_path / "page.txt", [(TITLE, "Teapots pour.")])
    with Library.open(tmp_path / "lib") as library:
        add_paths(library, [page, _bib(tmp_path / "refs.bib")])
        assert library.store.count() == 1


@pytest.mark.parametrize("text, family, given, suffix", [
    ("Adrian Del Maestro", "Del Maestro", "Adrian", ""),
    ("Jan van der Berg", "van der Berg", "Jan", ""),
    ("Maria de la Cruz", "de la Cruz", "Maria", ""),
    ("Martin Luther King Jr.", "King", "Martin Luther", "Jr."),
    ("Del Maestro, Adrian", "Del Maestro", "Adrian", ""),
    ("Ada Lovelace", "Lovelace", "Ada", ""),
])
def test_names_keep_particles_and_suffixes(text: str, family: str, given: str,
                                           suffix: str) -> None:
    assert tuple(parse_name(text)) == (family, given, suffix)


def _bibtex_last(name: str) -> str:
    record = bc.author({"author": name})
    return record["author"][0].split(",")[0].strip()


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(WORD, WORD, st.sampled_from(["", "van ", "van der ", "de la ", "von "]))
def test_family_names_survive_bibtex_name_splitting(given_name: str, family: str,
                                                    particle: str) -> None:
    written = f"{given_name.capitalize()} {particle}{family.capitalize()}"
    name = parse_name(written)
    assert name.family == f"{particle}{family.capitalize()}"
    # Written as BibTeX writes names ("Family, Given"), bibtexparser finds the same family.
    assert _bibtex_last(f"{name.family}, {name.given}") == name.family
