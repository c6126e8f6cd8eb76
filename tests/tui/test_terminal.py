"""The real program in a real terminal (tmux): it starts, draws, searches and quits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .helpers import make_library

SESSION = f"paperterm-test-{os.getpid()}"


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll the terminal until ``check`` holds (a real terminal has no idle signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def terminal(tmp_path: Path, page: Path) -> Iterator[Callable[[], str]]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is not installed (required when CI=true)")
        pytest.skip("tmux is not installed")
    root = make_library(tmp_path / "lib", page)
    exe = Path(sys.executable).with_name("paperterm")
    # COLUMNS/LINES from the test run would override the terminal's real size.
    tmux("new-session", "-d", "-s", SESSION, "-x", "140", "-y", "40",
         f"env -u COLUMNS -u LINES {exe} --library {root}; sleep 5")
    # Without this tmux holds Esc back to see whether a sequence follows (Esc q = Alt+q).
    tmux("set-option", "-s", "escape-time", "0")
    try:
        yield lambda: tmux("capture-pane", "-p", "-t", SESSION)
    finally:
        tmux("kill-session", "-t", SESSION)


def test_starts_searches_and_quits_in_tmux(terminal: Callable[[], str]) -> None:
    drawn = wait_for(lambda: "5 hits" in terminal() and "Quantum Gardening" in terminal())
    assert drawn, terminal()
    # Textual reads the terminal's answers to its start-up queries just after the first
    # paint; a key typed into that moment can be taken as part of an answer.
    time.sleep(0.5)
    tmux("send-keys", "-t", SESSION, "-l", "/teapot")
    assert wait_for(lambda: "1 hit" in terminal()), terminal()
    screen = terminal()
    assert "Offline Reinforcement Learning for Teapot Design" in screen
    tmux("send-keys", "-t", SESSION, "Escape")
    # A terminal cannot tell Esc followed at once by q from Alt+q: pause as a person does.
    time.sleep(0.3)
    tmux("send-keys", "-t", SESSION, "q")
    # The app is gone once the pane shows the shell's `sleep`, not the panes' borders.
    assert wait_for(lambda: "Results" not in terminal()), terminal()
