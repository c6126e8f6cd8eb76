"""A posting buffer for the Whoosh writer that groups postings by term as they arrive.

Whoosh's own pool keeps one tuple per posting, sorts them all at commit and, past its
memory limit, pickles them one by one to temporary runs and merges those back a posting
at a time; that sorting and spilling cost more than the analysis. Postings come in
document order, so grouping them per term keeps each term's list sorted already: only
the distinct terms are sorted, and a spilled run holds one record per term.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

Posting = tuple[str, bytes, int, float, "bytes | None"]
#: A term's postings: document numbers, weights, and the values end to end with their ends.
_Term = tuple[array, array, bytearray, array]
#: Rough bytes a new term costs in memory (key tuple, three arrays, a bytearray).
_TERM_COST = 480
_POSTING_COST = 20


def use_term_pool(writer: Any, tempdir: Path | None, limitmb: int) -> None:
    """Give a single-process Whoosh ``SegmentWriter`` a :class:`TermPool` and a length
    table read once per field at commit (Whoosh reads a document's field length from
    disk for every posting)."""
    writer.pool = TermPool(tempdir, limitmb)
    per_document_reader = writer.per_document_reader
    writer.per_document_reader = lambda: _Lengths(per_document_reader())


class _Lengths:
    """The length part of a per-document reader, each field's lengths in a list."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def doc_field_length_reader(self, fieldname: str) -> Any:
        get = self._reader.doc_field_length_reader(fieldname)
        return [get(n) for n in range(self._reader.doc_count_all())].__getitem__

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        return self._reader.doc_field_length(docnum, fieldname, default)

    def close(self) -> None:
        self._reader.close()


class TermPool:
    """Stands in for ``SegmentWriter.pool``: ``add``, ``iter_postings``, ``cleanup``."""

    def __init__(self, tempdir: Path | None = None, limitmb: int = 128) -> None:
        self.fieldnames: set[str] = set()
        self._terms: dict[tuple[str, bytes], _Term] = {}
        self._limit = limitmb * 1024 * 1024
        self._size = 0
        self._in_order = True
        self._tempdir = tempdir
        self._runs: list[IO[bytes]] = []

    def add(self, item: Posting) -> None:
        fieldname, text, docnum, weight, value = item
        key = (fieldname, text)
        entry = self._terms.get(key)
        if entry is None:
            self.fieldnames.add(fieldname)
            entry = self._terms[key] = (array("i"), array("d"), bytearray(), array("I"))
            self._size += _TERM_COST
        docs, weights, values, ends = entry
        if docs and docnum < docs[-1]:
            self._in_order = False
        docs.append(docnum)
        weights.append(weight)
        if value:
            values += value
        ends.append(len(values))
        self._size += _POSTING_COST + (len(value) if value else 0)
        if self._size > self._limit:
            self._spill()

    def _sorted_terms(self) -> list[tuple[tuple[str, bytes], _Term]]:
        terms = sorted(self._terms.items(), key=lambda kv: kv[0])
        if not self._in_order:
            terms = [(key, _reordered(entry)) for key, entry in terms]
        return terms

    def _spill(self) -> None:
        # Open until cleanup(): the run is read back at commit. Deleted when closed.
        run = tempfile.TemporaryFile(dir=self._tempdir, prefix="paperterm-",  # noqa: SIM115
                                     suffix=".run")
        for record in self._sorted_terms():
            # One pickle per term: a shared Unpickler would keep every record in its memo.
            pickle.dump(record, run, pickle.HIGHEST_PROTOCOL)
        run.seek(0)
        self._runs.append(run)
        self._terms = {}
        self._size = 0
        self._in_order = True

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in (field, term, document) order."""
        for (fieldname, text), entries in self._merged():
            for docs, weights, values, ends in entries:
                data = bytes(values)
                start = 0
                for docnum, weight, end in zip(docs, weights, ends, strict=True):
                    yield fieldname, text, docnum, weight, data[start:end]
                    start = end

    def _merged(self) -> Iterator[tuple[tuple[str, bytes], list[_Term]]]:
        """Each term with its postings from every run, oldest run first."""
        current = self._sorted_terms()
        self._terms = {}
        if not self._runs:
            for key, entry in current:
                yield key, [entry]
            return
        sources = [_read_run(run, n) for n, run in enumerate(self._runs)]
        sources.append((key, len(self._runs), entry) for key, entry in current)
        merged = heapq.merge(*sources, key=lambda r: (r[0], r[1]))
        for key, group in itertools.groupby(merged, key=lambda r: r[0]):
            entries = [entry for _, _, entry in group]
            if any(a[0][-1] > b[0][0] for a, b in itertools.pairwise(entries)):
                entries = [_reordered(_joined(entries))]
            yield key, entries

    def cleanup(self) -> None:
        for run in self._runs:
            run.close()
        self._runs = []
        self._terms = {}


def _read_run(run: IO[bytes], number: int) -> Iterator[tuple[Any, int, _Term]]:
    while True:
        try:
            key, entry = pickle.load(run)
        except EOFError:
            return
        yield key, number, entry


def _joined(entries: list[_Term]) -> _Term:
    """One term's postings from several runs as one list."""
    out: _Term = (array("i"), array("d"), bytearray(), array("I"))
    for docs, weights, values, ends in entries:
        base = len(out[2])
        out[0].extend(docs)
        out[1].extend(weights)
        out[2].extend(values)
        out[3].extend(base + end for end in ends)
    return out


def _reordered(entry: _Term) -> _Term:
    docs, weights, values, ends = entry
    starts = [0, *ends[:-1]]
    order = sorted(range(len(docs)), key=docs.__getitem__)
    out: _Term = (array("i"), array("d"), bytearray(), array("I"))
    for i in order:
        out[0].append(docs[i])
        out[1].append(weights[i])
        out[2].extend(values[starts[i]:ends[i]])
        out[3].append(len(out[2]))
    return out
