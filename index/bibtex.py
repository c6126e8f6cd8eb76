"""BibTeX stubs: stable cite keys, LaTeX-safe fields, and whole ``.bib`` files."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence

from .models import Paper, clean_text, fold
from .store import Store

KEY_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "for", "on", "in", "with", "to", "and", "or", "via", "from",
    "by", "is", "are", "at", "as", "be", "towards", "toward", "using", "into", "over",
    "under", "your", "you", "we", "our", "its", "it", "do", "does", "can", "not", "no",
})
KEY_WORDS = 3
KEY_MAX = 32
LISTING_NAME = "Hugging Face Daily Papers"

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"[\\{}$&%#_~^]")
_WORD = re.compile(r"\S+")


def escape_latex(text: str) -> str:
    """Escape LaTeX special characters and drop control characters."""
    text = clean_text(unicodedata.normalize("NFC", text))
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], text)


def _needs_protection(word: str) -> bool:
    """Acronyms and mixed-case words (``LLMs``, ``GFlowNets``, ``TÜLU``) keep their case."""
    letters = [c for c in word if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 or any(c.isupper() for c in letters[1:])


def bibtex_title(title: str) -> str:
    """The title with specials escaped and acronyms braced so styles cannot lowercase them."""
    return _WORD.sub(
        lambda m: "{" + escape_latex(m.group()) + "}" if _needs_protection(m.group())
        else escape_latex(m.group()),
        clean_text(title),
    )


def base_key(title: str) -> str:
    """A readable key from the first significant title words: ``reasoning_language_models``."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    significant = [w for w in words if w not in KEY_STOP_WORDS] or words or ["paper"]
    key = "_".join(significant[:KEY_WORDS])[:KEY_MAX].strip("_")
    return key if key[0].isalpha() else "p" + key


def assign_keys(store: Store, papers: Sequence[Paper]) -> dict[str, str]:
    """Cite keys for ``papers``: stored ones are reused, new ones made unique and stored."""
    keys = store.citekeys([p.id for p in papers])
    missing = [p for p in papers if p.id not in keys]
    if missing:
        with store.transaction():
            for paper in missing:
                base = base_key(paper.title)
                key, n = base, 1
                while store.key_taken(key):
                    n += 1
                    key = f"{base}_{n}"
                store.set_citekey(paper.id, key)
                keys[paper.id] = key
    return keys


def listing_note(paper: Paper) -> str:
    """Where the paper was listed: ``Hugging Face Daily Papers, Mar 11 (page.txt:41)``."""
    places = []
    for source in paper.sources:
        where = f"{os.path.basename(source.file)}:{source.line}"
        places.append(f"{source.date} ({where})" if source.date else where)
    if not places:
        return f"Listed in {LISTING_NAME}"
    return f"Listed in {LISTING_NAME}, " + "; ".join(places)


def entry(paper: Paper, key: str, abstract: bool = True) -> str:
    """One ``@misc`` entry."""
    fields = [("title", bibtex_title(paper.title)), ("howpublished", LISTING_NAME)]
    if abstract and paper.abstract:
        fields.append(("abstract", escape_latex(paper.abstract)))
    fields.append(("note", escape_latex(listing_note(paper))))
    # `key` lets styles sort and label an entry that has no author.
    fields.append(("key", escape_latex(key)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def bibliography(papers: Iterable[Paper], keys: dict[str, str], abstract: bool = True) -> str:
    """A whole ``.bib`` text, entries separated by blank lines."""
    return "\n".join(entry(p, keys[p.id], abstract) for p in papers)


def export_bibtex(store: Store, papers: Sequence[Paper], abstract: bool = True) -> str:
    """Assign (or reuse) keys and render ``papers`` as BibTeX."""
    return bibliography(papers, assign_keys(store, papers), abstract)
