"""A library that cannot be opened is one line on stderr, never a traceback or a new library."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.tui import cli

from .conftest import write_page


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["stats"], ["search", "x"], []])
def test_a_regular_file_is_one_line(capsys, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "afile"
    target.write_text("not a library")
    code, _, err = run(capsys, "--library", str(target), *command)
    assert code == 1 and err.count("\n") == 1 and "is a file, not a library" in err
    assert target.read_text() == "not a library"


def test_an_unwritable_place_is_one_line(capsys) -> None:
    code, _, err = run(capsys, "--library", "/proc/nope", "add", "/proc/nope/x.txt")
    assert code == 1 and err.count("\n") == 1 and "/proc/nope" in err


def test_a_corrupt_database_is_one_line(capsys, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "library.sqlite3").write_bytes(b"\x13garbage" * 500)
    code, _, err = run(capsys, "--library", str(tmp_path / "lib"), "stats")
    assert code == 1 and err.count("\n") == 1 and "is damaged" in err


def test_a_read_only_command_does_not_create_a_library(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "mistyped"
    code, _, err = run(capsys, "--library", str(missing), "search", "x")
    assert code == 1 and "no library at" in err and not missing.exists()


def test_a_query_may_start_with_a_dash(capsys, tmp_path: Path) -> None:
    page = write_page(tmp_path / "p.txt", [("Tea Kettles", "We boil water."),
                                           ("Coffee Pots", "We brew coffee.")])
    lib = str(tmp_path / "lib")
    assert run(capsys, "--library", lib, "add", str(page))[0] == 0
    code, out, err = run(capsys, "--library", lib, "search", "-tea", "--limit", "5")
    assert code == 0 and "Coffee Pots" in out and "Tea Kettles" not in out
    assert err.startswith("1 hit ")
