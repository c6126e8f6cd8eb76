"""The command line end to end: add, search, bookmark, export, on synthetic pages and seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paperterm.tui.cli import main

from .conftest import SYNTHETIC, write_page
from .index.bibtex_tools import parse_bib, run_bibtex


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


def test_add_reports_and_dedupes(capsys, lib: str, page: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "add", "--library", lib, str(page))
    assert code == 0
    assert "5 records read" in out and "5 new papers" in out
    again = write_page(tmp_path / "again.txt", [(t.upper(), a) for t, a in SYNTHETIC[:2]])
    code, out, _ = run(capsys, "add", "--library", lib, str(page), str(again))
    assert code == 0
    assert "0 new papers" in out and "2 duplicates merged" in out
    code, out, _ = run(capsys, "stats", "--library", lib, "--json")
    stats = json.loads(out)
    assert stats["papers"] == 5 and stats["records"] == 7


def test_bad_paths_are_reported_and_good_files_still_added(capsys, lib: str, page: Path,
                                                           tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text \xff" * 10)
    code, out, err = run(capsys, "add", "--library", lib, str(missing), str(page), str(binary))
    assert code == 1
    assert f"{missing}: no such file or directory" in err
    assert "Traceback" not in err
    assert "5 new papers" in out
    assert f"{binary}" in err


def test_search_json_has_ids_scores_and_sources(capsys, lib: str, page: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))
    code, out, _ = run(capsys, "search", "--library", lib, "--json", "tulu")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert [h["title"] for h in hits] == [SYNTHETIC[4][0]]
    hit = hits[0]
    assert set(hit) >= {"id", "title", "abstract", "score", "sources"}
    line = page.read_text().splitlines().index(SYNTHETIC[4][0]) + 1
    assert hit["sources"] == [{"file": str(page.resolve()), "line": line, "date": "Mar 11"}]
    assert hit["score"] > 0


def test_search_syntax(capsys, lib: str, page: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))

    def titles(query: str) -> list[str]:
        code, out, _ = run(capsys, "search", "--library", lib, "--json", query)
        assert code == 0
        return sorted(h["title"] for h in json.loads(out)["hits"])

    t = [title for title, _ in SYNTHETIC]
    assert titles("reinforcement AND learning") == sorted([t[1], t[4]])
    assert titles("reinforcement -teapot") == [t[4]]
    assert titles('"tree search"') == [t[3]]
    assert titles("zebra OR bonsai") == sorted([t[0], t[2]])
    assert titles("title:crossword") == [t[3]]
    assert titles("title:bonsai") == []
    assert titles("cross*") == sorted([t[2], t[3]])


def test_bad_query_is_one_line(capsys, lib: str, page: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))
    code, out, err = run(capsys, "search", "--library", lib, "year:soon")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err


def test_table_output(capsys, lib: str, page: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))
    code, out, err = run(capsys, "search", "--library", lib, "teapot")
    assert code == 0
    assert "Offline Reinforcement Learning for Teapot Design" in out
    assert "1 hit " in err and "1 hits" not in err


def test_bookmarks_survive_reindex_and_readding(capsys, lib: str, page: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))
    _, out, _ = run(capsys, "search", "--library", lib, "--json", "zebra")
    pid = json.loads(out)["hits"][0]["id"]
    code, _, _ = run(capsys, "bookmark", "add", "--library", lib, pid[:6])
    assert code == 0
    run(capsys, "reindex", "--library", lib)
    run(capsys, "add", "--library", lib, str(page))
    _, out, _ = run(capsys, "bookmark", "list", "--library", lib, "--json")
    assert [p["id"] for p in json.loads(out)] == [pid]
    code, _, err = run(capsys, "bookmark", "add", "--library", lib, "ffffffffff")
    assert code == 1 and "unknown" in err
    run(capsys, "bookmark", "remove", "--library", lib, pid)
    _, out, _ = run(capsys, "bookmark", "list", "--library", lib, "--json")
    assert json.loads(out) == []


def test_export_bookmarks_to_file(capsys, lib: str, page: Path, tmp_path: Path) -> None:
    run(capsys, "add", "--library", lib, str(page))
    _, out, _ = run(capsys, "search", "--library", lib, "--json", "pancakes OR teapot")
    ids = [h["id"] for h in json.loads(out)["hits"]]
    run(capsys, "bookmark", "add", "--library", lib, *ids)
    target = tmp_path / "refs.bib"
    code, _, err = run(capsys, "export", "--library", lib, "--bookmarks", "-o", str(target))
    assert code == 0 and "2 papers exported" in err
    entries = parse_bib(target.read_text(), 2)
    keys = {e["ID"] for e in entries}
    # Keys are stable: a second export gives the same ones.
    run(capsys, "export", "--library", lib, "--bookmarks", "-o", str(target))
    assert {e["ID"] for e in parse_bib(target.read_text(), 2)} == keys


def test_seeds_end_to_end(capsys, lib: str, seeds: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "add", "--library", lib, str(seeds))
    assert code == 0
    assert "367 records read" in out and "276 new papers" in out
    code, out, _ = run(capsys, "add", "--library", lib, str(seeds))
    assert code == 0 and "0 new papers" in out
    _, out, _ = run(capsys, "stats", "--library", lib, "--json")
    stats = json.loads(out)
    assert (stats["papers"], stats["records"]) == (276, 367)
    _, out, _ = run(capsys, "search", "--library", lib, "--json", "--limit", "0", "tulu")
    assert any(h["title"].startswith("TÜLU") for h in json.loads(out)["hits"])
    _, out, _ = run(capsys, "search", "--library", lib, "--json", "--limit", "0",
                    "monte carlo tree search")
    hits = json.loads(out)["hits"]
    assert len(hits) >= 3
    target = tmp_path / "seeds.bib"
    code, _, _ = run(capsys, "export", "--library", lib, "--query", "monte carlo tree search",
                     "-o", str(target))
    assert code == 0
    text = target.read_text()
    entries = parse_bib(text, len(hits))
    run_bibtex(text, [e["ID"] for e in entries], tmp_path / "tex")


def test_console_script_runs(tmp_path: Path, page: Path) -> None:
    exe = Path(sys.executable).with_name("paperterm")
    done = subprocess.run([str(exe), "--library", str(tmp_path / "l"), "add", str(page)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "5 new papers" in done.stdout
    done = subprocess.run([str(exe), "add", "--help"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and "PATH" in done.stdout


def test_only_the_chosen_command_is_imported() -> None:
    code = ("import sys\nfrom paperterm.tui import cli\ncli.build_parser(['search', 'x'])\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
            "if m.startswith('paperterm.tui.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "['common', 'search']"


def test_help_lists_every_command_and_typos_are_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in ("add", "remove", "search", "related", "bookmark", "tag", "note", "read",
                 "export", "key", "library", "topics", "stats", "reindex"):
        assert f"    {name}" in out
    with pytest.raises(SystemExit) as done:
        main(["--library", "/tmp/x", "serach", "q"])
    assert done.value.code == 2
    assert "invalid choice: 'serach'" in capsys.readouterr().err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("paperterm ")
