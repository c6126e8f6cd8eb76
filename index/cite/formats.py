"""Citation text: copy formats for one or many papers, and RIS, CSL-JSON and Markdown files.

Everything here is a pure function of papers and their cite keys, except the two
``*_papers`` helpers at the end that assign keys and read tags and notes from a store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..models import Paper, clean_text
from ..store.database import Store
from ..store.personal import notes_for, tags_for
from .bibtex import (
    LISTING_NAME,
    assign_keys,
    bibliography,
    entry,
    listing_note,
    paper_url,
    paper_year,
    primary_class,
    split_name,
)

#: Copy formats, with the label a copy menu shows.
COPY_FORMATS = {
    "bibtex": "BibTeX entry",
    "cite": "\\cite{key}",
    "plain": "Plain-text reference",
    "markdown": "Markdown link",
    "title": "Title",
}
#: Export formats and the file suffix each usually has.
EXPORT_FORMATS = {"bibtex": ".bib", "ris": ".ris", "csl-json": ".json", "markdown": ".md"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def format_for_path(path: str) -> str | None:
    """The export format a file name suggests (``refs.ris`` -> ``ris``), if any."""
    lowered = path.lower()
    for fmt, suffix in EXPORT_FORMATS.items():
        if lowered.endswith(suffix):
            return fmt
    return None


# -- pieces -----------------------------------------------------------------------------

def _title(paper: Paper) -> str:
    return clean_text(paper.title)


def _authors_text(paper: Paper, limit: int = 3) -> str:
    names = [clean_text(str(a)) for a in paper.authors if clean_text(str(a))]
    if len(names) > limit:
        return f"{names[0]} et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def _arxiv(paper: Paper) -> str:
    return clean_text(str(paper.extra.get("arxiv_id") or ""))


def _venue(paper: Paper) -> str:
    fields = paper.extra.get("bibfields")
    if isinstance(fields, Mapping):
        for name in ("journal", "booktitle"):
            if fields.get(name):
                return clean_text(str(fields[name]).replace("{", "").replace("}", ""))
    if _arxiv(paper):
        return f"arXiv:{_arxiv(paper)}"
    return ""


def markdown_escape(text: str) -> str:
    """Backslash-escape characters Markdown would treat as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", clean_text(text))


#: Schemes that become live Markdown links; anything else (``javascript:``, ``data:``, a
#: local file) is written as plain text, never as a link a viewer would follow.
LINK_SCHEMES = ("http://", "https://", "doi:", "arxiv:")


def linkable(url: str | None) -> bool:
    """True for a URL safe to write as a live link."""
    return url is not None and url.strip().lower().startswith(LINK_SCHEMES)


def _md_url(url: str) -> str:
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", url)


# -- copy formats -----------------------------------------------------------------------

def plain_reference(paper: Paper) -> str:
    """``Authors. Title. arXiv:ID, 2024. URL`` with whatever is known."""
    parts = []
    if _authors_text(paper):
        parts.append(_authors_text(paper) + ".")
    parts.append(_title(paper).rstrip(".") + ".")
    venue = _venue(paper) or (LISTING_NAME if not paper_year(paper) else "")
    tail = ", ".join(x for x in (venue, str(paper_year(paper) or "")) if x)
    if tail:
        parts.append(tail + ".")
    url = paper_url(paper)
    if url:
        parts.append(url)
    return " ".join(parts)


def markdown_link(paper: Paper) -> str:
    """``[Title](url)``, or the title in italics when the paper has no URL."""
    url = paper_url(paper)
    title = markdown_escape(paper.title)
    return f"[{title}]({_md_url(url)})" if url and linkable(url) else f"*{title}*"


def citation(paper: Paper, key: str, fmt: str, abstract: bool = True) -> str:
    """One paper in a copy format (see :data:`COPY_FORMATS`)."""
    if fmt == "bibtex":
        return entry(paper, key, abstract)
    if fmt == "cite":
        return f"\\cite{{{key}}}"
    if fmt == "plain":
        return plain_reference(paper)
    if fmt == "markdown":
        return markdown_link(paper)
    if fmt == "title":
        return _title(paper)
    raise ValueError(f"unknown citation format {fmt!r}; use one of {', '.join(COPY_FORMATS)}")


def citations(papers: Sequence[Paper], keys: Mapping[str, str], fmt: str,
              abstract: bool = True) -> str:
    """Many papers in a copy format: one ``\\cite{a,b}``, else one per line (BibTeX: blank
    line between entries)."""
    if fmt == "cite":
        return "\\cite{" + ",".join(keys[p.id] for p in papers) + "}" if papers else ""
    if fmt == "bibtex":
        return bibliography(papers, keys, abstract)
    if fmt == "markdown" and len(papers) > 1:
        return "\n".join(f"- {markdown_link(p)}" for p in papers)
    return "\n".join(citation(p, keys[p.id], fmt) for p in papers)


# -- RIS --------------------------------------------------------------------------------

_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "inproceedings": "CPAPER",
              "conference": "CPAPER", "incollection": "CHAP", "inbook": "CHAP",
              "techreport": "RPRT", "phdthesis": "THES", "mastersthesis": "THES",
              "unpublished": "UNPB", "manual": "GEN", "misc": "GEN"}


def _ris_line(tag: str, value: object) -> str:
    return f"{tag}  - {clean_text(str(value))}"


def ris_entry(paper: Paper, key: str, abstract: bool = True,
              tags: Sequence[str] = (), note: str = "") -> str:
    """One RIS record, ending with ``ER  -``."""
    bibtype = str(paper.extra.get("bibtype") or "").lower()
    kind = _RIS_TYPES.get(bibtype) or ("UNPB" if _arxiv(paper) else "GEN")
    lines = [_ris_line("TY", kind), _ris_line("ID", key), _ris_line("TI", paper.title)]
    for name in paper.authors:
        family, given = split_name(str(name))
        if family:
            lines.append(_ris_line("AU", f"{family}, {given}" if given else family))
    if paper_year(paper):
        lines.append(_ris_line("PY", paper_year(paper)))
    venue = _venue(paper)
    if venue and not venue.startswith("arXiv:"):
        lines.append(_ris_line("T2", venue))
    if _arxiv(paper):
        lines += [_ris_line("PB", "arXiv"), _ris_line("M1", f"arXiv:{_arxiv(paper)}")]
    if paper.extra.get("doi"):
        lines.append(_ris_line("DO", paper.extra["doi"]))
    if paper_url(paper):
        lines.append(_ris_line("UR", paper_url(paper)))
    if abstract and clean_text(paper.abstract):
        lines.append(_ris_line("AB", paper.abstract))
    lines += [_ris_line("KW", t) for t in tags]
    lines.append(_ris_line("N1", listing_note(paper)))
    if clean_text(note):
        lines.append(_ris_line("N1", note))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def ris(papers: Sequence[Paper], keys: Mapping[str, str], abstract: bool = True,
        tags: Mapping[str, Sequence[str]] | None = None,
        notes: Mapping[str, str] | None = None) -> str:
    """A whole RIS file."""
    tags, notes = tags or {}, notes or {}
    return "\n".join(ris_entry(p, keys[p.id], abstract, tags.get(p.id, ()),
                               notes.get(p.id, "")) for p in papers)


# -- CSL-JSON ---------------------------------------------------------------------------

def csl_item(paper: Paper, key: str, abstract: bool = True) -> dict[str, Any]:
    """One CSL-JSON item (the format Pandoc and Zotero read)."""
    bibtype = str(paper.extra.get("bibtype") or "").lower()
    venue = _venue(paper)
    item: dict[str, Any] = {"id": key, "title": clean_text(paper.title)}
    if bibtype == "article" and venue:
        item["type"] = "article-journal"
        item["container-title"] = venue
    elif bibtype in ("inproceedings", "conference") and venue:
        item["type"] = "paper-conference"
        item["container-title"] = venue
    else:
        item["type"] = "article" if _arxiv(paper) else "document"
    authors = []
    for name in paper.authors:
        family, given = split_name(str(name))
        if family and given:
            authors.append({"family": family, "given": given})
        elif family:
            authors.append({"literal": family})
    if authors:
        item["author"] = authors
    if paper_year(paper):
        item["issued"] = {"date-parts": [[paper_year(paper)]]}
    if _arxiv(paper):
        item.update({"publisher": "arXiv", "number": _arxiv(paper),
                     "genre": "Preprint"})
        if primary_class(paper):
            item["keyword"] = primary_class(paper)
    if paper.extra.get("doi"):
        item["DOI"] = clean_text(str(paper.extra["doi"]))
    if paper_url(paper):
        item["URL"] = paper_url(paper)
    if abstract and clean_text(paper.abstract):
        item["abstract"] = clean_text(paper.abstract)
    item["note"] = listing_note(paper)
    return item


def csl_json(papers: Sequence[Paper], keys: Mapping[str, str], abstract: bool = True) -> str:
    """A CSL-JSON array."""
    items = [csl_item(p, keys[p.id], abstract) for p in papers]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- Markdown ---------------------------------------------------------------------------

def markdown_entry(paper: Paper, key: str, abstract: bool = True,
                   tags: Sequence[str] = (), note: str = "") -> str:
    """A paper as a Markdown section: title, byline, tags, abstract, note."""
    lines = [f"## {markdown_link(paper)}", ""]
    byline = [markdown_escape(x) for x in (_authors_text(paper, 6), str(paper_year(paper) or ""),
                                            _venue(paper)) if x]
    byline.append(f"`{key}`")
    lines.append(" · ".join(byline))
    if tags:
        lines.append("")
        lines.append("Tags: " + ", ".join(markdown_escape(t) for t in tags))
    if abstract and clean_text(paper.abstract):
        lines += ["", markdown_escape(paper.abstract)]
    if note.strip():
        lines.append("")
        lines += ["> " + markdown_escape(line) if line.strip() else ">"
                  for line in note.strip().splitlines()]
    return "\n".join(lines) + "\n"


def markdown(papers: Sequence[Paper], keys: Mapping[str, str], abstract: bool = True,
             tags: Mapping[str, Sequence[str]] | None = None,
             notes: Mapping[str, str] | None = None) -> str:
    """A Markdown reading list."""
    tags, notes = tags or {}, notes or {}
    count = f"{len(papers)} paper" + ("" if len(papers) == 1 else "s")
    head = f"# Reading list\n\n{count}\n"
    body = "\n".join(markdown_entry(p, keys[p.id], abstract, tags.get(p.id, ()),
                                    notes.get(p.id, "")) for p in papers)
    return head + ("\n" + body if body else "")


# -- with a store -----------------------------------------------------------------------

def render(papers: Sequence[Paper], keys: Mapping[str, str], fmt: str, abstract: bool = True,
           tags: Mapping[str, Sequence[str]] | None = None,
           notes: Mapping[str, str] | None = None) -> str:
    """A whole export file in ``fmt`` (see :data:`EXPORT_FORMATS`)."""
    if fmt == "bibtex":
        return bibliography(papers, keys, abstract)
    if fmt == "ris":
        return ris(papers, keys, abstract, tags, notes)
    if fmt == "csl-json":
        return csl_json(papers, keys, abstract)
    if fmt == "markdown":
        return markdown(papers, keys, abstract, tags, notes)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export_papers(store: Store, papers: Sequence[Paper], fmt: str = "bibtex",
                  abstract: bool = True) -> str:
    """Assign (or reuse) cite keys and render ``papers`` as an export file."""
    keys = assign_keys(store, papers)
    ids = [p.id for p in papers]
    return render(papers, keys, fmt, abstract, tags_for(store, ids), notes_for(store, ids))


def cite_papers(store: Store, papers: Sequence[Paper], fmt: str, abstract: bool = True) -> str:
    """Assign (or reuse) cite keys and give ``papers`` in a copy format."""
    return citations(papers, assign_keys(store, papers), fmt, abstract)
