"""Paper identity: the same title in another case, accent or punctuation is one paper."""

from __future__ import annotations

from paperterm.index.models import Paper, Source, clean_text, normalize_title, paper_id


def test_id_ignores_case_whitespace_accents_and_punctuation() -> None:
    base = paper_id("TÜLU 3: Pushing Frontiers")
    assert paper_id("tulu 3 pushing frontiers") == base
    assert paper_id("  Tülu   3 —  Pushing  Frontiers!  ") == base
    assert paper_id("Tu\u0308lu 3: Pushing Frontiers") == base  # decomposed umlaut


def test_different_titles_differ() -> None:
    assert paper_id("Offline RL for Teapots") != paper_id("Online RL for Teapots")
    assert paper_id("GPT-4") != paper_id("GPT-5")


def test_id_is_short_stable_hex() -> None:
    pid = paper_id("A Title")
    assert len(pid) == 10 and int(pid, 16) >= 0
    assert pid == paper_id("A Title")


def test_normalize_title() -> None:
    assert normalize_title("ReST-MCTS*: LLM Self-Training") == "rest mcts llm self training"


def test_clean_text_strips_controls_and_escape_sequences() -> None:
    assert clean_text("red\x1b[31m text\x00 here\n\tend") == "red [31m text here end"


def test_paper_dates_are_distinct_and_ordered() -> None:
    paper = Paper("x", "T", "A", (Source("a.txt", 3, "Mar 11"), Source("b.txt", 9, "Mar 12"),
                                  Source("c.txt", 1, "Mar 11"), Source("d.txt", 2, None)))
    assert paper.dates == ("Mar 11", "Mar 12")
    assert paper.to_dict()["sources"][1] == {"file": "b.txt", "line": 9, "date": "Mar 12"}
