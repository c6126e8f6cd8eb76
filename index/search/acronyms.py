"""Acronyms the library defines itself, as in "Monte Carlo Tree Search (MCTS)".

Each paper's definitions go into the index (the ``acronym`` field, one ``short\\tlong``
line each), so the map follows every add and rebuild with no cache of its own to keep.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_CANDIDATE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?")
_SENTENCE_BREAK = re.compile(r"[.;:!?()\[\]{}\"]")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
#: Small words an expansion may contain without a letter in the acronym.
_SKIPPABLE = frozenset(("a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to",
                        "via", "with"))
MAX_EXPANSIONS = 3


def _letters(short: str) -> str:
    return "".join(ch for ch in short if ch.isupper())


def _key(short: str) -> str | None:
    """The lookup form of an acronym as written: ``LLMs`` -> ``llm``; None if not one."""
    if not _CANDIDATE.fullmatch(short) or len(_letters(short)) < 2 or len(short) > 10:
        return None
    if short.endswith("s") and len(short) > 2 and short[-2].isupper():
        short = short[:-1]
    return short.lower()


def _match(letters: str, words: list[str]) -> list[str] | None:
    """The trailing words of ``words`` whose initials spell ``letters`` (small words skipped)."""
    i = len(letters) - 1
    for start in range(len(words) - 1, -1, -1):
        word = words[start]
        if word[0].upper() == letters[i] and (word.lower() not in _SKIPPABLE or i == 0):
            i -= 1
            if i < 0:
                return words[start:]
        elif word.lower() in _SKIPPABLE and start < len(words) - 1:
            continue
        else:
            return None
    return None


def definitions(text: str) -> list[tuple[str, str]]:
    """``(acronym, expansion)`` pairs defined in ``text``, both lowercase: a run of words
    followed by their initials in parentheses."""
    found: dict[tuple[str, str], None] = {}
    for paren in _PAREN.finditer(text):
        inside = re.split(r"[,;]", paren.group(1), maxsplit=1)[0].strip()
        key = _key(inside)
        if key is None:
            continue
        letters = _letters(inside.removesuffix("s") if inside.endswith("s") else inside)
        before = text[max(0, paren.start() - 200):paren.start()]
        breaks = list(_SENTENCE_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end():]
        words = _WORDS.findall(before)[-(len(letters) + 4):]
        expansion = _match(letters, words) if len(letters) >= 2 else None
        if expansion and len(expansion) >= 2:
            found[(key, " ".join(expansion).lower())] = None
    return list(found)


def acronym_map(reader: Any, fieldname: str = "acronym") -> dict[str, tuple[str, ...]]:
    """Acronym -> its most common expansions in the library, read from the index."""
    counts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for btext in reader.lexicon(fieldname):
        line = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        short, _, long = line.partition("\t")
        if short and long:
            counts[short].append((reader.doc_frequency(fieldname, btext), long))
    return {short: tuple(long for _, long in sorted(pairs, key=lambda p: (-p[0], p[1]))
                         [:MAX_EXPANSIONS])
            for short, pairs in counts.items()}


def expansions(word: str, acronyms: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What ``word`` stands for in this library (``MCTS``, ``mcts`` or ``MCTSs``)."""
    lower = word.lower()
    found = acronyms.get(lower)
    if found is None and lower.endswith("s"):
        found = acronyms.get(lower[:-1])
    return found or ()
