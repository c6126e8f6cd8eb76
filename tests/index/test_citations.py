"""Copy formats and the RIS, CSL-JSON and Markdown exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.cite.bibtex import assign_keys
from paperterm.index.cite.formats import (
    COPY_FORMATS,
    EXPORT_FORMATS,
    citation,
    citations,
    cite_papers,
    csl_item,
    export_papers,
    format_for_path,
    markdown,
    markdown_link,
    plain_reference,
    render,
    ris,
)
from paperterm.index.store.personal import add_tags, set_note

from .bibtex_tools import parse_bib, run_bibtex
from .test_bibtex import ALL, ARXIV, OWN, STUB, make_paper

KEYS = {ARXIV.id: "lovelace2024guided", STUB.id: "tulu", OWN.id: "Smith:2020teapots"}


def test_copy_formats_for_one_paper() -> None:
    assert citation(ARXIV, "k", "cite") == "\\cite{k}"
    assert citation(ARXIV, "k", "title") == ARXIV.title
    assert citation(ARXIV, "k", "plain") == (
        "Ada Lovelace, Ludwig van Beethoven and Tom and Jerry. Guided Tree Search with "
        "Process Rewards for LLMs. arXiv:2403.01234, 2024. https://arxiv.org/abs/2403.01234")
    assert citation(ARXIV, "k", "markdown") == (
        "[Guided Tree Search with Process Rewards for LLMs](https://arxiv.org/abs/2403.01234)")
    [entry] = parse_bib(citation(ARXIV, "k", "bibtex"), 1)
    assert entry["ID"] == "k"
    assert set(COPY_FORMATS) == {"bibtex", "cite", "plain", "markdown", "title"}
    with pytest.raises(ValueError, match="unknown citation format"):
        citation(ARXIV, "k", "docx")


def test_plain_and_markdown_without_metadata() -> None:
    assert plain_reference(STUB) == (
        "TÜLU Pancakes: Open Recipes for Breakfast. Hugging Face Daily Papers.")
    assert plain_reference(OWN) == "Attention for Teapots. J. Teapots."
    tricky = make_paper("Brackets [x] and *stars* in_title", url="https://e.org/a (b)")
    assert markdown_link(tricky) == (
        "[Brackets \\[x\\] and \\*stars\\* in\\_title](https://e.org/a%20%28b%29)")
    assert markdown_link(STUB) == "*TÜLU Pancakes: Open Recipes for Breakfast*"


def test_many_papers_in_one_copy() -> None:
    papers = [ARXIV, STUB]
    assert citations(papers, KEYS, "cite") == "\\cite{lovelace2024guided,tulu}"
    assert citations(papers, KEYS, "title").splitlines() == [ARXIV.title, STUB.title]
    assert citations(papers, KEYS, "markdown").startswith("- [Guided")
    assert len(parse_bib(citations(papers, KEYS, "bibtex"), 2)) == 2
    assert citations([], KEYS, "cite") == ""


def test_ris() -> None:
    text = ris([ARXIV, STUB, OWN], KEYS, tags={STUB.id: ["todo"]},
               notes={STUB.id: "read\nlater"})
    records = [r for r in text.split("ER  - ") if r.strip()]
    assert len(records) == 3 and text.count("ER  - ") == 3
    arxiv, stub, own = records
    assert arxiv.lstrip().startswith("TY  - UNPB")
    assert "AU  - Lovelace, Ada\n" in arxiv and "AU  - van Beethoven, Ludwig\n" in arxiv
    assert "PY  - 2024\n" in arxiv and "UR  - https://arxiv.org/abs/2403.01234\n" in arxiv
    assert "TY  - GEN" in stub and "KW  - todo\n" in stub and "N1  - read later\n" in stub
    assert "TY  - JOUR" in own and "T2  - J. Teapots" in own
    for line in text.splitlines():
        assert not line or line[2:6] == "  - ", line


def test_csl_json() -> None:
    items = json.loads(render([ARXIV, STUB, OWN], KEYS, "csl-json"))
    arxiv, stub, own = items
    assert arxiv["id"] == "lovelace2024guided" and arxiv["type"] == "article"
    assert arxiv["author"][1] == {"family": "van Beethoven", "given": "Ludwig"}
    assert arxiv["issued"] == {"date-parts": [[2024]]} and arxiv["number"] == "2403.01234"
    assert stub["type"] == "document" and "author" not in stub
    assert own["type"] == "article-journal" and own["container-title"] == "J. Teapots"
    assert "abstract" not in csl_item(ARXIV, "k", abstract=False)


def test_markdown_reading_list() -> None:
    text = markdown([ARXIV, STUB], KEYS, tags={ARXIV.id: ["rl"]},
                    notes={ARXIV.id: "Check *section 3*\n\nthen cite"})
    assert text.startswith("# Reading list\n\n2 papers\n")
    assert "## [Guided Tree Search" in text and "`lovelace2024guided`" in text
    assert "Tags: rl" in text
    assert "> Check \\*section 3\\*\n>\n> then cite" in text
    assert "We study tree search & rewards." in text
    assert "We study" not in markdown([ARXIV], KEYS, abstract=False)


def test_format_for_path() -> None:
    assert [format_for_path(f"x{s}") for s in EXPORT_FORMATS.values()] == list(EXPORT_FORMATS)
    assert format_for_path("refs.txt") is None


def test_export_papers_every_format_uses_stored_keys(library: Library, tmp_path: Path) -> None:
    store = library.store
    add_tags(store, [STUB.id], ["todo"])
    set_note(store, STUB.id, "pancakes first")
    for fmt in EXPORT_FORMATS:
        text = export_papers(store, ALL, fmt)
        assert text.strip()
    keys = store.citekeys([p.id for p in ALL])
    assert keys == assign_keys(store, ALL)
    assert "KW  - todo" in export_papers(store, [STUB], "ris")
    assert "> pancakes first" in export_papers(store, [STUB], "markdown")
    bib = export_papers(store, ALL, "bibtex")
    parse_bib(bib, len(ALL))
    run_bibtex(bib, list(keys.values()), tmp_path / "tex")
    assert cite_papers(store, [ARXIV, STUB], "cite") == (
        "\\cite{" + keys[ARXIV.id] + "," + keys[STUB.id] + "}")
    with pytest.raises(ValueError, match="unknown export format"):
        render([], {}, "docx")


def test_markdown_links_only_for_safe_schemes() -> None:
    from paperterm.index.cite.formats import markdown_link
    from paperterm.index.models import Paper

    bad = Paper("a1", "Teapots [Evil]", "", extra={"url": "javascript:alert(1)"})
    good = Paper("a2", "Kettles", "", extra={"url": "https://example.org/k"})
    assert "javascript" not in markdown_link(bad) and markdown_link(bad).startswith("*")
    assert markdown_link(good).endswith("(https://example.org/k)")
