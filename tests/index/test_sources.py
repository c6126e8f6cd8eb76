"""Daily Papers page dumps in every shape a person saves them, and format detection."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index.sources import Problem, Record, discover, read_records
from paperterm.index.sources.detect import NotAListing, sniff
from paperterm.index.sources.text import bounded_lines

from tests.conftest import HEADER, SYNTHETIC, write_page


def parsed(path: Path, fmt: str | None = None) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    problems: list[Problem] = []
    for item in read_records(path, fmt):
        (problems if isinstance(item, Problem) else records).append(item)
    return records, problems


def pairs(records: list[Record]) -> list[tuple[str, str]]:
    return [(r.cleaned().title, r.cleaned().abstract) for r in records]


def test_plain_page_parses_to_its_pairs(page: Path) -> None:
    records, problems = parsed(page)
    assert pairs(records) == SYNTHETIC
    assert problems == []
    assert {r.date for r in records} == {"Mar 11"}


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings(tmp_path: Path, newline: str) -> None:
    records, problems = parsed(write_page(tmp_path / "p.txt", SYNTHETIC, newline=newline))
    assert pairs(records) == SYNTHETIC and not problems


def test_utf8_byte_order_mark_is_not_part_of_a_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    body = "\n\n".join(["\ufeffnew", *HEADER[1:], "Mar 11"] + [x for p in SYNTHETIC for x in p])
    path.write_text(body, encoding="utf-8")
    records, problems = parsed(path)
    assert pairs(records) == SYNTHETIC and not problems


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_single_byte_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    papers = [("Café Crème: Brûlée Learning", "Naïve models of crème brûlée."),
              ("Señor Søren's Paper", "An abstract about Ångström units.")]
    if encoding == "cp1252":
        papers.append(("Quotes “Smart” and – Dashes", "The € sign works too."))
    path = tmp_path / "legacy.txt"
    text = "\n\n".join(x for p in papers for x in p)
    path.write_bytes(text.encode(encoding))
    records, problems = parsed(path)
    assert pairs(records) == papers and not problems


def test_hard_wrapped_abstract_blank_line_runs_and_trailing_space(tmp_path: Path) -> None:
    title, abstract = SYNTHETIC[0]
    words = abstract.split()
    wrapped = "\n".join(" ".join(words[i:i + 4]) + "   " for i in range(0, len(words), 4))
    path = tmp_path / "wrapped.txt"
    path.write_text(f"\n\n\n{title}  \t\n\n\n\n{wrapped}\n\n\n\n{SYNTHETIC[1][0]}\n\n"
                    f"{SYNTHETIC[1][1]}\n", encoding="utf-8")
    records, problems = parsed(path)
    assert pairs(records) == SYNTHETIC[:2] and not problems
    assert records[0].line == 4


def test_page_without_header(tmp_path: Path) -> None:
    path = write_page(tmp_path / "bare.txt", SYNTHETIC, date=None, header=False)
    records, problems = parsed(path)
    assert pairs(records) == SYNTHETIC and not problems
    assert all(r.date is None for r in records)


def test_concatenated_pages_keep_their_dates_and_skip_the_middle_header(tmp_path: Path) -> None:
    first = write_page(tmp_path / "a.txt", SYNTHETIC[:2], date="Mar 11").read_text()
    second = write_page(tmp_path / "b.txt", SYNTHETIC[2:], date="Mar 12").read_text()
    path = tmp_path / "both.txt"
    path.write_text(first + "\n" + second, encoding="utf-8")
    records, problems = parsed(path)
    assert pairs(records) == SYNTHETIC and not problems
    assert [r.date for r in records] == ["Mar 11"] * 2 + ["Mar 12"] * 3


@pytest.mark.parametrize("missing", range(len(SYNTHETIC)))
def test_missing_abstract_keeps_every_other_pair_right(tmp_path: Path, missing: int) -> None:
    blocks: list[str] = []
    for i, (title, abstract) in enumerate(SYNTHETIC):
        blocks += [title] if i == missing else [title, abstract]
    path = tmp_path / "gap.txt"
    path.write_text("\n\n".join(["Mar 11", *blocks]) + "\n", encoding="utf-8")
    records, problems = parsed(path)
    expected = [(t, "" if i == missing else a) for i, (t, a) in enumerate(SYNTHETIC)]
    assert pairs(records) == expected
    assert len(problems) == 1 and problems[0].warning
    assert problems[0].line == 3 + 4 * missing
    assert "without an abstract" in str(problems[0])


def test_titles_only_list_is_never_paired_up(tmp_path: Path) -> None:
    path = tmp_path / "titles.txt"
    path.write_text("\n\n".join(t for t, _ in SYNTHETIC), encoding="utf-8")
    records, _ = parsed(path)
    assert pairs(records) == [(t, "") for t, _ in SYNTHETIC]


def test_title_ending_with_a_full_stop_is_still_a_title(tmp_path: Path) -> None:
    path = tmp_path / "stop.txt"
    path.write_text("Attention Is Enough.\n\nWe show it is.\n\nNext Title\n\nNext abstract.\n")
    records, problems = parsed(path)
    assert pairs(records) == [("Attention Is Enough.", "We show it is."),
                              ("Next Title", "Next abstract.")]
    assert not problems


def test_stray_paragraph_is_reported_not_attached(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    a, b = SYNTHETIC[0], SYNTHETIC[1]
    path.write_text(f"{a[0]}\n\n{a[1]}\n\nA stray second paragraph.\n\n{b[0]}\n\n{b[1]}\n")
    records, problems = parsed(path)
    assert pairs(records) == [a, b]
    assert [(p.line, p.warning) for p in problems] == [(5, False)]


def test_overlong_line_is_skipped_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    with path.open("w") as out:
        out.write("x" * 3_000_000 + "\n\n")
        out.write(f"{SYNTHETIC[0][0]}\n\n{SYNTHETIC[0][1]}\n")
    problems: list[Problem] = []
    with path.open() as handle:
        lengths = [len(line) for line in bounded_lines(handle, "long.txt", problems,
                                                       limit=1 << 16)]
    assert max(lengths) < 1 << 16
    assert [p.line for p in problems] == [1]
    records, file_problems = parsed(path)
    assert pairs(records) == [SYNTHETIC[0]]
    assert any("longer than" in str(p) for p in file_problems)


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"\n\n   \n", "empty file"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary"),
    (b"<!DOCTYPE html>\n<html><head><title>Daily Papers</title></head></html>", "HTML"),
    (b"<?xml version='1.0'?><catalog/>", "not an Atom feed"),
])
def test_bad_inputs_are_one_clear_problem(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    records, problems = parsed(path)
    assert records == []
    assert len(problems) == 1 and reason in problems[0].reason
    assert str(problems[0]).startswith(f"{path}: ")


def test_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_page(tmp_path / "secret.txt", SYNTHETIC)
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    records, problems = parsed(path)
    assert records == [] and [p.reason for p in problems] == ["permission denied"]


def test_discover_reports_symlink_loops_and_keeps_listing_files(tmp_path: Path) -> None:
    root = tmp_path / "papers"
    (root / "sub").mkdir(parents=True)
    write_page(root / "sub" / "a.txt", SYNTHETIC[:1])
    (root / "sub" / "notes.png").write_bytes(b"\x89PNG")
    (root / "sub" / "loop").symlink_to(root)
    found = list(discover([root, tmp_path / "nope.txt"]))
    files = [f for f in found if isinstance(f, Path)]
    problems = [p for p in found if isinstance(p, Problem)]
    assert [f.name for f in files] == ["a.txt"]
    assert any("symlink loop" in p.reason for p in problems)
    assert any(p.file.endswith("nope.txt") for p in problems)


@pytest.mark.parametrize(("name", "head", "fmt"), [
    ("x.txt", b"new\n\nSubscribe\n\nA Title\n\nAn abstract.\n", "dailypapers"),
    ("x.dat", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "arxiv-atom"),
    ("x.txt", b'{"id": "0704.0001", "title": "t", "abstract": "a", "categories": "cs.AI"}\n',
     "arxiv-jsonl"),
    ("x.txt", b'[{"title": "t"}]', "json"),
    ("x.txt", b'{"title": "t"}\n{"title": "u"}\n', "json"),
    ("x.txt", b"@article{key,\n  title = {T},\n}\n", "bibtex"),
    ("x.txt", b"Title,Abstract\nT,A\n", "csv"),
    ("x.txt", b"paper_title\tsummary\nT\tA\n", "csv"),
    ("x.csv", b"a,b\n1,2\n", "csv"),
])
def test_format_is_sniffed_from_content(name: str, head: bytes, fmt: str) -> None:
    assert sniff(Path(name), head) == fmt


def test_sniff_rejects_html_saved_as_txt() -> None:
    with pytest.raises(NotAListing, match="HTML"):
        sniff(Path("page.txt"), b"<html>\n<body>Daily Papers</body></html>")


def test_format_override_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Title,Abstract\nA Paper,Its abstract\n")
    assert pairs(parsed(path)[0]) == [("A Paper", "Its abstract")]
    as_page, _ = parsed(path, "dailypapers")
    assert pairs(as_page) == [("Title,Abstract A Paper,Its abstract", "")]


@pytest.mark.parametrize("first", ["[Re] Reproducing Teapots", "{Braces} in a Title",
                                   "<Angle> Brackets", "@Home Robots"])
def test_page_whose_first_title_looks_like_markup(tmp_path: Path, first: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(f"{first}\n\nIts abstract.\n\n{SYNTHETIC[0][0]}\n\n{SYNTHETIC[0][1]}\n")
    records, problems = parsed(path)
    assert pairs(records) == [(first, "Its abstract."), SYNTHETIC[0]] and not problems


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "unicode.txt"
    text = "\r\n\r\n".join(x for p in SYNTHETIC for x in p)
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    path.write_bytes((bom + text).encode(encoding))
    records, problems = parsed(path)
    assert pairs(records) == SYNTHETIC and not problems


@pytest.mark.parametrize("abstract", [
    "We pour tea. Code is available at https://example.org/teapots",
    "We pour tea with a spout that never drips and a handle that never burns. It works on "
    "every table we tried and on some chairs too, and in kitchens of all sizes",
    "A short abstract.",
])
def test_abstracts_without_a_final_full_stop_still_pair_after_a_gap(tmp_path: Path,
                                                                    abstract: str) -> None:
    path = tmp_path / "gap.txt"
    path.write_text(f"Lost Title\n\nNext Title\n\n{abstract}\n")
    records, _ = parsed(path)
    assert pairs(records) == [("Lost Title", ""), ("Next Title", abstract)]


def test_headerless_page_whose_first_title_has_commas(tmp_path: Path) -> None:
    path = tmp_path / "commas.txt"
    path.write_text("Paper, Please: Forms at Scale\n\nWe fill forms.\n")
    assert pairs(parsed(path)[0]) == [("Paper, Please: Forms at Scale", "We fill forms.")]
