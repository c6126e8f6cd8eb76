"""``paperterm add``, ``remove``, ``stats`` and ``reindex`` from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.layout import index_path
from paperterm.tui.cli import main

from tests.conftest import SYNTHETIC, write_page


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main([*args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def lib(tmp_path: Path) -> str:
    return str(tmp_path / "lib")


def test_add_reports_problems_and_still_adds_good_files(
        tmp_path: Path, lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    good = write_page(tmp_path / "good.txt", SYNTHETIC)
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    status, out, err = cli(capsys, "add", "--library", lib, str(good), str(bad))
    assert status == 1
    assert f"{bad.resolve()}:1: invalid JSON" in err
    assert "5 records read from 1 file, 5 new papers" in out
    status, out, _ = cli(capsys, "add", "--library", lib, str(good))
    assert status == 0 and "1 unchanged file skipped" in out


def test_stats_text_and_json(tmp_path: Path, lib: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    write_page(tmp_path / "in" / "a.txt", SYNTHETIC)
    (tmp_path / "in" / "b.csv").write_text("title,abstract\nA CSV Paper,Text.\n"
                                           f"{SYNTHETIC[0][0]},Again.\n")
    assert cli(capsys, "add", "--library", lib, str(tmp_path / "in"))[0] == 0
    status, out, _ = cli(capsys, "stats", "--library", lib, "--json")
    data = json.loads(out)
    assert status == 0
    assert (data["papers"], data["records"], data["sources"]) == (6, 7, 2)
    assert data["formats"] == {"csv": 1, "dailypapers": 1}
    assert data["last_update"].startswith("20")
    _, text, _ = cli(capsys, "stats", "--library", lib)
    assert "papers       6" in text and "csv 1, dailypapers 1" in text


def test_stdin_and_format_override(lib: str, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"Title;Abstract\nPiped Paper;Through a pipe.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, out, _ = cli(capsys, "add", "--library", lib, "--format", "csv", "-")
    assert status == 0 and "1 new paper," in out
    status, out, _ = cli(capsys, "search", "--library", lib, "piped")
    assert "Piped Paper" in out


def test_remove_command(tmp_path: Path, lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    page = write_page(tmp_path / "p.txt", SYNTHETIC)
    cli(capsys, "add", "--library", lib, str(page))
    status, out, _ = cli(capsys, "remove", "--library", lib, str(page))
    assert status == 0 and "5 papers no longer listed" in out
    status, _, err = cli(capsys, "remove", "--library", lib, str(page))
    assert status == 1 and "not a source of this library" in err


def test_busy_library_is_said_clearly(tmp_path: Path, lib: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    page = write_page(tmp_path / "p.txt", SYNTHETIC)
    with Library.open(lib) as holder, holder.write_lock():
        status, _, err = cli(capsys, "add", "--library", lib, "--wait", "0", str(page))
    assert status == 1 and "busy" in err


def test_stale_index_is_rebuilt_on_start_and_by_reindex(
        tmp_path: Path, lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "add", "--library", lib, str(write_page(tmp_path / "p.txt", SYNTHETIC)))
    (index_path(Path(lib)) / "GENERATION").unlink()
    status, out, err = cli(capsys, "stats", "--library", lib, "--json")
    assert status == 0 and "rebuilding" in err and json.loads(out)["papers"] == 5
    with Library.open(lib) as library:
        assert library.is_consistent()
    status, out, _ = cli(capsys, "reindex", "--library", lib)
    assert status == 0 and "5 papers indexed" in out
