"""Benchmarks for paperterm against SQLite FTS5; run with ``python -m benchmarks``."""
