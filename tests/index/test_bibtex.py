"""Cite keys (patterns, uniqueness, user keys) and entries that BibTeX reads cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from paperterm.index import Library
from paperterm.index.cite.bibtex import (
    DEFAULT_PATTERN,
    CiteKeyError,
    assign_keys,
    base_key,
    bibliography,
    bibtex_authors,
    bibtex_title,
    check_pattern,
    entry,
    escape_latex,
    export_bibtex,
    is_valid_key,
    key_from_pattern,
    key_pattern,
    set_key,
    set_key_pattern,
    split_name,
)
from paperterm.index.models import Paper, Source, paper_id

from .bibtex_tools import parse_bib, run_bibtex


def make_paper(title: str, abstract: str = "An abstract.", **extra: Any) -> Paper:
    return Paper(paper_id(title), title, abstract,
                 (Source("/data/week12.txt", 41, "Mar 11"),), 0.0, extra)


ARXIV = make_paper(
    "Guided Tree Search with Process Rewards for LLMs", "We study tree search & rewards.",
    authors=["Ada Lovelace", "Ludwig van Beethoven", "Tom and Jerry"], year=2024,
    arxiv_id="2403.01234", primary_class="cs.LG", categories=["cs.LG", "cs.AI"])
STUB = make_paper("TÜLU Pancakes: Open Recipes for Breakfast", "Pancakes 100% of the time.")
OWN = make_paper(
    "Attention for Teapots", "Own abstract.", bibkey="Smith:2020teapots", bibtype="article",
    bibfields={"author": "Smith, John and M{\\\"u}ller, Eva", "journal": "J. Teapots",
               "year": "2020", "volume": "3", "pages": "1--10"},
    title_latex="Attention for {Teapots}")
BROKEN_OWN = make_paper(
    "A Conference Paper Missing Its Booktitle", bibtype="inproceedings",
    bibfields={"author": "Doe, Jane", "year": "2021", "note": "unbalanced { brace"})


# -- escaping and titles ----------------------------------------------------------------

def test_escape_latex_specials_and_controls() -> None:
    assert escape_latex("50% of $x & y_z #1 ~^\\") == (
        r"50\% of \$x \& y\_z \#1 \textasciitilde{}\textasciicircum{}\textbackslash{}")
    assert escape_latex("a\x1b[31mb\x00c") == "a [31mb c"


def test_literal_braces_stay_balanced_for_bibtex() -> None:
    title = bibtex_title("A {weird} title }{")
    assert title.count("{") == title.count("}")
    assert "\\textbraceleft{}" in title and "\\textbraceright{}" in title


def test_title_protects_acronyms_and_mixed_case() -> None:
    assert bibtex_title("Scaling LLMs with GFlowNets for TÜLU") == (
        "Scaling {LLMs} with {GFlowNets} for {TÜLU}")
    assert bibtex_title("Plain words only") == "Plain words only"


def test_protected_word_starting_with_a_command_is_double_braced() -> None:
    # `{\textbackslash{}LLM}` would be a BibTeX special character and lose its case.
    assert bibtex_title("\\LLM") == "{{\\textbackslash{}LLM}}"


# -- names ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Ada Lovelace", ("Lovelace", "Ada")),
    ("Ludwig van Beethoven", ("van Beethoven", "Ludwig")),
    ("Lovelace, Ada", ("Lovelace", "Ada")),
    ("Plato", ("Plato", "")),
])
def test_split_name(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name) == expected


def test_authors_brace_names_bibtex_would_misread() -> None:
    assert bibtex_authors(["Ada Lovelace", "Tom and Jerry", "", "a, b, c, d", ","]) == (
        "Ada Lovelace and {Tom and Jerry} and {a, b, c, d} and {,}")


# -- keys -------------------------------------------------------------------------------

def test_default_pattern_uses_author_and_year_when_known() -> None:
    assert key_from_pattern(ARXIV) == "lovelace2024guided"
    assert key_from_pattern(STUB) == "tulu_pancakes_open" == base_key(STUB.title)


@pytest.mark.parametrize(("pattern", "expected"), [
    ("{title_word}{year}", "guided2024"),
    ("{first_author}:{year}", "lovelace:2024"),
    ("{arxiv_id}", "p2403_01234"),
    ("{first_author}{year}{title_word}", "lovelace2024guided"),
])
def test_patterns(pattern: str, expected: str) -> None:
    assert key_from_pattern(ARXIV, pattern) == expected


def test_pattern_falls_back_when_a_token_is_unknown() -> None:
    assert key_from_pattern(STUB, "{first_author}{year}|{title_word}") == "tulu"
    assert key_from_pattern(STUB, "{first_author}{year}") == "tulu_pancakes_open"


@pytest.mark.parametrize("bad", ["", "{nope}", "plain", "{year} x", "{year}{"])
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(CiteKeyError):
        check_pattern(bad)


def test_pattern_is_stored_and_used_for_new_keys_only(library: Library) -> None:
    store = library.store
    assert key_pattern(store) == DEFAULT_PATTERN
    first = assign_keys(store, [ARXIV])[ARXIV.id]
    set_key_pattern(store, "{title_word}{year}")
    assert key_pattern(store) == "{title_word}{year}"
    other = make_paper("Second Paper", year=2023)
    keys = assign_keys(store, [ARXIV, other])
    assert keys == {ARXIV.id: first, other.id: "second2023"}


def test_keys_are_stable_and_unique_ignoring_case(library: Library) -> None:
    store = library.store
    a = make_paper("Reasoning Language Models: A Blueprint")
    b = make_paper("Reasoning language models - a blueprint!!", "different id?")
    c = make_paper("REASONING LANGUAGE MODELS blueprint v2")
    assert a.id == b.id  # same normalized title, same paper
    keys = assign_keys(store, [a, c])
    assert keys[a.id] == "reasoning_language_models"
    assert keys[c.id] == "reasoning_language_models_2"
    set_key(store, c.id, "Blueprint")
    d = make_paper("Blueprint", year=None)
    assert assign_keys(store, [d])[d.id] == "blueprint_2"
    assert assign_keys(store, [a, c, d]) == {**keys, c.id: "Blueprint", d.id: "blueprint_2"}


def test_own_bib_key_is_kept_unless_taken(library: Library) -> None:
    store = library.store
    assert assign_keys(store, [OWN])[OWN.id] == "Smith:2020teapots"
    clash = make_paper("Another Teapot", bibkey="smith:2020TEAPOTS", authors=["X Y"], year=2020)
    assert assign_keys(store, [clash])[clash.id] == "y2020another"


def test_set_key_refuses_duplicates_and_invalid_keys(library: Library) -> None:
    store = library.store
    keys = assign_keys(store, [ARXIV, STUB])
    with pytest.raises(CiteKeyError, match="already used"):
        set_key(store, STUB.id, keys[ARXIV.id].upper())
    for bad in ("has space", "comma,key", "br{ace", "per%cent", "", "ünï", "*", "a@b", "-x"):
        assert not is_valid_key(bad)
        with pytest.raises(CiteKeyError, match="invalid"):
            set_key(store, STUB.id, bad)
    assert set_key(store, STUB.id, "tulu:2024") == keys[STUB.id]
    assert store.citekeys([STUB.id]) == {STUB.id: "tulu:2024"}
    # The old key is free again; setting the same key twice is fine.
    assert set_key(store, STUB.id, "tulu:2024") == "tulu:2024"
    assert set_key(store, ARXIV.id, keys[STUB.id]) == keys[ARXIV.id]


# -- entries ----------------------------------------------------------------------------

def test_arxiv_entry_fields() -> None:
    text = entry(ARXIV, "lovelace2024guided")
    [parsed] = parse_bib(text, 1)
    assert parsed["ENTRYTYPE"] == "misc" and parsed["ID"] == "lovelace2024guided"
    assert "archivePrefix = {arXiv}" in text and "primaryClass = {cs.LG}" in text
    assert parsed["eprint"] == "2403.01234"
    assert parsed["archiveprefix"] == "arXiv"
    assert parsed["primaryclass"] == "cs.LG"
    assert parsed["year"] == "2024"
    assert parsed["url"] == "https://arxiv.org/abs/2403.01234"
    assert parsed["author"] == "Ada Lovelace and Ludwig van Beethoven and {Tom and Jerry}"
    assert parsed["title"] == "Guided Tree Search with Process Rewards for {LLMs}"
    assert "key" not in parsed


def test_stub_entry_has_listing_note_and_sort_key() -> None:
    [parsed] = parse_bib(entry(STUB, "tulu"), 1)
    assert parsed["howpublished"] == "Hugging Face Daily Papers"
    assert parsed["note"] == "Listed in Hugging Face Daily Papers, Mar 11 (week12.txt:41)"
    assert parsed["key"] == "tulu"
    assert parsed["abstract"] == "Pancakes 100\\% of the time."
    assert "abstract" not in parse_bib(entry(STUB, "tulu", abstract=False), 1)[0]


def test_own_entry_keeps_type_and_fields() -> None:
    [parsed] = parse_bib(entry(OWN, "Smith:2020teapots"), 1)
    assert parsed["ENTRYTYPE"] == "article"
    assert parsed["title"] == "Attention for {Teapots}"
    assert parsed["journal"] == "J. Teapots" and parsed["pages"] == "1--10"
    assert parsed["author"] == "Smith, John and M{\\\"u}ller, Eva"


def test_own_entry_missing_required_fields_becomes_misc() -> None:
    [parsed] = parse_bib(entry(BROKEN_OWN, "doe2021"), 1)
    assert parsed["ENTRYTYPE"] == "misc"
    assert parsed["note"] == "unbalanced \\textbraceleft{} brace"


def test_doi_only_paper_gets_doi_and_link() -> None:
    paper = make_paper("A DOI Paper", doi="10.1000/xyz{1}", year=2019)
    [parsed] = parse_bib(entry(paper, "doi2019"), 1)
    assert parsed["doi"] == "10.1000/xyz%7B1%7D"
    assert parsed["url"] == "https://doi.org/10.1000/xyz%7B1%7D"


def test_export_assigns_and_reuses_keys(library: Library) -> None:
    text = export_bibtex(library.store, [ARXIV, STUB])
    assert export_bibtex(library.store, [STUB, ARXIV]).count("@misc") == 2
    keys = library.store.citekeys([ARXIV.id, STUB.id])
    assert [e["ID"] for e in parse_bib(text, 2)] == [keys[ARXIV.id], keys[STUB.id]]


ALL = [ARXIV, STUB, OWN, BROKEN_OWN,
       make_paper("Escapes: 100% & $5 #1 a_b ~ ^ \\ {x} \"q\" @home", "Math $x^2$ {y}",
                  authors=["Jean-Luc Picard", "Ørsted, Hans Christian", "Li, Wei"],
                  year=2022, url="https://example.org/a b?q=1#frag"),
       make_paper("中文标题 と 日本語 ∑ emoji 🎉", "Non-Latin abstract 日本語"),
       make_paper("Control\x07 characters\x1b[0m in\ta title", "Tabs\tand\nnewlines")]


def test_real_bibtex_reads_every_entry_without_warnings(library: Library,
                                                          tmp_path: Path) -> None:
    text = export_bibtex(library.store, ALL)
    keys = list(library.store.citekeys([p.id for p in ALL]).values())
    assert len(parse_bib(text, len(ALL))) == len(keys) == len(ALL)
    bbl = run_bibtex(text, keys, tmp_path / "tex")
    assert "{LLMs}" in bbl and "Lovelace" in bbl


def test_real_bibtex_without_abstracts(library: Library, tmp_path: Path) -> None:
    keys = assign_keys(library.store, ALL)
    text = bibliography(ALL, keys, abstract=False)
    assert "abstract" not in text
    run_bibtex(text, list(keys.values()), tmp_path / "tex")


def test_the_bibtex_check_itself_catches_warnings_and_lost_entries(tmp_path: Path) -> None:
    bad = "@article{nojournal,\n  title = {T},\n  author = {A B},\n  year = {2020}\n}\n"
    with pytest.raises(AssertionError, match="empty journal"):
        run_bibtex(bad, ["nojournal"], tmp_path / "warn")
    with pytest.raises(AssertionError, match="read 0 of 1"):
        parse_bib("@misc{broken,\n  title = {unclosed\n", 1)


def test_real_bibtex_takes_every_kind_of_valid_key(tmp_path: Path) -> None:
    keys = ["a", "Z9", "smith:2020", "a.b", "x+y", "dir/key", "with-dash", "under_score",
            "9lives", "a" * 100]
    assert all(is_valid_key(k) for k in keys)
    text = bibliography([make_paper(f"Paper {k}") for k in keys],
                        {make_paper(f"Paper {k}").id: k for k in keys})
    assert [e["ID"] for e in parse_bib(text, len(keys))] == keys
    run_bibtex(text, keys, tmp_path / "tex")


def test_messy_metadata_does_not_break_export(library: Library) -> None:
    paper = make_paper("Messy Metadata", year="20xx", categories="cs.CL, cs.AI",
                       arxiv_id="2401.99999")
    [parsed] = parse_bib(entry(paper, key_from_pattern(paper)), 1)
    assert "year" not in parsed and parsed["primaryclass"] == "cs.CL"
    from paperterm.index.store.personal import set_setting

    set_setting(library.store, "citekey_pattern", "{broken")
    assert key_pattern(library.store) == DEFAULT_PATTERN


def test_own_entry_is_completed_from_other_metadata() -> None:
    paper = make_paper("Completed Entry", bibtype="article",
                       bibfields={"journal": "J", "url": "https://own.example/x"},
                       authors=["Ada Lovelace"], year=2021, doi="10.1/abc")
    [parsed] = parse_bib(entry(paper, "k"), 1)
    assert parsed["ENTRYTYPE"] == "article"  # author and year now present
    assert parsed["author"] == "Ada Lovelace" and parsed["year"] == "2021"
    assert parsed["doi"] == "10.1/abc" and parsed["url"] == "https://own.example/x"
