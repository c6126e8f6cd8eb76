"""Where the library lives: ``--library DIR``, else ``$PAPERTERM_HOME``, else the data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PAPERTERM_HOME"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the library directory without creating it."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("paperterm", appauthor=False)) / "library"


def database_path(root: Path) -> Path:
    return root / "library.sqlite3"


def index_path(root: Path) -> Path:
    return root / "whoosh"
