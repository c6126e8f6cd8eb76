"""arXiv Atom and JSON lines, BibTeX, CSV and JSON inputs (synthetic fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.index.sources import Problem, Record, read_records
from paperterm.index.sources.arxiv import arxiv_id
from paperterm.index.sources.bibtex_file import latex_to_text, split_authors


def parsed(path: Path) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    problems: list[Problem] = []
    for item in read_records(path):
        (problems if isinstance(item, Problem) else records).append(item)
    return records, problems


def atom_entry(aid: str, title: str, summary: str, doi: str | None = None) -> str:
    doi_xml = f"<arxiv:doi>{doi}</arxiv:doi>" if doi else ""
    return f"""  <entry>
    <id>http://arxiv.org/abs/{aid}</id>
    <updated>2024-02-01T00:00:00Z</updated>
    <published>2024-01-15T18:00:00Z</published>
    <title>{title}</title>
    <summary>{summary}</summary>
    <author><name>Ada Lovelace</name></author>
    <author><name>Alan Turing</name></author>
    {doi_xml}
    <link href="http://arxiv.org/abs/{aid}" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="stat.ML" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def atom_feed(*entries: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
            '  <title type="html">ArXiv Query: teapots</title>\n'
            + "".join(entries) + "</feed>\n")


def test_atom_feed_keeps_metadata(tmp_path: Path) -> None:
    path = tmp_path / "query.xml"
    path.write_text(atom_feed(
        atom_entry("2401.00001v2", "Teapots &amp; Spouts:\n      A Study", "  Spouts drip.\n  ",
                   doi="10.1234/teapot"),
        atom_entry("2401.00002v1", "Kettles", "Kettles boil.")))
    records, problems = parsed(path)
    assert not problems
    first = records[0].cleaned()
    assert (first.title, first.abstract) == ("Teapots & Spouts: A Study", "Spouts drip.")
    assert first.line == 4 and first.date == "2024-01-15"
    assert first.extra == {
        "authors": ["Ada Lovelace", "Alan Turing"], "year": 2024, "arxiv_id": "2401.00001",
        "url": "https://arxiv.org/abs/2401.00001", "doi": "10.1234/teapot",
        "categories": ["cs.LG", "stat.ML"], "primary_class": "cs.LG"}
    assert "doi" not in records[1].extra and records[1].extra["arxiv_id"] == "2401.00002"


def test_atom_api_error_and_broken_xml_are_problems(tmp_path: Path) -> None:
    error = atom_entry("x", "Error", "incorrect id format for 1234")
    error = error.replace("http://arxiv.org/abs/x", "http://arxiv.org/api/errors#bad_id")
    path = tmp_path / "err.xml"
    path.write_text(atom_feed(error, atom_entry("2401.00003", "Fine", "Fine.")))
    records, problems = parsed(path)
    assert [r.title for r in records] == ["Fine"]
    assert "arXiv API error: incorrect id format" in problems[0].reason
    broken = tmp_path / "broken.xml"
    broken.write_text(atom_feed(atom_entry("2401.00004", "Good", "Good."))
                      .replace("</feed>", "<entry><title>Cut off"))
    records, problems = parsed(broken)
    assert [r.title for r in records] == ["Good"]
    assert any("invalid XML" in p.reason and p.line is not None for p in problems)


def snapshot(aid: str, title: str, **more: object) -> str:
    obj = {"id": aid, "submitter": "Ada", "authors": "A. Lovelace, A. M. Turing and C. Babbage",
           "title": title, "comments": "4 pages", "journal-ref": None, "doi": None,
           "categories": "cs.LG stat.ML", "license": None, "abstract": "  An abstract.\n",
           "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
                        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"}],
           "update_date": "2008-11-13"}
    obj.update(more)
    return json.dumps(obj)


def test_jsonl_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "arxiv-metadata.json"
    path.write_text("\n".join([
        snapshot("0704.0001", "Calculation of\n  teapots", doi="10.1103/x"),
        "{not json",
        snapshot("hep-th/9901001", "Old Style Id", authors_parsed=[["Bal\u00e1zs", "C.", ""]]),
    ]) + "\n")
    records, problems = parsed(path)
    assert [(p.line, p.reason.split(":")[0]) for p in problems] == [(2, "invalid JSON")]
    first, second = records
    assert first.cleaned().title == "Calculation of teapots"
    assert first.date == "2007-04-02" and first.extra["year"] == 2007
    assert first.extra["authors"] == ["A. Lovelace", "A. M. Turing", "C. Babbage"]
    assert first.extra["categories"] == ["cs.LG", "stat.ML"]
    assert first.extra["doi"] == "10.1103/x"
    assert second.extra["arxiv_id"] == "hep-th/9901001"
    assert second.extra["authors"] == ["C. Balázs"] and second.line == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("http://arxiv.org/abs/2401.01234v3", "2401.01234"),
    ("arXiv:2401.01234", "2401.01234"),
    ("2312.1234v1", "2312.1234"),
    ("http://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
    ("no id here", None),
])
def test_arxiv_id_drops_the_version(text: str, expected: str | None) -> None:
    assert arxiv_id(text) == expected


BIB = r"""% My reading list
@string{tp = "Journal of Teapots"}

@article{lovelace2024meds,
  title   = {MedS$^3$: Brewing with {T}{\"u}lu},
  author  = {Lovelace, Ada and M{\"u}ller, J{\"o}rg and {Teapot Consortium}},
  journal = tp,
  year    = 2024,
  doi     = {10.1234/meds3},
  abstract = {We brew {\em better} tea.},
  eprint = {2401.00001}, archivePrefix = {arXiv}, primaryClass = {cs.LG},
}

@misc{broken,
  title = {Unclosed

@inproceedings{turing1950,
  title = "Computing Machinery and Teapots",
  author = "Alan Turing",
  booktitle = {Proc. Teapots},
  year = {1950}
}
"""


def test_bibtex_keeps_keys_and_fields_and_decodes_latex(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BIB)
    records, problems = parsed(path)
    assert [(p.line, "malformed" in p.reason) for p in problems] == [(14, True)]
    meds, turing = records
    assert meds.title == "MedS^3: Brewing with Tülu" and meds.line == 4
    assert meds.abstract == "We brew better tea."
    assert meds.extra["title_latex"] == r'MedS$^3$: Brewing with {T}{\"u}lu'
    assert meds.extra["bibkey"] == "lovelace2024meds" and meds.extra["bibtype"] == "article"
    assert meds.extra["bibfields"]["journal"] == "Journal of Teapots"
    assert meds.extra["authors"] == ["Ada Lovelace", "Jörg Müller", "Teapot Consortium"]
    assert (meds.extra["year"], meds.extra["doi"]) == (2024, "10.1234/meds3")
    assert (meds.extra["arxiv_id"], meds.extra["primary_class"]) == ("2401.00001", "cs.LG")
    assert turing.extra["bibkey"] == "turing1950" and "title_latex" not in turing.extra


def test_latex_helpers() -> None:
    assert latex_to_text(r"{\'E}cole \& {BERT}") == "École & BERT"
    assert latex_to_text("plain") == "plain"
    assert split_authors("Doe, J. and {Smith and Sons}") == ["J. Doe", "Smith and Sons"]


def test_csv_with_common_column_names(tmp_path: Path) -> None:
    path = tmp_path / "papers.csv"
    path.write_text('ID,Paper Title,SUMMARY,Authors,Year\n'
                    '2401.00001,"Teapots, Kettles","Line one\nline two.","Ada; Alan",2024\n'
                    ',,,,\n'
                    '2401.00002,,No title here.,,\n'
                    '2401.00003,Kettles,Boil.,,\n', encoding="utf-8")
    records, problems = parsed(path)
    assert [(r.cleaned().title, r.cleaned().abstract, r.line) for r in records] == [
        ("Teapots, Kettles", "Line one line two.", 2), ("Kettles", "Boil.", 6)]
    assert records[0].extra["authors"] == ["Ada", "Alan"]
    assert records[0].extra["arxiv_id"] == "2401.00001" and records[0].extra["year"] == 2024
    assert [(p.line, p.reason) for p in problems] == [(5, "no title; skipped")]


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    for name, text in (("a.tsv", "title\tabstract\nT1\tA1.\n"),
                       ("b.csv", "Title;Abstract\nT1;A1.\n")):
        path = tmp_path / name
        path.write_text(text)
        records, problems = parsed(path)
        assert [(r.title, r.abstract) for r in records] == [("T1", "A1.")] and not problems


def test_csv_without_title_column(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n")
    records, problems = parsed(path)
    assert records == [] and "no title column" in problems[0].reason


@pytest.mark.parametrize("shape", ["array", "lines", "wrapped", "minified"])
def test_json_shapes(tmp_path: Path, shape: str) -> None:
    items = [{"Title": f"Paper {i}", "Abstract": f"Abstract {i}.",
              "authors": [{"name": "Ada"}, "Alan"], "date": "2024-03-11"} for i in range(3)]
    text = {"array": json.dumps(items, indent=2),
            "lines": "\n".join(json.dumps(i) for i in items),
            "wrapped": json.dumps({"count": 3, "papers": items}),
            "minified": json.dumps(items, separators=(",", ":"))}[shape]
    path = tmp_path / "list.json"
    path.write_text(text)
    records, problems = parsed(path)
    assert not problems
    assert [(r.title, r.abstract) for r in records] == [(f"Paper {i}", f"Abstract {i}.")
                                                        for i in range(3)]
    assert records[0].extra["authors"] == ["Ada", "Alan"] and records[0].date == "2024-03-11"
    if shape == "lines":
        assert [r.line for r in records] == [1, 2, 3]


def test_big_single_line_json_array_streams(tmp_path: Path) -> None:
    items = [{"title": f"Paper {i}", "abstract": "x" * 500 + "."} for i in range(4000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(items))
    records, problems = parsed(path)
    assert len(records) == 4000 and not problems


@pytest.mark.parametrize(("text", "line"), [
    ('[{"title": "Good", "abstract": "Fine."},\n {"title": "Bad" "abstract": 1}]', 2),
    ('[{"title": "Good", "abstract": "Fine."}', 1),
    ('[{"title": "Good", "abstract": "Fine."}] trailing', 1),
])
def test_invalid_json_keeps_earlier_items_and_says_where(tmp_path: Path, text: str,
                                                          line: int) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    records, problems = parsed(path)
    assert [r.title for r in records] == ["Good"]
    assert len(problems) == 1 and problems[0].line == line
    assert "JSON" in problems[0].reason


def test_json_items_that_are_not_objects(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text('[1, "two", {"name": "Three", "description": "Three."}]')
    records, problems = parsed(path)
    assert [r.title for r in records] == ["Three"] and len(problems) == 2


def test_wrapped_list_is_streamed_and_paper_lists_are_not_wrappers(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({
        "query": "teapots", "results": [
            {"authors": [{"name": "Ada"}], "title": "First", "abstract": "One."},
            {"categories": ["cs.LG"], "title": "Second", "abstract": "Two."}],
        "next": None}, indent=1))
    records, problems = parsed(path)
    assert not problems
    assert [(r.title, r.line) for r in records] == [("First", 4), ("Second", 13)]
    assert records[0].extra["authors"] == ["Ada"]
    assert records[1].extra["categories"] == ["cs.LG"]


def test_huge_single_json_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("w") as out:
        out.write('[{"title": "')
        for _ in range(12):
            out.write("x" * 1_000_000)
    records, problems = parsed(path)
    assert records == [] and "over 8 MB" in problems[0].reason
