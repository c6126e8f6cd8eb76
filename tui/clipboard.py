"""Copying text: the system clipboard through pyperclip, else the terminal's OSC 52.

Importable without a running app; the TUI passes ``App.copy_to_clipboard`` as the
OSC 52 fallback.
"""

from __future__ import annotations

from collections.abc import Callable

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


def copy_text(text: str) -> str | None:
    """Copy to the system clipboard; the method used, or None when there is no backend.

    The backend is looked up on every call (pyperclip caches its first choice, which
    would stick after ``DISPLAY`` or ``PATH`` change).
    """
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        copy, _paste = pyperclip.determine_clipboard()
        if not copy:  # pyperclip's "no clipboard" stub is falsy
            return None
        copy(text)
    except (pyperclip.PyperclipException, OSError):
        return None
    return SYSTEM


def copy_with_fallback(text: str, osc52: Callable[[str], object]) -> str:
    """Copy by the best means available; returns the method, for "Copied … (method)"."""
    method = copy_text(text)
    if method is not None:
        return method
    osc52(text)
    return TERMINAL
