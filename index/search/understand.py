"""Query understanding before Whoosh parses: compounds, acronyms, personal fields, spelling.

Everything here rewrites or inspects the text the user typed, using small callables for
what the index knows, so it is testable without an index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .acronyms import expansions

#: Fields answered by the SQLite store rather than the index.
PERSONAL_FIELDS = ("tag", "is", "note")
IS_VALUES = ("bookmarked", "unread", "read", "new")  # is:new: the inbox (store/inbox.py)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_TEXT_FIELDS = ("title", "abstract")
_QUOTED = re.compile(r'"[^"]*"?')
_PERSONAL = re.compile(r'(?:(?<=[\s(])|^)(-?)(tag|is|note):("[^"]*"|[^\s()"]+)', re.IGNORECASE)
# A plain word, maybe hyphenated, maybe with a text-field prefix; not part of a prefix,
# wildcard, fuzzy, boosted or range term and not a field name itself.
_PLAIN = re.compile(r'(?<![\w:*?~^\-\\\]\}.])((?:[A-Za-z_]+):)?(\w+(?:[-\u2010\u2011]\w+)*)'
                    r'(?![\w*?~:^\[{\-.])')
_HYPHEN = re.compile(r"[-\u2010\u2011]")
MIN_SPLIT = 3


@dataclass(frozen=True, slots=True)
class Word:
    """A plain word in the query text, at ``start:end`` (field prefix included)."""

    start: int
    end: int
    field: str | None
    text: str
    negated: bool = False

    @property
    def source(self) -> str:
        return f"{self.field}:{self.text}" if self.field else self.text


@dataclass(frozen=True, slots=True)
class Personal:
    """A ``tag:`` or ``is:`` condition, answered from the store."""

    field: str
    value: str
    negated: bool = False


def _mask_quotes(text: str) -> str:
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def plain_words(text: str) -> list[Word]:
    """The rewritable words of a query: outside phrases, not operators, not wildcards."""
    words = []
    masked = _mask_quotes(text)
    for m in _PLAIN.finditer(masked):
        field = m.group(1)[:-1].lower() if m.group(1) else None
        word = m.group(2)
        if word in _OPERATORS or (field is not None and field not in _TEXT_FIELDS):
            continue
        negated = m.start() > 0 and masked[m.start() - 1] == "-"
        words.append(Word(m.start(), m.end(), field, word, negated))
    return words


def split_personal(text: str) -> tuple[str, list[Personal]]:
    """Take ``tag:`` and ``is:`` conditions out of the query text.

    Raises ValueError naming the valid values for an unknown ``is:``.
    """
    found: list[Personal] = []
    masked = _mask_quotes(text)

    def take(m: re.Match[str]) -> str:
        value = text[m.start(3):m.end(3)].strip('"').strip()
        field = m.group(2).lower()
        if field == "is" and value.lower() not in IS_VALUES:
            raise ValueError(f"unknown is:{value}; use one of "
                             + ", ".join(f"is:{v}" for v in IS_VALUES))
        found.append(Personal(field, value.lower() if field == "is" else value,
                              bool(m.group(1))))
        return " " * (m.end() - m.start())

    rest = list(text)
    for m in list(_PERSONAL.finditer(text)):
        if masked[m.start()] == " " and not text[m.start()].isspace():
            continue  # inside a phrase
        rest[m.start():m.end()] = take(m)
    return " ".join("".join(rest).split()), found


def _phrase(words: str, field: str | None) -> str:
    return f'{field}:"{words}"' if field else f'"{words}"'


def _term(word: str, field: str | None) -> str:
    return f"{field}:{word}" if field else word


def _alternatives(word: Word, known: Callable[[str], bool],
                  acronyms: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Other ways of writing ``word`` that the library uses."""
    text, field = word.text, word.field
    if _HYPHEN.search(text):
        parts = [p for p in _HYPHEN.split(text) if p]
        return [_phrase(" ".join(parts), field), _term("".join(parts), field)]
    alts = [f'{_phrase(long, field)}~1' for long in expansions(text, acronyms)]
    if text.isalpha() and len(text) >= 2 * MIN_SPLIT + 1:
        for cut in range(MIN_SPLIT, len(text) - MIN_SPLIT + 1):
            left, right = text[:cut], text[cut:]
            if known(left) and known(right):
                alts.append(_phrase(f"{left} {right}", field))
                break
    return [_term(text, field), *alts] if alts else []


def _run(words: list[Word], i: int, text: str, most: int) -> list[Word]:
    """Up to ``most`` words from ``i`` on, unfielded, not negated, only spaces between."""
    run = [words[i]]
    for word in words[i + 1:i + most]:
        prev = run[-1]
        if word.field or word.negated or not text[prev.end:word.start].isspace():
            break
        run.append(word)
    return run if not (run[0].field or run[0].negated) else run[:1]


def _reverse(acronyms: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {long: short for short, longs in acronyms.items() for long in longs}


def rewrite(text: str, known: Callable[[str], bool], joined_known: Callable[[str], bool],
            acronyms: Mapping[str, tuple[str, ...]]) -> str:
    """Widen the query to the library's other spellings of its words.

    ``model-based`` -> ``("model based" OR modelbased)``; so does ``model based`` when the
    library writes the joined word (the user means the compound); ``modelbased`` also
    matches ``model based``; an acronym the library defines also matches its expansion, and
    the written-out words match the acronym. ``known(word)`` says whether a readable word is
    in the library; ``joined_known(word)`` whether its indexed form is.
    """
    words = plain_words(text)
    longs = _reverse(acronyms)
    most = max([2, *(len(long.split()) for long in longs)])
    out: list[str] = []
    at = 0
    i = 0
    while i < len(words):
        word = words[i]
        run = _run(words, i, text, most)
        replaced = None
        for size in range(len(run), 1, -1):
            spelled = " ".join(_HYPHEN.sub(" ", w.text).lower() for w in run[:size])
            if spelled in longs:
                replaced = size, f'("{spelled}" OR {longs[spelled]})'
                break
        if (replaced is None and len(run) > 1 and word.text.isalpha()
                and run[1].text.isalpha() and joined_known(word.text + run[1].text)):
            replaced = 2, f'("{word.text} {run[1].text}" OR {word.text}{run[1].text})'
        if replaced is not None:
            size, alt = replaced
            out += [text[at:word.start], alt]
            at = run[size - 1].end
            i += size
            continue
        alts = _alternatives(word, known, acronyms)
        if alts:
            out += [text[at:word.start], "(" + " OR ".join(alts) + ")"]
            at = word.end
        i += 1
    out.append(text[at:])
    return "".join(out)


def misspelled(text: str, known: Callable[[str], bool],
               acronyms: Mapping[str, tuple[str, ...]]) -> Iterator[Word]:
    """Words of the query the library never uses (numbers, acronyms and short words aside)."""
    for word in plain_words(text):
        if word.negated or not word.text.isalpha() or len(word.text) < 4:
            continue
        if _HYPHEN.search(word.text) or expansions(word.text, acronyms):
            continue
        if not known(word.text):
            yield word


def suggest(text: str, known: Callable[[str], bool],
            closest: Callable[[str], str | None],
            acronyms: Mapping[str, tuple[str, ...]]) -> str | None:
    """The query with unknown words replaced by the library's closest words, or None."""
    out: list[str] = []
    at = 0
    changed = False
    for word in misspelled(text, known, acronyms):
        better = closest(word.text.lower())
        if not better:
            continue
        if word.text[:1].isupper():
            better = better[:1].upper() + better[1:]
        out.append(text[at:word.end - len(word.text)])
        out.append(better)
        at = word.end
        changed = True
    if not changed:
        return None
    out.append(text[at:])
    return "".join(out)
