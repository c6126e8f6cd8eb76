"""LaTeX for BibTeX fields: escaping, case-protected titles, author lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..models import clean_text

_SPECIALS = {
    "\\": r"\textbackslash{}",
    # Escaped braces would still count as braces for BibTeX's own brace matching.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}$&%#_~^]")
_WORD = re.compile(r"\S+")
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da",
                             "du", "la", "le", "dos", "das", "ter", "ten", "zu", "bin", "al"})


# -- escaping ---------------------------------------------------------------------------

def escape_latex(text: str) -> str:
    """Escape LaTeX special characters and drop control characters."""
    text = clean_text(unicodedata.normalize("NFC", text))
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text)


def _needs_protection(word: str) -> bool:
    """Acronyms and mixed-case words (``LLMs``, ``GFlowNets``, ``TÜLU``) keep their case."""
    letters = [c for c in word if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 or any(c.isupper() for c in letters[1:])


def _protect(word: str) -> str:
    escaped = escape_latex(word)
    # `{\...}` is a BibTeX "special character" whose letters styles still recase.
    return "{{" + escaped + "}}" if escaped.startswith("\\") else "{" + escaped + "}"


def bibtex_title(title: str) -> str:
    """The title with specials escaped and acronyms braced so styles cannot lowercase them."""
    return _WORD.sub(
        lambda m: _protect(m.group()) if _needs_protection(m.group())
        else escape_latex(m.group()),
        clean_text(title),
    )


def balanced(value: str) -> bool:
    """True when braces nest properly, as BibTeX requires of a field value."""
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def raw_field(value: object) -> str:
    """A field value written in LaTeX by the user: kept if BibTeX can read it, else escaped."""
    text = str(value)
    cleaned = clean_text(text)
    if cleaned and balanced(cleaned) and cleaned == " ".join(text.split()):
        return cleaned
    return escape_latex(text)


# -- names ------------------------------------------------------------------------------

def split_name(name: str) -> tuple[str, str]:
    """(family, given) from ``First von Last`` or ``Last, First``; given may be empty."""
    name = clean_text(name)
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    words = name.split()
    if len(words) <= 1:
        return name, ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _NAME_PARTICLES:
        start -= 1
    if start == 1 and words[0].lower() in _NAME_PARTICLES:
        start = 0
    return " ".join(words[start:]), " ".join(words[:start])


def bibtex_authors(authors: Sequence[str]) -> str:
    """``A and B and C``; names BibTeX would misparse are braced whole."""
    out = []
    for name in authors:
        name = clean_text(str(name))
        if not name:
            continue
        escaped = escape_latex(name)
        parts = [part.strip() for part in name.split(",")]
        if (re.search(r"\band\b", name, re.IGNORECASE) or len(parts) > 3
                or not all(any(c.isalnum() for c in part) for part in parts)):
            # Read as one literal name rather than risk "Too many commas" and the like.
            escaped = "{" + escaped + "}"
        out.append(escaped)
    return " and ".join(out)
