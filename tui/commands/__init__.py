"""Subcommands; each module has ``register(subparsers, common)`` and a handler.

Only the module of the command being run is imported (none for the browser, all of them
for ``--help`` or a mistyped command), so ``paperterm search`` does not pay for ingest,
export or topics.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

#: Module per command name, in the order ``--help`` lists them.
MODULES = {
    "add": "add", "remove": "remove", "search": "search", "related": "related",
    "bookmark": "bookmark", "tag": "tag", "untag": "tag", "tags": "tag",
    "note": "note", "notes": "note", "read": "read", "unread": "read",
    "export": "export", "key": "key", "library": "library_cmd", "topics": "topics",
    "stats": "stats", "reindex": "reindex",
}


def command_name(argv: Sequence[str]) -> str | None:
    """The subcommand in ``argv`` (skipping ``--library DIR``), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def modules_for(argv: Sequence[str]) -> list[ModuleType]:
    """The command modules needed to parse ``argv``."""
    name = command_name(argv)
    if name in MODULES:
        wanted = [MODULES[name]]
    elif name is None and not {"-h", "--help"} & set(argv):
        wanted = []  # the browser: no subcommand to parse
    else:
        wanted = list(dict.fromkeys(MODULES.values()))
    return [importlib.import_module(f"{__name__}.{module}") for module in wanted]
