"""The library's files: atomic writes and the config file."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index.config import load_config
from paperterm.index.layout import write_atomic


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    write_atomic(target, "new contents")
    assert target.read_text() == "new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("precious")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        write_atomic(target, "x" * 1000)
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_config_sections_and_problems(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path).feeds == []
    path.write_text('[ui]\ntheme = "nord"\n[keys]\nbookmark = "B"\n'
                    '[[feeds]]\nkind = "hf"\n[[feeds]]\nkind = "arxiv"\ncategory = "cs.LG"\n')
    config = load_config(path)
    assert config.ui == {"theme": "nord"}
    assert config.keys == {"bookmark": "B"}
    assert [f["kind"] for f in config.feeds] == ["hf", "arxiv"]
    assert config.problems == []
    path.write_text("[ui\n")
    broken = load_config(path)
    assert broken.feeds == [] and len(broken.problems) == 1
    assert broken.problems[0].startswith(f"{path}: ")
