"""``paperterm topics``: the tree with counts, --query, --json, --init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paperterm.index.topics.taxonomy import DEFAULT, FILE_NAME
from paperterm.tui.cli import main


@pytest.fixture
def lib(tmp_path: Path, page: Path) -> str:
    root = str(tmp_path / "cli-lib")
    assert main(["add", "--library", root, str(page)]) == 0
    return root


def test_topics_prints_the_tree_with_counts(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["topics", "--library", lib]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "All papers  5" in out
    assert "Discovered" in out
    assert "  page  5" in out


def test_topics_query_counts_within_the_search(lib: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["topics", "--library", lib, "--query", "zebra", "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    counts = {n["label"]: n["count"] for n in tree}
    assert counts["All papers"] == 1 and counts["Bookmarks"] == 0


def test_topics_bad_query_is_one_line(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["topics", "--library", lib, "--query", "year:soon"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("paperterm: bad query:") and "\n" not in err


def test_init_writes_and_refuses_to_overwrite(lib: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(lib) / FILE_NAME
    assert main(["topics", "--library", lib, "--init"]) == 0
    assert path.read_text() == DEFAULT
    path.write_text("[Mine]\nquery = 'zebra'\n")
    capsys.readouterr()
    assert main(["topics", "--library", lib, "--init"]) == 1
    assert "--force" in capsys.readouterr().err
    assert "Mine" in path.read_text()
    assert main(["topics", "--library", lib, "--init", "--force"]) == 0
    assert path.read_text() == DEFAULT


def test_taxonomy_problems_go_to_stderr_and_the_tree_still_prints(
        lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    (Path(lib) / FILE_NAME).write_text("[Crossings]\nquery = 'zebra'\n[Bad]\nquery = 'year:soon'\n")
    capsys.readouterr()
    assert main(["topics", "--library", lib]) == 1
    captured = capsys.readouterr()
    assert "  Crossings  1" in captured.out.splitlines()
    assert captured.err.count("\n") == 1 and "[Bad]" in captured.err


def test_topics_json_gives_every_node_the_ids_of_its_papers(
        lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["topics", "--library", lib, "--json", "--query", "zebra"]) == 0
    tree = {n["label"]: n for n in json.loads(capsys.readouterr().out)}
    assert len(tree["All papers"]["ids"]) == 5 and tree["All papers"]["count"] == 1
    assert tree["Sources"]["children"][0]["ids"] == tree["All papers"]["ids"]
    for node in tree["Discovered"].get("children", []):
        assert set(node["ids"]) <= set(tree["All papers"]["ids"]) and node["ids"]
