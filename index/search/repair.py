"""The search index is derived data: a damaged one is rebuilt, and a rebuild never half-done.

Reading a damaged index raises whatever the broken bytes lead Whoosh to (an unpickling
error, ``CorruptIndexError``, ``zlib.error``, a missing segment file...); those are caught
here, the index is rebuilt from the database and the user is told in one line. A rebuild
writes into a fresh folder beside the index and swaps it in only when it is complete; a
failed one (a full disk) removes its folder, so nothing is left to fill the disk again.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import pickle
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.filetables import FileFormatError
from whoosh.index import Index
from whoosh.reading import CorruptIndexError

from ..layout import index_path, write_atomic
from .schema import SCHEMA_FILE, SCHEMA_VERSION, make_schema
from .searcher import QueryError

if TYPE_CHECKING:
    from ..library import Library, Progress

T = TypeVar("T")
#: What reading a damaged index raises (and never a sound one).
DAMAGE: tuple[type[BaseException], ...] = (
    pickle.UnpicklingError, CorruptIndexError, zlib.error, EOFError,
    OSError, struct.error, FileFormatError, whoosh_index.IndexError, ValueError, KeyError,
    IndexError, TypeError, AttributeError, OverflowError, MemoryError)
GENERATION_FILE = "GENERATION"
_BUILD, _OLD = ".build-", ".old-"


def damage_reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:80] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def open_checked(path: Path) -> Index:
    """Open the index at ``path`` and read its table of contents and term lists once."""
    index = whoosh_index.open_dir(str(path))
    with index.reader() as reader:
        reader.doc_count()
        for name in ("id", "title"):
            for _ in zip(range(3), reader.lexicon(name), strict=False):
                pass
    return index


def guarded(library: Library, run: Callable[[], T]) -> T:
    """``run()``; if the index turns out damaged, rebuild it (saying so) and run again."""
    try:
        return run()
    except QueryError:
        raise
    except DAMAGE as exc:
        if isinstance(exc, OSError) and not _is_index_file(exc, library.root):
            raise
        repair(library, exc)
        return run()


def _is_index_file(exc: OSError, root: Path) -> bool:
    name = str(exc.filename or "")
    return not name or name.startswith(str(index_path(root)))


def repair(library: Library, exc: BaseException) -> None:
    """Rebuild a damaged index from the database and tell the user."""
    library.notices.append(f"the search index was damaged ({damage_reason(exc)}); "
                           "rebuilt it from the database")
    library._drop_index()
    if library.store.read_only:
        library._index = ram_index(library)
    else:
        library.reindex()


def ram_index(library: Library) -> Index:
    """An index in memory, for a read-only library whose own index cannot be used."""
    index = RamStorage().create_index(make_schema())
    library._write_documents(library.store.iter_papers(), library.store.count(), None,
                             index=index, tempdir=None)
    return index


def rebuild(library: Library, progress: Progress | None) -> tuple[Index, int]:
    """Build a whole new index in a fresh folder, then swap it in; the caller holds the lock."""
    target = index_path(library.root)
    clean_leftovers(target)
    build = target.with_name(f"{target.name}{_BUILD}{os.getpid()}")
    try:
        build.mkdir()
        fresh = whoosh_index.create_in(str(build), make_schema())
        store = library.store
        generation = store.generation()
        done = library._write_documents(store.iter_papers(), store.count(), progress,
                                        index=fresh, tempdir=build)
        write_atomic(build / SCHEMA_FILE, str(SCHEMA_VERSION))
        write_atomic(build / GENERATION_FILE, str(generation))
        swap_in(build, target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return whoosh_index.open_dir(str(target)), done


def clean_leftovers(target: Path) -> None:
    """Remove folders a killed or failed rebuild left beside the index."""
    with contextlib.suppress(OSError):
        for path in target.parent.iterdir():
            if path.name.startswith((target.name + _BUILD, target.name + _OLD)):
                shutil.rmtree(path, ignore_errors=True)


def swap_in(build: Path, target: Path) -> None:
    """Make ``build`` the index folder: one atomic exchange where the system offers it."""
    if not target.exists():
        os.rename(build, target)
        return
    if not _exchange(build, target):
        old = target.with_name(f"{target.name}{_OLD}{os.getpid()}")
        os.rename(target, old)
        os.rename(build, target)
        build = old
    shutil.rmtree(build, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False when not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    status = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return status == 0
