"""The user's taxonomy in topics.toml: parsing, problems, the default file."""

from __future__ import annotations

from pathlib import Path

import pytest
from paperterm.index.topics.taxonomy import (
    DEFAULT,
    FILE_NAME,
    init_taxonomy,
    load_taxonomy,
    parse_taxonomy,
    quote_headers,
)


def test_nested_tables_become_nested_saved_topics() -> None:
    nodes, problems = parse_taxonomy(
        '[Reinforcement learning]\nquery = "reinforcement"\n'
        '[Reinforcement learning.Offline]\nquery = "offline OR batch"\n'
        '[Reinforcement learning.Online]\nquery = "online"\n')
    assert problems == []
    (rl,) = nodes
    assert rl.label == "Reinforcement learning" and rl.query == "reinforcement"
    assert [(c.label, c.query) for c in rl.children] == [("Offline", "offline OR batch"),
                                                         ("Online", "online")]


def test_group_without_query_ors_its_children() -> None:
    nodes, _ = parse_taxonomy('[RL.Offline]\nquery = "offline"\n[RL.Online]\nquery = "online"\n')
    assert nodes[0].query is None
    assert nodes[0].combined_query() == "(offline) OR (online)"


def test_unquoted_headers_with_spaces_are_accepted() -> None:
    assert quote_headers("[Reinforcement learning.Offline]  # note") == (
        '["Reinforcement learning".Offline]  # note')
    assert quote_headers('["Already quoted".x]') == '["Already quoted".x]'


def test_bad_toml_is_one_line_problem() -> None:
    nodes, problems = parse_taxonomy('[RL\nquery = "x"\n')
    assert nodes == ()
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{FILE_NAME}: not valid TOML")


@pytest.mark.parametrize("query", ["year:soon", "has:wings", "date:1..x"])
def test_bad_query_is_reported_and_dropped(query: str) -> None:
    text = f"[A]\nquery = '{query}'\n[A.B]\nquery = 'offline'\n[C]\nquery = 'online'\n"
    nodes, problems = parse_taxonomy(text)
    assert len(problems) == 1 and problems[0].startswith(f"{FILE_NAME}: [A]: ")
    assert [n.label for n in nodes] == ["A", "C"]
    assert nodes[0].query is None and nodes[0].children[0].query == "offline"


def test_unknown_settings_and_bare_values_are_problems() -> None:
    _, problems = parse_taxonomy("title = 'x'\n[A]\nquery = 'a'\ncolour = 'red'\n")
    assert any("[title]" in p for p in problems)
    assert any("[A.colour]: unknown setting" in p for p in problems)


def test_default_taxonomy_parses_cleanly() -> None:
    nodes, problems = parse_taxonomy(DEFAULT)
    assert problems == []
    labels = {n.label for n in nodes}
    assert {"Reinforcement learning", "Language models"} <= labels
    rl = next(n for n in nodes if n.label == "Reinforcement learning")
    assert "Offline" in {c.label for c in rl.children}


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = init_taxonomy(tmp_path)
    assert path == tmp_path / FILE_NAME and path.read_text() == DEFAULT
    path.write_text("[Mine]\nquery = 'x'\n")
    with pytest.raises(FileExistsError):
        init_taxonomy(tmp_path)
    assert "Mine" in path.read_text()
    init_taxonomy(tmp_path, force=True)
    assert path.read_text() == DEFAULT


def test_missing_file_is_no_taxonomy(tmp_path: Path) -> None:
    assert load_taxonomy(tmp_path) == ((), [])
