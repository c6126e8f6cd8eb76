"""Shared fixtures: synthetic listings written by the tests, and the real seed pages."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
HEADER = ["new", "Get trending papers in your email inbox!", "Subscribe",
          "byAK and the research community"]


def write_page(path: Path, papers: Sequence[tuple[str, str]], date: str | None = "Mar 11",
               header: bool = True, newline: str = "\n") -> Path:
    """Write a Daily Papers page dump holding ``papers`` (title, abstract) pairs."""
    lines: list[str] = []
    if header:
        lines += HEADER
    if date:
        lines.append(date)
    for title, abstract in papers:
        lines += [title, abstract]
    path.write_text(newline.join(f"{line}{newline}" for line in lines), encoding="utf-8")
    return path


SYNTHETIC = [
    ("Quantum Gardening with Neural Shears",
     "We prune bonsai trees using a neural network that predicts branch growth. "
     "Our shears reduce gardening time by half."),
    ("Offline Reinforcement Learning for Teapot Design",
     "Offline reinforcement learning (ORL) learns teapot spouts from logged pouring data. "
     "We show spouts that never drip."),
    ("A Survey of Zebra Crossing Detectors",
     "Pedestrian crossings are detected with a convolutional detector trained on "
     "synthetic zebra stripes."),
    ("Monte Carlo Tree Search for Crossword Puzzles",
     "Monte Carlo Tree Search (MCTS) fills crossword grids; a learned value model "
     "guides the search over candidate words."),
    ("TÜLU Pancakes: Open Recipes for Breakfast",
     "An open recipe collection for pancakes, trained with reinforcement learning from "
     "tasting feedback."),
]


def seeds_dir() -> Path:
    """The real seed pages; required in CI, a skip elsewhere when absent."""
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        return SEEDS
    if os.environ.get("CI") == "true":
        pytest.fail(f"seed pages missing at {SEEDS} (required when CI=true)")
    pytest.skip(f"seed pages not found at {SEEDS}")


@pytest.fixture
def seeds() -> Path:
    return seeds_dir()


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """A small synthetic page with five known papers."""
    return write_page(tmp_path / "page.txt", SYNTHETIC)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library in a temporary directory."""
    with Library.open(tmp_path / "lib") as lib:
        yield lib


@pytest.fixture
def small_library(library: Library, page: Path) -> Library:
    """A library holding the five synthetic papers."""
    report = add_paths(library, [page])
    assert report.ok and report.new_papers == len(SYNTHETIC)
    return library


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real library."""
    monkeypatch.setenv("PAPERTERM_HOME", str(tmp_path / "home-library"))
    monkeypatch.setenv("PAPERTERM_CONFIG", str(tmp_path / "config" / "config.toml"))
