"""OAI-PMH ListRecords responses, arXiv and Dublin Core metadata (synthetic fixtures)."""

from __future__ import annotations

from pathlib import Path

from paperterm.index.sources import Record, read_records
from paperterm.index.sources.detect import sniff

from .test_sources_formats import parsed

OAI = "http://www.openarchives.org/OAI/2.0/"


def arxiv_record(aid: str, title: str, abstract: str, categories: str = "cond-mat.str-el",
                 xmlns: bool = True) -> str:
    ns = ' xmlns="http://arxiv.org/OAI/arXiv/"' if xmlns else ""
    return f"""<record>
<header><identifier>oai:arXiv.org:{aid}</identifier><datestamp>2009-01-01</datestamp></header>
<metadata>
<arXiv{ns}>
<id>{aid}</id><created>2007-04-23</created><updated>2007-11-20</updated><authors><author>\
<keyname>Okafor</keyname><forenames>B. C.</forenames></author><author><keyname>Chen</keyname>\
<forenames>Ann</forenames><suffix>Jr</suffix></author></authors><title>{title}</title>\
<categories>{categories}</categories><journal-ref>Teapot Lett. 3:14,2008</journal-ref>\
<doi>10.9999/tea.1</doi><abstract>  {abstract}
</abstract></arXiv>
</metadata>
</record>
"""


def response(*records: str, token: bool = True) -> str:
    tail = ('<resumptionToken cursor="0" completeListSize="9">123|1001</resumptionToken>\n'
            if token else "")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<OAI-PMH xmlns="{OAI}">\n'
            "<responseDate>2018-06-17T22:13:31Z</responseDate>\n"
            '<request verb="ListRecords">http://example.org/oai</request>\n<ListRecords>\n'
            + "".join(records) + tail + "</ListRecords>\n</OAI-PMH>\n")


def test_arxiv_metadata_without_its_namespace(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text(response(
        arxiv_record("0704.0001", "Spin liquids in\n  teapots", "Teapots &amp; spins.",
                     "cond-mat.str-el hep-th", xmlns=False),
        arxiv_record("0704.0002", "Kettle cohomology", "Kettles boil.", "math.AT")))
    records, problems = parsed(path)
    assert not problems
    assert [r.line for r in records] == [6, 15]
    first = records[0].cleaned()
    assert (first.title, first.abstract) == ("Spin liquids in teapots", "Teapots & spins.")
    assert first.date == "2007-04-23"
    assert first.extra == {
        "authors": ["B. C. Okafor", "Ann Chen Jr"],
        "author_parts": [["Okafor", "B. C.", ""], ["Chen", "Ann", "Jr"]],
        "arxiv_id": "0704.0001", "url": "https://arxiv.org/abs/0704.0001",
        "pdf_url": "https://arxiv.org/pdf/0704.0001",
        "categories": ["cond-mat.str-el", "hep-th"], "primary_class": "cond-mat.str-el",
        "doi": "10.9999/tea.1", "journal": "Teapot Lett. 3:14,2008",
        "published": "2007-04-23", "year": 2007}
    assert records[1].extra["categories"] == ["math.AT"]


def test_sniffed_as_oai_pmh(tmp_path: Path) -> None:
    text = response(arxiv_record("0704.0001", "T", "A"))
    assert sniff(tmp_path / "page.xml", text.encode()) == "oai-pmh"
    assert sniff(tmp_path / "page.txt", text.encode()) == "oai-pmh"


DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"


def dc_record(declared: bool = True) -> str:
    ns = (f' xmlns:oai_dc="{DC}" xmlns:dc="http://purl.org/dc/elements/1.1/"'
          if declared else "")
    return f"""<record><header><identifier>oai:arXiv.org:0705.0100</identifier></header>
<metadata><oai_dc:dc{ns}>
<dc:title>Zebra crossings of random graphs</dc:title>
<dc:creator>Lovelace, Ada</dc:creator><dc:creator>Alan Turing</dc:creator>
<dc:subject>Mathematics - Combinatorics</dc:subject><dc:subject>05C80</dc:subject>
<dc:description>  Stripes appear   at the threshold. </dc:description>
<dc:description>Comment: 12 pages</dc:description>
<dc:date>2007-05-09</dc:date><dc:date>2007-05-01</dc:date>
<dc:identifier>http://arxiv.org/abs/0705.0100</dc:identifier>
<dc:identifier>doi:10.1000/zebra</dc:identifier>
</oai_dc:dc></metadata></record>
"""


def test_dublin_core(tmp_path: Path) -> None:
    path = tmp_path / "dc.xml"
    path.write_text(response(dc_record()))
    records, problems = parsed(path)
    assert not problems
    (record,) = records
    assert (record.title, record.abstract) == ("Zebra crossings of random graphs",
                                               "Stripes appear at the threshold.")
    assert record.date == "2007-05-01"
    assert record.extra["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert record.extra["author_parts"] == [["Lovelace", "Ada", ""], ["Turing", "Alan", ""]]
    assert record.extra["categories"] == ["Mathematics - Combinatorics", "05C80"]
    assert record.extra["arxiv_id"] == "0705.0100"
    assert record.extra["doi"] == "10.1000/zebra"
    assert (record.extra["published"], record.extra["year"]) == ("2007-05-01", 2007)


def test_dublin_core_whose_prefixes_lost_their_declaration(tmp_path: Path) -> None:
    path = tmp_path / "dc.xml"
    path.write_text(response(dc_record(declared=False), dc_record(declared=False)))
    records, problems = parsed(path)
    assert not problems
    assert [r.title for r in records] == ["Zebra crossings of random graphs"] * 2
    assert records[0].extra["authors"] == ["Ada Lovelace", "Alan Turing"]


def test_bad_records_are_problems_and_good_ones_stay(tmp_path: Path) -> None:
    deleted = ('<record><header status="deleted"><identifier>oai:x:1</identifier>'
               "</header></record>\n")
    untitled = arxiv_record("0704.0003", "", "No title here.")
    path = tmp_path / "page.xml"
    path.write_text(response(deleted, untitled, arxiv_record("0704.0004", "Good", "Fine.")))
    records, problems = parsed(path)
    assert [r.title for r in records] == ["Good"]
    assert [str(p) for p in problems] == [
        f"{path}:6: deleted record; skipped", f"{path}:7: record without a title; skipped"]
    assert problems[0].warning and not problems[1].warning


def test_broken_xml_keeps_earlier_records_and_says_where(tmp_path: Path) -> None:
    text = response(arxiv_record("0704.0005", "Kept", "Fine."),
                    arxiv_record("0704.0006", "Lost <b>", "Broken."), token=False)
    path = tmp_path / "page.xml"
    path.write_text(text)
    records, problems = parsed(path)
    assert [r.title for r in records] == ["Kept"]
    (problem,) = problems
    assert str(problem).startswith(f"{path}:") and "invalid XML" in problem.reason
    assert problem.line is not None and problem.line > 15


def test_oai_error_response(tmp_path: Path) -> None:
    path = tmp_path / "none.xml"
    path.write_text(f'<?xml version="1.0"?>\n<OAI-PMH xmlns="{OAI}">\n'
                    '<error code="noRecordsMatch">No records match</error>\n</OAI-PMH>\n')
    records, problems = parsed(path)
    assert not records
    assert [p.reason for p in problems] == ["OAI-PMH noRecordsMatch: No records match"]


def test_many_records_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_text(response(*(arxiv_record(f"0704.{n:04d}", f"Teapot number {n}", "Tea.")
                               for n in range(1, 1501))))
    titles = [item.title for item in read_records(path) if isinstance(item, Record)]
    assert titles == [f"Teapot number {n}" for n in range(1, 1501)]
