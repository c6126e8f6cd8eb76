"""From what the user typed to the Whoosh query: metadata fields out, colons and quotes
that are only text made text, the words parsed as a ranked disjunction.

Nothing typed is an error except a field value the field cannot take: ``Examples:`` is
two words' worth of text, a stray ``"`` a literal character, ``?--i.e.`` plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser, query

from .expansion import cap_expansions
from .fieldquery import FIELD_NAMES, Conditions, split_fields
from .stopwords import FUNCTION_WORDS
from .understand import PERSONAL_FIELDS, Personal, plain_words, split_personal

#: Fields of the ranked words (an author's name is also a plain word).
WORD_FIELDS = ("title", "abstract", "author")
PARSER_FIELDS = ("title", "abstract")
KNOWN_FIELDS = (*PARSER_FIELDS, *FIELD_NAMES, *PERSONAL_FIELDS)
#: A query of more words than this reads as a sentence: its function words are dropped
#: and hits are ranked by how much of it they cover rather than by all words first.
SHORT_QUERY = 4
_QUOTED = re.compile(r'"[^"]*"')
_COLON_WORD = re.compile(r"(\w*):")
_QUESTION = re.compile(r"(?<=\w)[?!]+(?=\s|$|[)\]])")
_WORD = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*")


class QueryTextError(ValueError):
    """A query that cannot be run; the message is one line for the user."""


@dataclass(slots=True)
class Prepared:
    """The query's words (for the parser), its metadata conditions and a hint."""

    words: str
    conditions: Conditions = field(default_factory=Conditions)
    personal: list[Personal] = field(default_factory=list)
    hint: str | None = None


def mask_quotes(text: str) -> str:
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def literal_quotes(text: str) -> str:
    """A stray ``"`` (an odd one out) is only a character: it goes, the words stay."""
    if text.count('"') % 2 == 0:
        return text
    at = text.rfind('"')
    return text[:at] + " " + text[at + 1:]


def colons_as_words(text: str) -> tuple[str, list[str]]:
    """``word:`` where word is no field becomes ``word``; returns the text and those words."""
    masked = mask_quotes(text)
    out = list(text)
    unknown: list[str] = []
    for m in _COLON_WORD.finditer(masked):
        name = m.group(1)
        at_start = m.start() == 0 or masked[m.start() - 1] in " \t\n(+-"
        if name and at_start and name.lower() in PARSER_FIELDS:
            continue
        out[m.end() - 1] = " "
        if name.isalpha() and at_start:
            unknown.append(name)
    return "".join(out), unknown


def drop_function_words(text: str) -> str:
    """A sentence's function words (``what``, ``should``) out, when it has content words."""
    words = [w for w in plain_words(text) if not w.field and not w.negated]
    if len(words) <= SHORT_QUERY:
        return text
    function = [w for w in words if w.text.lower() in FUNCTION_WORDS]
    if len(function) == len(words):
        return text
    out = list(text)
    for w in function:
        out[w.start:w.end] = " " * (w.end - w.start)
    return "".join(out)


def sentence_marks(text: str) -> str:
    """``titles?`` at the end of a word is a question, not a one-letter wildcard."""
    return _QUESTION.sub(" ", text)


def prepare(text: str) -> Prepared:
    """Split the text into words, metadata and personal conditions; a value a field cannot
    take is a QueryTextError."""
    text = sentence_marks(literal_quotes(text))
    try:
        words, conditions = split_fields(text, mask_quotes(text))
        words, personal = split_personal(words)
    except ValueError as exc:
        raise QueryTextError(str(exc)) from None
    words, unknown = colons_as_words(words)
    hint = None
    if unknown:
        names = ", ".join(f"{n}:" for n in dict.fromkeys(unknown))
        hint = (f"unknown field {names} searched as words; fields are "
                + ", ".join(f"{f}:" for f in ("title", "abstract", "author", "year", "cat",
                                              "venue", "id", "doi", "type", "has", "note",
                                              "source", "date", "tag", "is")))
    return Prepared(drop_function_words(words), conditions, personal, hint)


def make_parser(schema) -> qparser.QueryParser:  # type: ignore[no-untyped-def]
    """Words over title, abstract and authors, OR-ed: the ranking decides the order."""
    fields = [f for f in WORD_FIELDS if f in schema]
    parser = qparser.MultifieldParser(fields, schema, group=qparser.OrGroup,
                                      termclass=query.Term)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def parse_words(text: str, parser: qparser.QueryParser) -> query.Query | None:
    """The ranked query of the words; None when there is nothing to search for."""
    text = text.strip()
    if not text:
        return None
    try:
        # Unnormalised, so each clause stays a group the ranking can see as one concept.
        parsed = parser.parse(text, normalize=False)
    except Exception:  # Whoosh's parser raises assorted internal errors on odd text
        parsed = _plain_parse(text, parser)
    if parsed is query.NullQuery:
        return None
    return cap_expansions(parsed)


def _plain_parse(text: str, parser: qparser.QueryParser) -> query.Query:
    """Only the words of ``text``, with no operators at all."""
    words = " ".join(_WORD.findall(text))
    if not words:
        return query.NullQuery
    try:
        return parser.parse(words, normalize=False)
    except Exception:
        return query.NullQuery


def negation_only(q: query.Query) -> bool:
    """True for a query of exclusions only (``-offline``), which Whoosh reads as nothing."""
    return isinstance(q, query.Not)
