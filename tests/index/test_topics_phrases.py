"""Phrase mining: candidates, keys, labels, fragments."""

from __future__ import annotations

from paperterm.index.topics.phrases import (
    STOP_WORDS,
    chunks,
    find_acronyms,
    mine_phrases,
    normalize,
    surface,
)


def test_normalize_merges_plurals_possessives_and_hyphens() -> None:
    assert normalize("models") == normalize("model") == "model"
    assert normalize("LLMs") == normalize("LLM") == "llm"
    assert normalize("OpenAI's") == "openai"
    assert normalize("fine-tuning") == normalize("finetuning")
    assert normalize("process") == "process"
    assert normalize("strategies") == "strategy"


def test_surface_keeps_acronyms_and_lowercases_title_case() -> None:
    assert [surface(w) for w in ("Offline", "RLHF", "LLMs", "Vision-Language", "GPT-4o")] == [
        "offline", "RLHF", "LLMs", "vision-language", "GPT-4o"]


def test_chunks_break_at_punctuation_and_stop_words() -> None:
    runs = [[s for _, s in run] for run in chunks("We propose a process reward model, and "
                                                  "tree search (MCTS) for reasoning.")]
    assert ["process", "reward", "model"] in runs
    assert ["tree", "search"] in runs
    assert ["MCTS"] in runs
    assert all(word.lower() not in STOP_WORDS for run in runs for word in run)


def test_mine_phrases_counts_documents_and_drops_fragments() -> None:
    docs = [("Monte Carlo Tree Search for Go", "Monte Carlo tree search plays Go."),
            ("Monte Carlo Tree Search in Chess", "We apply Monte Carlo tree search to chess."),
            ("Reward Models", "A reward model scores answers; reward models are learned."),
            ("Process Reward Models", "Process reward models score each step of reasoning."),
            ("Monte Carlo tree search for proofs", "Reward models meet tree search.")]
    phrases = {p.key: p for p in mine_phrases(docs, min_df=2, max_share=1.0)}
    mcts = phrases["monte carlo tree search"]
    assert mcts.docs == {0, 1, 4}
    assert mcts.label == "monte carlo tree search"
    assert phrases["reward model"].docs == {2, 3, 4}
    assert phrases["reward model"].label in ("reward model", "reward models")
    # Pieces of the longer phrase are not phrases of their own.
    for fragment in ("monte carlo", "carlo tree", "monte carlo tree", "carlo tree search"):
        assert fragment not in phrases


def test_mine_phrases_respects_document_frequency_bounds() -> None:
    docs = [(f"Paper {i}", "Shared widget tuning. " + ("Rare gizmo welding." if i < 2 else ""))
            for i in range(10)]
    keys = {p.key for p in mine_phrases(docs, min_df=2, max_share=0.5)}
    assert "rare gizmo welding" in keys
    assert "shared widget tuning" not in keys  # in every paper: names nothing


def test_find_acronyms_reads_definitions() -> None:
    found = find_acronyms(["We use reinforcement learning (RL) and Monte Carlo Tree Search "
                           "(MCTS) with large language models (LLMs).",
                           "Learning from human feedback (RLHF) is not spelled by initials."])
    assert found[normalize("RL")] == ("reinforcement", "learning")
    assert found[normalize("MCTS")] == ("monte", "carlo", "tree", "search")
    assert found[normalize("LLMs")] == ("large", "language", "models")
    assert normalize("RLHF") not in found


def test_acronym_and_expansion_make_one_phrase_labelled_as_written() -> None:
    docs = [("Offline RL at scale", "Offline reinforcement learning (RL) needs data."),
            ("Safe offline RL", "We study offline RL with constraints."),
            ("Offline RL for robots", "Offline RL learns from logs."),
            ("Online tuning", "Online reinforcement learning (RL) explores."),
            ("Teapots", "Teapot spouts pour tea."), ("Kettles", "Kettle spouts pour tea.")]
    phrases = {p.key: p for p in mine_phrases(docs, min_df=2, max_share=0.9)}
    offline = phrases["offline reinforcement learning"]
    assert offline.docs == {0, 1, 2}
    assert offline.label == "offline RL"
    # No phrase starts or ends inside an expansion.
    assert not any(k.startswith("learning") or k.endswith("offline reinforcement")
                   for k in phrases)


def test_scans_are_linear_on_a_huge_word() -> None:
    # The old pattern backtracked over every start inside a long word: a 200,000-character
    # word took minutes. This one would not finish within the suite on the old code.
    word = "q" * 200_000
    text = f"{word} grows here. Flow matching (FM) {word} (FM) {word}-{word} (QQ)"
    assert find_acronyms([text]) == {"fm": ("flow", "matching")}
    docs = [(f"Flow matching {word}", text)] * 3
    keys = {p.key for p in mine_phrases(docs, min_df=2, max_share=1.0)}
    assert "flow matching" in keys
