"""Text from a file, a server or a user, made safe to put on a terminal.

Every string that reaches the screen (the CLI's output and the browser's widgets) goes
through :func:`printable`: escape sequences, control characters, bidi overrides and
zero-width characters become visible placeholders or go, so a title, a note, a date or
a file name can never move the cursor, set the clipboard or push a border out of line.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC among them) but tab; DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates; zero-width and invisible formatting characters;
# lone surrogates (not encodable, so not printable).
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad"
                        r"\U000e0000-\U000e007f\ud800-\udfff]")


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` as plain characters: control characters become spaces, invisibles go.

    With ``keep_newlines`` a newline stays a newline (for multi-line notes); every other
    control character, escape sequences included, becomes a space.
    """
    value = str(text)
    value = _INVISIBLE.sub("", value)
    if keep_newlines:
        return "\n".join(_CONTROL.sub(" ", line) for line in value.replace("\r\n", "\n")
                         .split("\n"))
    return _CONTROL.sub(" ", value.replace("\t", " "))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 paper``, ``3 papers``: a number with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
