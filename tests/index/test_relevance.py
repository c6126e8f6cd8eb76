"""Relevance on the real seed pages: what a researcher types -> papers that must come up.

Queries and expected title keywords were written by reading the seed titles; the seed
text itself stays in the seed files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths

TOP = 10

#: query -> keywords of titles that must all rank in the top 10.
CASES = [
    ("monte carlo tree search", ["Monte Carlo Tree Search Boosts", "ReST-MCTS", "AlphaMath"]),
    ("MCTS", ["Monte Carlo Tree Search Boosts", "ReST-MCTS", "COS(M+O)S"]),
    ("model-based reinforcement learning",
     ["Objective Mismatch in Model-based", "Edge-of-Reach", "Value Gradient weighted"]),
    ("modelbased RL", ["INFOrmation Prioritization", "Is Model Ensemble Necessary"]),
    ("model based RL", ["INFOrmation Prioritization", "Is Model Ensemble Necessary"]),
    ("direct preference optimization", ["Direct Preference Optimization: Your Language"]),
    ("reward model overoptimization",
     ["Reward Model Ensembles Help", "Scaling Laws for Reward Model", "Confronting Reward Model"]),
    ("offline-to-online", ["Towards Robust Offline-to-Online", "Train Once, Get a Family"]),
    ("reinforcment learning from human feedback",
     ["The Alignment Ceiling", "A Minimaximalist Approach", "Personalizing Reinforcement"]),
    ("tulu", ["TÜLU 3"]),
    ("sparse attention", ["SeerAttention", "Content-Based Sparse Attention", "HiP Attention"]),
    ("mixture of experts", ["DMoERM", "Probabilistic Mixture-of-Experts", "COMET"]),
    ("MoE reward", ["DMoERM"]),
    ("hallucination", ["Troubling Emergence of Hallucination", "Mitigating Hallucinations"]),
    ("process reward", ["Free Process Rewards", "Process Reinforcement through Implicit",
                        "ReST-MCTS"]),
    ("multi-objective reinforcement learning",
     ["C-MORL", "Hyperparameter Optimization for Multi-Objective", "Based on Decomposition"]),
    ("multiobjective", ["Multiobjective Optimization of Non-Smooth", "C-MORL"]),
    ("goal-conditioned",
     ["SMORE", "Option-aware", "Learning Goal-Conditioned Representations"]),
    ("navigation", ["ViNT", "TopoNav", "VLN-Game"]),
    ("RLHF", ["Secrets of RLHF"]),
    ("pretrained language models offline", ["Unleashing the Power of Pre-trained"]),
    ("reward hacking", ["Correlated Proxies"]),
    ("GFlowNet*", ["Order-Preserving GFlowNets"]),
    ("sparse reward exploration", ["TopoNav", "Discovering and Exploiting Sparse Rewards"]),
]


@pytest.fixture(scope="module")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    from ..conftest import seeds_dir

    with Library.open(tmp_path_factory.mktemp("seeds") / "lib") as library:
        report = add_paths(library, sorted(Path(seeds_dir()).glob("*.txt")))
        assert report.new_papers > 250
        yield library


@pytest.mark.parametrize(("text", "wanted"), CASES, ids=[c[0] for c in CASES])
def test_expected_papers_rank_in_top_ten(seed_library: Library, text: str,
                                         wanted: list[str]) -> None:
    titles = [h.paper.title for h in seed_library.search(text, limit=TOP).hits]
    missing = [w for w in wanted if not any(w in t for t in titles)]
    assert not missing, f"{text!r}: {missing} not in top {TOP}: {titles}"


def test_typo_suggestion_on_seeds(seed_library: Library) -> None:
    result = seed_library.search("reinforcemnt lerning")
    assert result.suggestion == "reinforcement learning"


def test_related_on_seeds_shares_words(seed_library: Library) -> None:
    (hit,) = seed_library.search('title:"monte carlo tree search boosts"').hits
    related = seed_library.related(hit.paper.id, limit=10)
    titles = [r.paper.title for r in related]
    assert any("MCTS" in t for t in titles), titles
    assert all(r.shared for r in related)
