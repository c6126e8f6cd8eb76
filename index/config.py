"""The user's config file: ``[ui]`` (theme), ``[keys]`` (a keymap), ``[[feeds]]`` and
``[fetch]`` (base URLs, the arXiv delay: see ``fetch/settings.py``).

Problems in the file are values, never exceptions: a broken config still starts the app.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layout import config_path


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
