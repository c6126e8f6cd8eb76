"""Fetching papers from Hugging Face Daily Papers and arXiv into the library.

The engine side of ``paperterm fetch`` and ``enrich``: :func:`run_feeds` fetches feeds
(:class:`HfFeed`, :class:`ArxivFeed`, or the config file's ``[[feeds]]`` through
:func:`subscriptions`) and returns a :class:`FetchReport`; it never raises for the network.
"""

from __future__ import annotations

from ..config import Config, load_config
from .feeds import ArxivFeed, Feed, HfFeed
from .run import FetchProgress, FetchReport, config_feeds, plan, run_feeds
from .settings import Settings, load_settings


def subscriptions(config: Config | None = None) -> tuple[list[Feed], Settings, list[str]]:
    """The feeds and settings of the config file, and one line per problem in them."""
    config = config or load_config()
    feeds, problems = config_feeds(config.feeds)
    settings, setting_problems = load_settings(config.fetch)
    return feeds, settings, [*config.problems, *problems, *setting_problems]


__all__ = ["ArxivFeed", "Feed", "FetchProgress", "FetchReport", "HfFeed", "Settings",
           "config_feeds", "load_settings", "plan", "run_feeds", "subscriptions"]
