"""The user's config file: ``[ui]`` (theme), ``[keys]`` (a keymap), ``[[feeds]]`` and
``[fetch]`` (base URLs, the arXiv delay: see ``fetch/settings.py``).

Problems in the file are values, never exceptions: a broken config still starts the app.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layout import config_path, write_atomic


@dataclass(frozen=True, slots=True)
class Config:
    """What the config file says; ``problems`` are one-line reasons, ``path: reason``."""

    path: Path
    ui: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    feeds: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fetch: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path, problems=[f"{path}: {exc}"])
    problems: list[str] = []
    ui = _table(data, "ui", path, problems)
    keys = {str(k): str(v) for k, v in _table(data, "keys", path, problems).items()}
    feeds = data.get("feeds", [])
    if not isinstance(feeds, list) or not all(isinstance(f, dict) for f in feeds):
        problems.append(f"{path}: [[feeds]] must be a list of tables")
        feeds = []
    fetch = _table(data, "fetch", path, problems)
    return Config(path, ui, keys, feeds, problems, fetch)


def _table(data: dict[str, Any], name: str, path: Path, problems: list[str]) -> dict[str, Any]:
    value = data.get(name, {})
    if isinstance(value, dict):
        return value
    problems.append(f"{path}: [{name}] must be a table")
    return {}


_SECTION = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def save_setting(section: str, key: str, value: str, path: Path | None = None) -> None:
    """Set ``key = "value"`` in ``[section]`` of the config file, keeping every other line
    (comments, feeds) as it was; written atomically."""
    path = path or config_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    entry = f"{_bare(key)} = {json.dumps(value, ensure_ascii=False)}"
    lines = _set_in_section(lines, section, key, entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "\n".join(lines) + "\n")


def _bare(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _set_in_section(lines: list[str], section: str, key: str, entry: str) -> list[str]:
    start = next((i for i, line in enumerate(lines)
                  if (m := _SECTION.match(line)) and m.group(1).strip() == section), None)
    if start is None:
        return [*lines, *([""] if lines else []), f"[{section}]", entry]
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].lstrip().startswith("[")), len(lines))
    own = re.compile(rf"^\s*{re.escape(_bare(key))}\s*=")
    for i in range(start + 1, end):
        if own.match(lines[i]):
            return [*lines[:i], entry, *lines[i + 1:]]
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank line before the next section
    return [*lines[:end], entry, *lines[end:]]
