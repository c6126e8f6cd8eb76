"""Subcommands; each module has ``register(subparsers, common)`` and a handler."""

from . import add, bookmark, export, reindex, search, stats, topics

COMMANDS = (add, search, bookmark, export, topics, stats, reindex)
