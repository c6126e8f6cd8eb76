"""Every file paperterm keeps, named in one place, and the one way to write them.

The library lives in ``--library DIR``, else ``$PAPERTERM_HOME``, else the platform's
data dir; the config file in ``$PAPERTERM_CONFIG``, else the platform's config dir.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ENV_VAR = "PAPERTERM_HOME"
CONFIG_ENV_VAR = "PAPERTERM_CONFIG"


def library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the library directory without creating it."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("paperterm", appauthor=False)) / "library"


def config_path() -> Path:
    """The user's config file (TOML): feeds, keymap, theme."""
    env = os.environ.get(CONFIG_ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("paperterm", appauthor=False)) / "config.toml"


def database_path(root: Path) -> Path:
    return root / "library.sqlite3"


def index_path(root: Path) -> Path:
    return root / "whoosh"


def responses_path(root: Path) -> Path:
    """Saved server responses (``paperterm fetch``), one folder per host."""
    return root / "responses"


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that it is either the old file or the whole new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, and are
    renamed over ``path``; on any failure (a full disk, say) the temporary file is removed
    and the old file is left as it was.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{id(payload):x}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
