"""printable(): nothing from a file reaches the terminal as a control sequence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from paperterm.index.display import printable


def test_escape_sequences_become_inert() -> None:
    osc52 = "\x1b]52;c;aGVsbG8=\x07name.txt"
    assert "\x1b" not in printable(osc52) and "\x07" not in printable(osc52)
    assert printable(osc52).endswith("name.txt")
    assert printable("a\x9b31mb") == "a 31mb"


def test_bidi_and_zero_width_removed() -> None:
    assert printable("ab\u202ecd\u200bef\u2066") == "abcdef"


def test_newlines_kept_only_when_asked() -> None:
    assert printable("one\ntwo") == "one two"
    assert printable("one\r\ntwo\x1b[2J", keep_newlines=True) == "one\ntwo [2J"


@given(st.text())
def test_output_has_no_controls(text: str) -> None:
    out = printable(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out)
    out.encode("utf-8")
