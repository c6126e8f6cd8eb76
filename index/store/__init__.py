"""The database: the only place with SQL (papers, sources, files, personal state)."""

from .database import FileInfo, Store

__all__ = ["FileInfo", "Store"]
