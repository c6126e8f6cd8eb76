"""Property: a page built from random title/abstract pairs, saved in any shape, parses back
to exactly those pairs.

What makes a page unambiguous, and so what is generated: a title is a short run of words
that does not end a sentence (no final ``.`` or ``!``); an abstract ends with a full stop.
Neither may have a line that reads as a page header (``Subscribe``) or a date (``Mar 11``),
since those are dropped wherever they appear. Within that, any abstract may be missing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from paperterm.index.models import clean_text
from paperterm.index.sources import Problem, Record, read_records
from paperterm.index.sources.dailypapers import is_date, is_header

from tests.conftest import HEADER

ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LATIN = ASCII + "éèüöäñçÀÉÖÜßøå"  # all encodable in cp1252, none a UTF-8 continuation byte


def words(alphabet: str, min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=12)
    return st.lists(word, min_size=min_size, max_size=max_size)


@st.composite
def paper(draw: st.DrawFn, alphabet: str) -> tuple[str, str | None]:
    title = " ".join(draw(words(alphabet, 1, 12)))
    text = " ".join(draw(words(alphabet + ",;()-", 1, 60))) + "."
    return title, None if draw(st.integers(0, 4)) == 0 else text


@st.composite
def shaped_page(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str]]]:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    alphabet = LATIN if encoding == "cp1252" else ASCII + "éüΩλ中文ÅÆ"
    papers = draw(st.lists(paper(alphabet), min_size=1, max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    gap = draw(st.integers(1, 3))
    trailing = draw(st.sampled_from(["", " ", "\t", "  \t"]))
    wrap = draw(st.sampled_from([0, 3, 7]))
    pages = draw(st.integers(1, min(3, len(papers))))
    header = draw(st.booleans())

    def wrapped(text: str) -> list[str]:
        parts = text.split(" ")
        if not wrap:
            return [text]
        return [" ".join(parts[i:i + wrap]) for i in range(0, len(parts), wrap)]

    blocks: list[list[str]] = []
    per_page = -(-len(papers) // pages)
    for index, (title, abstract) in enumerate(papers):
        if index % per_page == 0:
            if header or index:
                blocks += [[line] for line in HEADER]
            blocks.append([f"Mar {index % 28 + 1}"])
        content = [wrapped(title) if wrap > 3 else [title]]
        content += [wrapped(abstract)] if abstract is not None else []
        assume(not any(is_header(line) or is_date(line) for b in content for line in b))
        blocks += content
    body = "".join(newline.join(line + trailing for line in block) + newline * (gap + 1)
                   for block in blocks)
    expected = [(clean_text(t), clean_text(a or "")) for t, a in papers]
    return body.encode(encoding), expected


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(page=shaped_page())
def test_any_shape_parses_back_to_its_pairs(tmp_path: Path,
                                             page: tuple[bytes, list[tuple[str, str]]]) -> None:
    data, expected = page
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    items = list(read_records(path))
    records = [r.cleaned() for r in items if isinstance(r, Record)]
    errors = [p for p in items if isinstance(p, Problem) and not p.warning]
    assert [(r.title, r.abstract) for r in records] == expected
    assert errors == []
    missing = sum(1 for _, abstract in expected if not abstract)
    assert sum(1 for p in items if isinstance(p, Problem) and p.warning) == missing


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
               | st.sampled_from(" \n\t\r"), min_size=1, max_size=80)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6),
       as_json=st.booleans(), delimiter=st.sampled_from([",", "\t", ";"]))
def test_csv_and_json_lists_round_trip(tmp_path: Path, rows: list[tuple[str, str]],
                                       as_json: bool, delimiter: str) -> None:
    assume(all(clean_text(title) for title, _ in rows))
    path = tmp_path / "list.dat"
    if as_json:
        path.write_text(json.dumps([{"Title": t, "Abstract": a} for t, a in rows]),
                        encoding="utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(["Title", "Abstract"])
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
    items = list(read_records(path))
    assert [p for p in items if isinstance(p, Problem)] == []
    assert [(r.cleaned().title, r.cleaned().abstract) for r in items] == [
        (clean_text(t), clean_text(a)) for t, a in rows]
