"""``paperterm search`` and ``paperterm related`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.tui.cli import main

from .conftest import write_page

PAPERS = [
    ("Reinforcement Learning for Teapots",
     "Monte Carlo Tree Search (MCTS) pours tea from teapots with reinforcement learning."),
    ("Teapot Spouts Revisited", "We study pouring from teapot spouts with tree search."),
    ("Zebra Crossings", "Detecting stripes on roads with a convolutional detector."),
]


@pytest.fixture
def lib(tmp_path: Path) -> str:
    root = str(tmp_path / "lib")
    page = write_page(tmp_path / "page.txt", PAPERS)
    assert main(["--library", root, "add", str(page)]) == 0
    return root


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_search_json_has_suggestion_and_highlights(lib: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--library", lib, "search", "--json", "reinforcemnt")
    assert out["suggestion"] == "reinforcement" and out["total"] == 0
    out = run_json(capsys, "--library", lib, "search", "--json", "reinforcment")
    assert out["suggestion"] is None  # it already finds what "reinforcement" finds
    assert out["total"] == 1 and out["elapsed_ms"] >= 0 and out["sort"] == "relevance"
    (hit,) = out["hits"]
    assert hit["title"] == "Reinforcement Learning for Teapots"
    fields = {h["field"]: h for h in hit["highlights"]}
    assert fields["title"]["marked"] == "**Reinforcement** Learning for Teapots"
    a, b = fields["abstract"]["spans"][0]
    assert fields["abstract"]["text"][a:b] == "reinforcement"


def test_search_json_acronym_highlights(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--library", lib, "search", "--json", "mcts")
    assert out["suggestion"] is None
    marked = [h["marked"] for h in out["hits"][0]["highlights"]]
    assert any("**Monte Carlo Tree Search** (**MCTS**)" in m for m in marked)


def test_search_sort_title(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--library", lib, "search", "--json", "--sort", "title", "*")
    assert out["sort"] == "title"
    assert [h["title"] for h in out["hits"]] == [
        "Reinforcement Learning for Teapots", "Teapot Spouts Revisited", "Zebra Crossings"]


def test_search_table_prints_did_you_mean(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--library", lib, "search", "teapts"]) == 0
    assert "did you mean: teapots" in capsys.readouterr().err


def test_search_bad_field_and_sort(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--library", lib, "search", "year:soon"]) == 1
    assert "year:2020..2023" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--library", lib, "search", "--sort", "size", "x"])
    assert exc.value.code == 2


def test_related_json_lists_shared_words(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    hits = run_json(capsys, "--library", lib, "search", "--json", "title:spouts")["hits"]
    pid = hits[0]["id"]
    out = run_json(capsys, "--library", lib, "related", "--json", pid[:6])
    assert out[0]["title"] == "Reinforcement Learning for Teapots"
    assert "pouring" in out[0]["shared"] or "teapot" in out[0]["shared"]
    assert all(r["id"] != pid for r in out)


def test_related_table_and_unknown_id(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    pid = run_json(capsys, "--library", lib, "search", "--json", "title:spouts")["hits"][0]["id"]
    assert main(["--library", lib, "related", pid, "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Reinforcement Learning for Teapots" in out and "shares:" in out
    assert main(["--library", lib, "related", "ffffffffff"]) == 1
