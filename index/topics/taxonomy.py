"""The user's taxonomy: ``topics.toml`` in the library, nested nodes that are saved queries."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from whoosh import qparser

from ..layout import write_atomic
from ..search.schema import make_schema
from ..search.searcher import QueryError, make_parser, parse_query

FILE_NAME = "topics.toml"
_HEADER = re.compile(r"^(\s*)\[([^\[\]\"'#]+)\](\s*(?:#.*)?)$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

DEFAULT = """\
# Your topics: each [table] is a node in the topic tree, `query` is a saved search in
# the same syntax as the search bar. Nest with dots: [Reinforcement learning.Offline].
# A node without a query holds every paper its children hold. Edit freely; paperterm
# reads this file each time it builds the tree. Single quotes keep "phrases" intact.

[Reinforcement learning]
query = 'reinforcement OR RL OR "markov decision"'

[Reinforcement learning.Offline]
query = 'offline OR batch OR "logged data"'

[Reinforcement learning.Model-based]
query = '"model based" OR "world model" OR "world models" OR dynamics'

[Reinforcement learning.Exploration]
query = 'exploration OR curiosity OR intrinsic'

[Reinforcement learning.Multi-agent]
query = '"multi agent" OR MARL OR cooperative'

[Reinforcement learning.Policy optimization]
query = '"policy gradient" OR "policy optimization" OR PPO OR "actor critic"'

[Language models]
query = 'LLM OR LLMs OR "language model" OR "language models"'

[Language models.Alignment]
query = 'alignment OR RLHF OR "human feedback" OR preference OR DPO'

[Language models.Reward models]
query = '"reward model" OR "reward models" OR "reward modeling" OR PRM'

[Language models.Reasoning]
query = 'reasoning OR "chain of thought" OR CoT OR math'

[Language models.Search at inference]
query = '"tree search" OR MCTS OR "beam search" OR "best of n" OR "test time"'

[Language models.Agents and tools]
query = 'agent OR agents OR "tool use" OR tools'

[Language models.Retrieval]
query = 'retrieval OR RAG OR "retrieval augmented"'

[Language models.Efficiency]
query = 'quantization OR distillation OR pruning OR "mixture of experts"'

[Vision]
query = 'image OR images OR vision OR visual OR video'

[Generative models]
query = 'diffusion OR GAN OR "variational autoencoder" OR "generative model"'

[Robotics]
query = 'robot OR robotic OR robotics OR manipulation OR locomotion'

[Safety and robustness]
query = 'safety OR robustness OR adversarial OR jailbreak OR "reward hacking"'

[Theory]
query = 'theoretical OR regret OR convergence OR "sample complexity" OR bound'

[Evaluation]
query = 'benchmark OR benchmarks OR evaluation OR leaderboard'
"""


@dataclass(frozen=True, slots=True)
class SavedTopic:
    """A node of the user's taxonomy; ``query`` is None for a pure group."""

    label: str
    query: str | None = None
    children: tuple[SavedTopic, ...] = field(default=())

    def combined_query(self) -> str | None:
        """Its own query, or for a group the OR of its children's."""
        if self.query:
            return self.query
        parts = [q for q in (c.combined_query() for c in self.children) if q]
        return " OR ".join(f"({q})" for q in parts) or None


def taxonomy_path(root: Path) -> Path:
    return root / FILE_NAME


def init_taxonomy(root: Path, force: bool = False) -> Path:
    """Write the default taxonomy; FileExistsError if one is there and not ``force``."""
    path = taxonomy_path(root)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; use --force to replace it")
    root.mkdir(parents=True, exist_ok=True)
    write_atomic(path, DEFAULT)
    return path


def load_taxonomy(root: Path) -> tuple[tuple[SavedTopic, ...], list[str]]:
    """The taxonomy in ``root/topics.toml`` (empty when absent) and its problems, one line each."""
    path = taxonomy_path(root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return (), []
    except (OSError, UnicodeDecodeError) as exc:
        return (), [f"{path.name}: cannot read: {exc}"]
    return parse_taxonomy(text, path.name)


def parse_taxonomy(text: str, name: str = FILE_NAME) -> tuple[tuple[SavedTopic, ...], list[str]]:
    """Nodes and one-line problems for a taxonomy's TOML text; bad queries are left out."""
    try:
        data = tomllib.loads(quote_headers(text))
    except tomllib.TOMLDecodeError as exc:
        return (), [f"{name}: not valid TOML: {exc}"]
    problems: list[str] = []
    nodes = _nodes(data, (), name, problems)
    return nodes, problems


def quote_headers(text: str) -> str:
    """Let ``[Reinforcement learning.Offline]`` through: quote header parts with spaces."""
    lines = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            parts = [p.strip() for p in match.group(2).split(".")]
            if all(parts):
                keys = ".".join(p if _BARE_KEY.match(p) else json.dumps(p) for p in parts)
                line = f"{match.group(1)}[{keys}]{match.group(3)}"
        lines.append(line)
    return "\n".join(lines)


def _nodes(table: dict[str, object], path: tuple[str, ...], name: str,
           problems: list[str]) -> tuple[SavedTopic, ...]:
    out = []
    for key, value in table.items():
        where = f"{name}: [{'.'.join((*path, key))}]"
        if key == "query" and path:
            continue
        if not isinstance(value, dict):
            problems.append(f"{where}: expected a table of topics, not a value"
                            if not path else f"{where}: unknown setting (only 'query')")
            continue
        query = value.get("query")
        if query is not None and not isinstance(query, str):
            problems.append(f"{where}: query must be a string")
            query = None
        elif query is not None:
            try:
                parse_query(query, _parser())
            except QueryError as exc:
                problems.append(f"{where}: {exc}")
                query = None
        children = _nodes(value, (*path, key), name, problems)
        out.append(SavedTopic(key.strip(), query.strip() if query else None, children))
    return tuple(out)


@cache
def _parser() -> qparser.QueryParser:
    return make_parser(make_schema())
