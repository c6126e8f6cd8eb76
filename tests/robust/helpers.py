"""Shared by the robustness tests: run the CLI, write small listings, make small disks."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from paperterm.tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``paperterm ARGV`` in-process: (exit status, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The single message line on stderr; fails on a traceback or several lines."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(lines) == 1, err
    return lines[0]


def write_json(path: Path, papers: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps(papers, ensure_ascii=False), encoding="utf-8")
    return path


def papers_json(n: int, prefix: str = "Paper") -> list[dict[str, object]]:
    return [{"title": f"{prefix} number {i} about gardens", "abstract": f"Abstract {i}."}
            for i in range(n)]


def _mount(*args: str) -> bool:
    try:
        return subprocess.run(["mount", *args], capture_output=True).returncode == 0
    except OSError:
        return False


@contextmanager
def small_disk(parent: Path, size: str = "5m") -> Iterator[Path]:
    """A real tmpfs of ``size`` (root only), unmounted afterwards; skips when not allowed."""
    where = parent / f"disk-{uuid.uuid4().hex[:6]}"
    where.mkdir()
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)):
        pytest.skip("mounting a tmpfs is not permitted here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; delete the returned file to free it again."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass
    return filler


@contextmanager
def read_only_copy(source: Path, parent: Path) -> Iterator[Path]:
    """``source`` copied to a tmpfs remounted read-only (works as root, who ignores modes)."""
    with small_disk(parent, "20m") as disk:
        shutil.copytree(source, disk / "lib")
        if not _mount("-o", "remount,ro", str(disk)):
            pytest.skip("remounting read-only is not permitted here")
        yield disk / "lib"
