"""The ranked default and the metadata fields, on small synthetic libraries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths
from paperterm.index.models import Paper, Source
from paperterm.index.search.schema import derived_fields
from paperterm.index.search.searcher import QueryError
from paperterm.index.store.personal import set_note
from paperterm.index.topics.tree import date_nodes

PAPERS = [
    {"title": "Kettle Boiling Dynamics", "abstract": "Water in a kettle boils faster with lids.",
     "authors": ["Ada Lightman"], "year": 2021, "categories": "physics.flu-dyn",
     "doi": "10.1000/Kettle.1", "date": "2021-03-04"},
    {"title": "Teapot Pouring", "abstract": "A kettle and a teapot pour tea; lids rattle.",
     "authors": ["José Del Maestro"], "year": 2023, "categories": "cs.LG",
     "arxiv id": "2301.00001v2", "date": "2023-11-20"},
    {"title": "Spoon Design", "abstract": "Spoons stir tea. Boiling water is hot.",
     "authors": ["Bo Chen"], "year": 2024, "categories": "cs.RO", "date": "2024-03-15"},
    {"title": "Lightman Effects in Forks", "abstract": "Forks and knives.",
     "authors": ["Carl Moss"], "year": 2020, "date": "2020-01-02"},
]


@pytest.fixture
def lib(library: Library, tmp_path: Path) -> Library:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(PAPERS), encoding="utf-8")
    assert add_paths(library, [path]).ok
    return library


def titles(library: Library, text: str) -> list[str]:
    return [h.paper.title for h in library.search(text, limit=None).hits]


def test_all_words_first_then_most(lib: Library) -> None:
    found = titles(lib, "kettle lids boiling")
    assert found[0] == "Kettle Boiling Dynamics"  # all three words
    assert set(found[1:]) == {"Teapot Pouring", "Spoon Design"}  # some of them
    assert found.index("Teapot Pouring") < found.index("Spoon Design")  # two before one


def test_proximity_and_phrase_order(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    filler = " ".join(["words"] * 12)
    path.write_text(json.dumps([
        {"title": "Far Apart", "abstract": f"reward {filler} model here"},
        {"title": "Side By Side", "abstract": f"reward model here {filler}"},
    ]))
    add_paths(library, [path])
    assert titles(library, "reward model") == ["Side By Side", "Far Apart"]
    assert titles(library, '"reward model"') == ["Side By Side"]


def test_operators_keep_their_meaning(lib: Library) -> None:
    assert titles(lib, "kettle AND spoons") == []
    assert set(titles(lib, "kettle OR spoons")) == {
        "Kettle Boiling Dynamics", "Teapot Pouring", "Spoon Design"}
    assert titles(lib, "kettle -teapot") == ["Kettle Boiling Dynamics"]
    assert titles(lib, "+spoons water") == ["Spoon Design"]


def test_odd_text_is_never_an_error(lib: Library) -> None:
    for text in ('kettle "lids', "?--i.e. kettle", "*, +.", "Examples: kettle", "http://x"):
        result = lib.search(text)
        assert "Minus" not in str(result) and "Plus" not in str(result)
    assert titles(lib, 'kettle "lids')[0] == "Kettle Boiling Dynamics"
    result = lib.search("Examples: teapot")
    assert result.hint and "examples:" in result.hint.lower()
    assert [h.paper.title for h in result.hits] == ["Teapot Pouring"]


def test_long_sentence_ignores_function_words(lib: Library) -> None:
    text = "What should we know about how the kettle boils with lids on it?"
    assert titles(lib, text)[0] == "Kettle Boiling Dynamics"


def test_author_field_and_plain_words(lib: Library) -> None:
    assert titles(lib, "author:lightman") == ["Kettle Boiling Dynamics"]
    assert titles(lib, "author:maestro") == ["Teapot Pouring"]
    assert titles(lib, 'author:"jose del maestro"') == ["Teapot Pouring"]
    # A plain word finds the author's papers too, below a title match.
    assert titles(lib, "lightman") == ["Lightman Effects in Forks", "Kettle Boiling Dynamics"]


@pytest.mark.parametrize(("text", "expected"), [
    ("year:2023", {"Teapot Pouring"}),
    ("year:2020..2021", {"Kettle Boiling Dynamics", "Lightman Effects in Forks"}),
    ("year:>=2023", {"Teapot Pouring", "Spoon Design"}),
    ("year:<2021", {"Lightman Effects in Forks"}),
    ("cat:cs.LG", {"Teapot Pouring"}),
    ("cat:cs", {"Teapot Pouring", "Spoon Design"}),
    ("doi:10.1000/kettle.1", {"Kettle Boiling Dynamics"}),
    ("arxiv:2301.00001", {"Teapot Pouring"}),
    ("id:2301.00001v2", {"Teapot Pouring"}),
    ("has:pdf", {"Teapot Pouring"}),
    ("source:refs.json", {p["title"] for p in PAPERS}),
    ("source:refs", {p["title"] for p in PAPERS}),
    ("date:2024-03", {"Spoon Design"}),
    ("date:mar", {"Kettle Boiling Dynamics", "Spoon Design"}),
    ("date:2023-11-20", {"Teapot Pouring"}),
    ("date:2021-01..2023-12", {"Kettle Boiling Dynamics", "Teapot Pouring"}),
    ("tea -year:2023", {"Spoon Design"}),
])
def test_metadata_fields(lib: Library, text: str, expected: set[str]) -> None:
    assert set(titles(lib, text)) == expected


def test_bad_field_values_say_how_to_write_them(lib: Library) -> None:
    with pytest.raises(QueryError, match=r"year:2020\.\.2023"):
        lib.search("year:soon")
    with pytest.raises(QueryError, match="has:code"):
        lib.search("has:wings")


def test_notes_are_searchable(lib: Library) -> None:
    pid = lib.search("spoon").hits[0].paper.id
    set_note(lib.store, pid, "Compare with the ladles paper")
    assert titles(lib, "note:ladle") == ["Spoon Design"]
    assert titles(lib, "note:kettle") == []


def test_venue_type_and_links_are_indexed() -> None:
    paper = Paper("abc", "T", "", (Source("x.bib", 1),), extra={
        "journal": "Journal of Kettles", "bibtype": "Article", "code_url": "https://c",
        "pdf_url": "https://p"})
    fields = derived_fields(paper)
    assert fields["type"] == "article" and "kettl" in " ".join(fields["venue"].lower().split())
    assert set(fields["has"].split("\n")) >= {"pdf", "code"}


def test_dates_tree_is_chronological() -> None:
    labels = [n.label for n in date_nodes(["Mar 11", "2023-12-14", "Aug 6", "2023-05-31"])]
    assert labels == ["2023", "Mar 11", "Aug 6"]
    (year,) = date_nodes(["2023-12-14", "2023-05-31"])
    assert [m.label for m in year.children] == ["May 2023", "Dec 2023"]
