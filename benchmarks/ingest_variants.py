"""Ingest timing for engine experiments: ``python -m benchmarks.ingest_variants PAGES_DIR``.

Adds every page under PAGES_DIR to a fresh library, then rebuilds it with ``reindex``;
prints papers/s for both and the peak RSS. Profiles with ``--profile FILE``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import tempfile
import time
from pathlib import Path

from paperterm.index import Library
from paperterm.index.ingest.pipeline import add_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--no-reindex", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ingest-variants-"))
    profile = cProfile.Profile() if args.profile else None
    try:
        with Library.open(root) as lib:
            marks: dict[str, float] = {}
            started = time.perf_counter()
            if profile:
                profile.enable()
            add_paths(lib, [args.pages],
                      lambda phase, d, t: marks.setdefault(phase, time.perf_counter()))
            if profile:
                profile.disable()
            elapsed = time.perf_counter() - started
            n = lib.store.count()
            read = marks.get("index", started) - started
            print(f"add: {n} papers in {elapsed:.2f} s = {n / elapsed:.0f} papers/s "
                  f"(read+store {read:.2f} s, index {elapsed - read:.2f} s), "
                  f"{len(lib.index._segments())} segments")
            if not args.no_reindex:
                started = time.perf_counter()
                lib.reindex()
                elapsed = time.perf_counter() - started
                print(f"reindex: {n / elapsed:.0f} papers/s ({elapsed:.2f} s), "
                      f"consistent={lib.is_consistent()}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")
    if profile and args.profile:
        profile.dump_stats(args.profile)
        stats = pstats.Stats(str(args.profile)).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
