"""Copying text: the system clipboard through pyperclip, else the terminal's OSC 52.

Importable without a running app; the TUI passes ``App.copy_to_clipboard`` as the
OSC 52 fallback. Call from a worker thread: a copy may run a program or two.
"""

from __future__ import annotations

from collections.abc import Callable

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard, OSC 52"
#: xclip and xsel hand the selection to a forked child; reading it back tells us when the
#: X server has seen the change (each read is a short-lived process, so this is bounded).
VERIFY_READS = 40


def _same(pasted: str, text: str) -> bool:
    def norm(s: str) -> str:
        return s.replace("\r\n", "\n").rstrip()

    return norm(pasted) == norm(text)


def copy_text(text: str) -> str | None:
    """Copy to the system clipboard; the method used, or None when there is no backend
    (or the copy did not arrive), so the caller falls back to OSC 52.

    The backend is looked up on every call: pyperclip caches its first choice, which
    would stick after ``DISPLAY`` or ``PATH`` change.
    """
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        copy, paste = pyperclip.determine_clipboard()
        if not copy:  # pyperclip's "no clipboard" stub is falsy
            return None
        copy(text)
    except (pyperclip.PyperclipException, OSError):
        return None
    try:
        for _ in range(VERIFY_READS):
            if _same(paste(), text):
                return SYSTEM
    except (pyperclip.PyperclipException, OSError):
        return SYSTEM  # a backend that cannot read back; trust the copy
    return None


def copy_with_fallback(text: str, osc52: Callable[[str], object]) -> str:
    """Copy by the best means available; returns the method, for "Copied … (method)"."""
    method = copy_text(text)
    if method is not None:
        return method
    osc52(text)
    return TERMINAL
