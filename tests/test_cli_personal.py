"""The personal-state and citation commands: tag, untag, tags, note(s), read, unread, key,
library export/import, and export in every format."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.models import Source, paper_id
from paperterm.tui.cli import main

from .index.bibtex_tools import parse_bib, run_bibtex

PAPERS = [
    ("Quantum Gardening with Neural Shears", "Bonsai pruning.", {}),
    ("Offline RL for Teapot Design", "Teapot spouts & 100% no drips.",
     {"authors": ["Ada Lovelace", "Grace Hopper"], "year": 2024, "arxiv_id": "2401.01234",
      "primary_class": "cs.LG"}),
    ("A Survey of Zebra Crossing Detectors", "Stripes.", {}),
]
IDS = [paper_id(t) for t, _, _ in PAPERS]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The library PAPERTERM_HOME points at, holding three papers."""
    root = Path(os.environ["PAPERTERM_HOME"])
    with Library.open(root) as library:
        for n, (title, abstract, extra) in enumerate(PAPERS):
            library.store.insert_paper(paper_id(title), title, abstract, extra)
            library.store.insert_source(paper_id(title), Source("/d/p.txt", n + 1, "Mar 11"))
        library.store.bump_generation()
        library.reindex()
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_tag_untag_and_tags(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "tag", IDS[0][:5], "RL", "to read")[0] == 0
    status, out, _ = run(capsys, "tag", IDS[1], "rl")
    assert status == 0 and "1 tag added" in out
    status, out, _ = run(capsys, "tags")
    assert out.split() == ["rl", "2", "to-read", "1"]
    _, out, _ = run(capsys, "tags", "--json")
    assert json.loads(out) == [{"tag": "rl", "count": 2}, {"tag": "to-read", "count": 1}]
    _, out, _ = run(capsys, "tags", IDS[0], "--json")
    assert json.loads(out) == {"id": IDS[0], "tags": ["rl", "to-read"]}
    _, out, _ = run(capsys, "tags", "--tag", "RL")
    assert [line.split()[0] for line in out.splitlines()] == IDS[:2]
    assert run(capsys, "untag", IDS[0], "rl")[0] == 0
    _, out, _ = run(capsys, "tags", IDS[0])
    assert out == "to-read\n"
    status, _, err = run(capsys, "tag", IDS[0], "a,b")
    assert status == 2 and "comma" in err
    status, _, err = run(capsys, "tag", "zzzz", "x")
    assert status == 1 and "unknown or ambiguous paper id: zzzz" in err


def test_note_set_show_edit_clear(home: Path, capsys: pytest.CaptureFixture[str],
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "note", IDS[0], "first", "thoughts")[1] == "note saved\n"
    assert run(capsys, "note", IDS[0])[1] == "first thoughts\n"
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\n"
                      "open(p, 'a').write('\\nadded in the editor')\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    assert run(capsys, "note", IDS[0], "--edit")[0] == 0
    assert run(capsys, "note", IDS[0])[1] == "first thoughts\nadded in the editor\n"
    _, out, _ = run(capsys, "notes", "--json")
    assert json.loads(out) == [{"id": IDS[0], "title": PAPERS[0][0],
                                "note": "first thoughts\nadded in the editor"}]
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    status, _, err = run(capsys, "note", IDS[0], "--edit")
    assert status == 1 and "status 3" in err
    assert run(capsys, "note", IDS[0], "--clear")[1] == "note cleared\n"
    status, out, err = run(capsys, "note", IDS[0])
    assert status == 0 and out == "" and "has no note" in err


def test_note_from_stdin(home: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("line one\nline two\n"))
    run(capsys, "note", IDS[1], "-")
    assert run(capsys, "note", IDS[1])[1] == "line one\nline two\n"


def test_read_and_unread(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "read", IDS[0], IDS[2][:6])
    assert out == "2 marked read (0 already were)\n"
    _, out, _ = run(capsys, "read", "--list", "--json")
    assert [p["id"] for p in json.loads(out)] == [IDS[0], IDS[2]]
    _, out, _ = run(capsys, "unread", "--list")
    assert out.split()[0] == IDS[1]
    run(capsys, "unread", IDS[0])
    _, out, _ = run(capsys, "unread", "--list", "--json")
    assert [p["id"] for p in json.loads(out)] == [IDS[0], IDS[1]]
    assert run(capsys, "read")[0] == 2


def test_key_show_set_and_pattern(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "key", IDS[1])[1] == "lovelace2024offline\n"
    assert run(capsys, "key", IDS[1])[1] == "lovelace2024offline\n"  # stable
    status, out, _ = run(capsys, "key", IDS[0], "gardening:2024")
    assert status == 0 and out == f"{IDS[0]}: (none) -> gardening:2024\n"
    status, _, err = run(capsys, "key", IDS[2], "GARDENING:2024")
    assert status == 1 and "already used" in err
    status, _, err = run(capsys, "key", IDS[2], "has space")
    assert status == 1 and "invalid cite key" in err
    status, out, _ = run(capsys, "key", "--pattern", "{title_word}{year}|{title_word}")
    assert status == 0 and "example: attention2017" in out
    assert run(capsys, "key", IDS[2])[1] == "survey\n"
    status, _, err = run(capsys, "key", "--pattern", "{nope}")
    assert status == 2 and "unknown key pattern token" in err
    _, out, _ = run(capsys, "key", "--json")
    assert json.loads(out)["pattern"] == "{title_word}{year}|{title_word}"


def test_library_export_import_to_a_new_library(home: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "bookmark", "add", IDS[0])
    run(capsys, "tag", IDS[0], "rl")
    run(capsys, "note", IDS[1], "remember")
    run(capsys, "read", IDS[2])
    run(capsys, "key", IDS[0], "mine2024")
    backup = tmp_path / "backup.json"
    assert run(capsys, "library", "export", str(backup))[0] == 0
    fresh = tmp_path / "fresh"
    status, out, _ = run(capsys, "library", "import", str(backup), "--library", str(fresh))
    assert status == 0
    assert out == ("imported 1 bookmark, 1 tag, 1 note, 1 read mark, 1 cite key, "
                   "0 settings; 0 conflicts, 0 problems\n")
    status, _, err = run(capsys, "library", "import", str(tmp_path / "missing.json"))
    assert status == 1 and "cannot read" in err
    (tmp_path / "bad.json").write_text("{}")
    status, _, err = run(capsys, "library", "import", str(tmp_path / "bad.json"))
    assert status == 1 and "not a paperterm backup" in err


@pytest.mark.parametrize(("fmt", "check"), [
    ("ris", lambda text: text.count("ER  - ") == 2),
    ("csl-json", lambda text: len(json.loads(text)) == 2),
    ("markdown", lambda text: text.startswith("# Reading list") and "Tags: rl" in text),
])
def test_export_formats_by_tag(home: Path, capsys: pytest.CaptureFixture[str], fmt: str,
                               check: object) -> None:
    run(capsys, "tag", IDS[0], "rl")
    run(capsys, "tag", IDS[1], "rl")
    status, out, _ = run(capsys, "export", "--tag", "rl", "--format", fmt)
    assert status == 0 and check(out)  # type: ignore[operator]


def test_export_bibtex_to_a_file_passes_bibtex(home: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.bib"
    status, _, err = run(capsys, "export", "--id", *IDS, "-o", str(target))
    assert status == 0 and err == f"3 papers exported to {target}\n"
    text = target.read_text(encoding="utf-8")
    entries = parse_bib(text, 3)
    run_bibtex(text, [e["ID"] for e in entries], tmp_path / "tex")
    # The suffix picks the format when --format is not given.
    run(capsys, "export", "--bookmarks", "-o", str(tmp_path / "empty.json"))
    assert json.loads((tmp_path / "empty.json").read_text()) == []
    status, out, _ = run(capsys, "export", "--query", "teapot", "-f", "bibtex", "--no-abstract")
    assert status == 0 and "lovelace2024offline" in out and "abstract" not in out
