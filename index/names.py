"""Personal names: ``Given Family`` strings to (family, given, suffix) and back.

Sources that give names structured (BibTeX, arXiv ``authors_parsed``, CSL-JSON, RIS) keep
their parts; for "Given Family" strings the family name is the last word with the
particles before it ("Del Maestro", "van der Berg", "de la Cruz") and a trailing
"Jr."/"III" is a suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .models import clean_text, fold

PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du",
                       "la", "le", "dos", "das", "ter", "ten", "zu", "bin", "al", "dei",
                       "des", "st.", "lo", "y"})
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"})


class Name(NamedTuple):
    """One person: family name (particles included), given names, suffix."""

    family: str
    given: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        """``Given Family Suffix``, as the contract's ``authors`` list writes it."""
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    def to_list(self) -> list[str]:
        return [self.family, self.given, self.suffix]


def is_suffix(word: str) -> bool:
    return word.strip().casefold() in SUFFIXES


def parse_name(text: str) -> Name:
    """``Adrian Del Maestro`` -> (Del Maestro, Adrian); ``King, Jr., Martin`` too."""
    text = clean_text(text)
    if "," in text:
        return _parse_comma(text)
    words = text.split()
    suffix = ""
    if len(words) > 2 and is_suffix(words[-1]):
        suffix = words.pop()
    if len(words) <= 1:
        return Name(" ".join(words), "", suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    if start == 1 and words[0].casefold() in PARTICLES and words[0].islower():
        start = 0  # "van Gogh" alone: no given name
    return Name(" ".join(words[start:]), " ".join(words[:start]), suffix)


def _parse_comma(text: str) -> Name:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 3:  # BibTeX's "von Last, Jr, First"
        return Name(parts[0], ", ".join(parts[2:]), parts[1])
    first, second = parts
    if is_suffix(second):  # "Martin Luther King, Jr."
        name = parse_name(first)
        return Name(name.family, name.given, second)
    return Name(first, second)


def from_parts(parts: object) -> Name | None:
    """A name from an ``author_parts`` item ``[family, given, suffix]``; None if unusable."""
    if not isinstance(parts, Sequence) or isinstance(parts, str) or not parts:
        return None
    items = [clean_text(str(p or "")) for p in list(parts)[:3]]
    items += [""] * (3 - len(items))
    return Name(*items) if items[0] or items[1] else None


def names_of(author_parts: object, authors: Iterable[str]) -> list[Name]:
    """Structured names: ``author_parts`` when it is usable, else parsed display names."""
    authors = list(authors)
    # Parts that do not match the display names one to one came from another source.
    if isinstance(author_parts, list) and author_parts and (
            not authors or len(author_parts) == len(authors)):
        names = [from_parts(p) for p in author_parts]
        if all(names):
            return [n for n in names if n]
    return [parse_name(str(a)) for a in authors if clean_text(str(a))]


def family_key(name: Name) -> str:
    """The family name folded for comparison: ``Müller`` and ``Muller`` agree."""
    return re.sub(r"[\W_]+", "", fold(name.family or name.given))
