"""Property: whatever the title, abstract or authors, export yields an entry BibTeX reads."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paperterm.index.cite.bibtex import bibliography, bibtex_title, entry, key_from_pattern
from paperterm.index.models import Paper, Source, clean_text, paper_id

from .bibtex_tools import parse_bib, run_bibtex

LATEXY = st.sampled_from([*"\\{}$&%#_~^\"@,=()'`", "\\{", "}{", "{\\", "\\\\",
                          " and ", "@misc{", "%\n"])
#: Arbitrary Unicode (control characters included) mixed with LaTeX trouble-makers.
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=8), LATEXY,
                          st.sampled_from(["LLMs", "日本語", "Ελληνικά", "עברית", "\x1b[31m",
                                           "\x00", "\u2028", "\ufeff", "👩‍🔬"])),
                max_size=12).map("".join)
TITLE = TEXT.filter(lambda t: bool(clean_text(t)))

_UNDO = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
         r"\textasciitilde{}": "~", r"\textasciicircum{}": "^"}
_TOKEN = re.compile(r"\\text[a-z]+\{\}|\\[$&%#_]|[{}]|.", re.DOTALL)


def unlatex(value: str) -> str:
    """Invert bibtex_title: drop protecting braces, undo escapes."""
    out = []
    for token in _TOKEN.findall(value):
        if token in _UNDO:
            out.append(_UNDO[token])
        elif len(token) == 2 and token[0] == "\\":
            out.append(token[1])
        elif token not in "{}":
            out.append(token)
    return "".join(out)


def paper(title: str, abstract: str, authors: list[str], raw: dict[str, str] | None = None,
          year: int | None = None) -> Paper:
    extra: dict[str, object] = {"authors": authors}
    if year:
        extra["year"] = year
    if raw is not None:
        extra.update(bibtype="article", bibfields=raw, title_latex=raw.get("title", ""))
    return Paper(paper_id(title) if clean_text(title) else "0", title, abstract,
                 (Source("/tmp/x.txt", 1, None),), 0.0, extra)


@settings(max_examples=300, deadline=None)
@given(title=TITLE, abstract=TEXT, authors=st.lists(TEXT, max_size=4),
       year=st.none() | st.integers(1, 9999))
def test_any_title_parses_and_round_trips(title: str, abstract: str, authors: list[str],
                                          year: int | None) -> None:
    p = paper(title, abstract, authors, year=year)
    key = key_from_pattern(p)
    [parsed] = parse_bib(entry(p, key), 1)
    assert parsed["ID"] == key
    assert unlatex(parsed["title"]) == clean_text(unicodedata.normalize("NFC", title))
    assert bibtex_title(title) == parsed["title"]


@settings(max_examples=200, deadline=None)
@given(title=TITLE, fields=st.dictionaries(
    st.sampled_from(["title", "journal", "author", "note", "pages", "Weird Name", "ID"]),
    TEXT, max_size=5))
def test_raw_fields_from_a_users_bib_never_break_the_file(title: str,
                                                          fields: dict[str, str]) -> None:
    p = paper(title, "", [], raw=fields)
    text = entry(p, "own:key")
    parse_bib(text + "\n" + entry(p, "second"), 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=st.lists(st.tuples(TITLE, TEXT, st.lists(TEXT, max_size=3)),
                       min_size=1, max_size=4))
def test_real_bibtex_on_a_sample(papers: list[tuple[str, str, list[str]]]) -> None:
    built = [paper(t, a, au, year=2024) for t, a, au in papers]
    keys = {p.id + str(i): f"k{i}" for i, p in enumerate(built)}
    built = [Paper(p.id + str(i), p.title, p.abstract, p.sources, 0.0, p.extra)
             for i, p in enumerate(built)]
    text = bibliography(built, keys)
    parse_bib(text, len(built))
    with tempfile.TemporaryDirectory() as tmp:
        run_bibtex(text, list(keys.values()), Path(tmp))


@settings(max_examples=300, deadline=None)
@given(key=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
                   max_size=12))
def test_every_valid_key_survives_bibtexparser(key: str) -> None:
    from paperterm.index.cite.bibtex import is_valid_key

    if is_valid_key(key):
        [parsed] = parse_bib(entry(paper("T", "", []), key), 1)
        assert parsed["ID"] == key
