"""Where and how politely paperterm fetches: base URLs, the arXiv delay, timeouts.

Each setting comes from the environment, else the config file's ``[fetch]`` table, else
its default, so tests and mirrors can point paperterm elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

HF_URL = "https://huggingface.co"
ARXIV_URL = "https://export.arxiv.org"
USER_AGENT = "paperterm/0.1 (terminal paper browser; +https://github.com/paperterm/paperterm)"

#: setting -> (environment variable, config key, default)
_SOURCES: dict[str, tuple[str, str, Any]] = {
    "hf_url": ("PAPERTERM_HF_URL", "hf_url", HF_URL),
    "arxiv_url": ("PAPERTERM_ARXIV_URL", "arxiv_url", ARXIV_URL),
    "arxiv_delay": ("PAPERTERM_ARXIV_DELAY", "arxiv_delay", 3.0),
    "timeout": ("PAPERTERM_FETCH_TIMEOUT", "timeout", 30.0),
    "retries": ("PAPERTERM_FETCH_RETRIES", "retries", 3),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """How to reach the servers. ``backoff`` is the first retry's wait in seconds (doubled
    each time) when a 429/503 carries no ``Retry-After``."""

    hf_url: str = HF_URL
    arxiv_url: str = ARXIV_URL
    arxiv_delay: float = 3.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    user_agent: str = USER_AGENT


def load_settings(config: Mapping[str, Any] | None = None,
                  env: Mapping[str, str] | None = None) -> tuple[Settings, list[str]]:
    """Settings from ``env`` (default ``os.environ``) over ``config`` (the ``[fetch]``
    table); returns them and one-line problems for values that are not usable."""
    env = os.environ if env is None else env
    config = config or {}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, (variable, key, default) in _SOURCES.items():
        raw, where = (env[variable], variable) if env.get(variable) else (
            config.get(key), f"[fetch] {key}")
        if raw is None:
            continue
        value = _convert(raw, type(default))
        if value is None:
            problems.append(f"{where}: {raw!r} is not a usable {_KIND[type(default)]}")
        else:
            values[name] = value.rstrip("/") if isinstance(value, str) else value
    return Settings(**values), problems


_KIND = {str: "URL", float: "number of seconds", int: "whole number"}


def _convert(raw: object, kind: type) -> Any:
    if kind is str:
        text = str(raw).strip()
        return text if text.startswith(("http://", "https://")) else None
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None
