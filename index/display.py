"""Text from a file, a server or a user, made safe to put on a terminal.

Every string that reaches the screen (the CLI's output and the browser's widgets) goes
through :func:`printable`: escape sequences, control characters, bidi overrides and
zero-width characters become visible placeholders or go, so a title, a note, a date or
a file name can never move the cursor, set the clipboard or push a border out of line.
The CLI installs :class:`CleanStream` on stdout and stderr so that nothing it prints can
skip the cleaning; JSON output is made safe losslessly first with :func:`json_safe`.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

# C0 and C1 controls (ESC among them) but tab; DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates; zero-width and invisible formatting characters.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad"
                        r"\U000e0000-\U000e007f]")
# Lone surrogates (a file name that is not UTF-8, a broken JSON escape) cannot be encoded:
# they become the replacement character, so the reader sees that something was there.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Every character printable() would change that json.dumps leaves raw (it escapes C0
# controls itself; the newlines of its indentation must stay), for json_safe().
_UNSAFE = re.compile(r"[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
                     r"\u00ad\U000e0000-\U000e007f\ud800-\udfff\u2028\u2029]")


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` as plain characters: control characters become spaces, invisibles go.

    With ``keep_newlines`` a newline stays a newline (for multi-line notes); every other
    control character, escape sequences included, becomes a space.
    """
    value = _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", str(text)))
    if keep_newlines:
        return "\n".join(_CONTROL.sub(" ", line) for line in value.replace("\r\n", "\n")
                         .split("\n"))
    return _CONTROL.sub(" ", value.replace("\t", " "))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 paper``, ``3 papers``: a number with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def json_safe(text: str) -> str:
    """JSON text with every unprintable character written as a ``\\uXXXX`` escape.

    Valid for text made by ``json.dumps``: outside strings JSON is plain ASCII, and inside
    them the escape means the same character, so nothing is lost.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class CleanStream(io.TextIOBase):
    """A text stream that passes everything written to it through :func:`printable`."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(printable(text, keep_newlines=True))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8")
