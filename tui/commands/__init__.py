"""Subcommands; each module has ``register(subparsers, common)`` and a handler."""

from . import (
            add,
            bookmark,
            export,
            key,
            library_cmd,
            note,
            read,
            reindex,
            related,
            remove,
            search,
            stats,
            tag,
            topics,
)

COMMANDS = (add, search, bookmark, export, topics, stats, reindex,
            tag, note, read, key, library_cmd, related, remove)
