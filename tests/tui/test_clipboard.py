"""The copy helper: a real X clipboard under Xvfb, and the OSC 52 fallback without one."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from paperterm.tui import clipboard
from paperterm.tui.clipboard import SYSTEM, TERMINAL, copy_text, copy_with_fallback

TEXT = "@misc{tulu,\n  title = {{TÜLU} Pancakes 日本語 \\& more}\n}\n"


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (apt install xvfb xclip)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; required when CI=true")
    pytest.skip(message)


@pytest.fixture
def xvfb(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private X server; DISPLAY points at it while the test runs."""
    _need("Xvfb", "xclip")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0",
         "320x240x24"], pass_fds=(write_end,), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        # Xvfb writes its display number once it accepts connections: no polling needed.
        with os.fdopen(read_end, "rb") as ready:
            number = ready.readline().decode().strip()
        if not number:
            pytest.fail("Xvfb did not start")
        display = f":{number}"
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=30)


def read_x_clipboard(display: str) -> str:
    done = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                          env={**os.environ, "DISPLAY": display}, timeout=30, check=False)
    return done.stdout.decode("utf-8")


def test_copy_lands_in_the_x_clipboard(xvfb: str) -> None:
    assert copy_text(TEXT) == SYSTEM
    assert read_x_clipboard(xvfb) == TEXT
    # A second copy replaces the first: the helper returns only once it has arrived.
    for n in range(5):
        assert copy_text(f"copy {n}") == SYSTEM
        assert read_x_clipboard(xvfb) == f"copy {n}"


def test_no_display_and_no_tools_means_no_system_clipboard(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no xclip, xsel, wl-copy
    assert copy_text(TEXT) is None
    sent: list[str] = []
    assert copy_with_fallback(TEXT, sent.append) == TERMINAL
    assert sent == [TEXT]


def test_display_without_clipboard_tools_falls_back(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("DISPLAY", ":99999")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert copy_text(TEXT) is None


def test_system_clipboard_skips_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "copy_text",
                        lambda text: copied.append(text) or SYSTEM)
    assert copy_with_fallback("x", lambda text: pytest.fail("OSC 52 used")) == SYSTEM
    assert copied == ["x"]


def test_a_failing_backend_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("backend exploded")

    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (broken, broken))
    assert copy_text("x") is None


def test_a_copy_that_never_arrives_is_not_reported_as_copied(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    monkeypatch.setattr(pyperclip, "determine_clipboard",
                        lambda: (lambda text: None, lambda: "stale"))
    assert copy_text("fresh") is None
    monkeypatch.setattr(pyperclip, "determine_clipboard",
                        lambda: (lambda text: None, lambda: "fresh\r\n"))
    assert copy_text("fresh\n") == SYSTEM
