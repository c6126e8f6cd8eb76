"""BibTeX: stable cite keys from a pattern, LaTeX-safe fields, entries and ``.bib`` files."""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterable, Mapping, Sequence

from ..models import Paper, clean_text, fold
from ..store.database import Store
from ..store.personal import get_setting, set_setting
from .latex import (
    balanced,
    bibtex_authors,
    bibtex_title,
    escape_latex,
    raw_field,
    split_name,
)

KEY_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "for", "on", "in", "with", "to", "and", "or", "via", "from",
    "by", "is", "are", "at", "as", "be", "towards", "toward", "using", "into", "over",
    "under", "your", "you", "we", "our", "its", "it", "do", "does", "can", "not", "no",
})
KEY_WORDS = 3
KEY_MAX = 32
LISTING_NAME = "Hugging Face Daily Papers"

#: Alternatives separated by ``|``: the first whose tokens are all known for a paper wins.
DEFAULT_PATTERN = "{first_author}{year}{title_word}|{title_words}"
PATTERN_SETTING = "citekey_pattern"
#: What each pattern token stands for (shown by ``paperterm key``).
PATTERN_TOKENS = {
    "first_author": "first author's family name, lowercase ASCII (needs authors)",
    "year": "four-digit year (needs a year)",
    "title_word": "first significant title word",
    "title_words": f"first {KEY_WORDS} significant title words joined by _",
    "arxiv_id": "arXiv id with . and / as _ (needs an arXiv id)",
    "id": "the paper id",
}
_TOKEN = re.compile(r"\{([a-z_]+)\}")
#: Characters BibTeX, biber and LaTeX all accept in a key, none of them needing escapes.
_VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]{0,99}")

_FIELD_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_ARXIV_ID = re.compile(r"[A-Za-z0-9./-]+")
#: Fields the ``plain`` style requires per entry type; an entry missing one becomes @misc.
REQUIRED = {
    "article": (("author",), ("title",), ("journal",), ("year",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year",)),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year",)),
    "conference": (("author",), ("title",), ("booktitle",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year",)),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",),
               ("year",)),
    "techreport": (("author",), ("title",), ("institution",), ("year",)),
    "phdthesis": (("author",), ("title",), ("school",), ("year",)),
    "mastersthesis": (("author",), ("title",), ("school",), ("year",)),
    "unpublished": (("author",), ("title",), ("note",)),
    "proceedings": (("title",), ("year",)),
    "manual": (("title",),),
    "booklet": (("title",),),
    "misc": (),
}


class CiteKeyError(ValueError):
    """A cite key or key pattern that cannot be used."""


def _url(value: object) -> str:
    """A URL safe inside braces: whitespace, braces, backslashes percent-encoded."""
    text = clean_text(str(value))
    return re.sub(r"[\s{}\\\"]", lambda m: f"%{ord(m.group()):02X}", text)


# -- keys -------------------------------------------------------------------------------

def _ascii_word(text: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", fold(text)))


def _title_words(title: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold(title))
    return [w for w in words if w not in KEY_STOP_WORDS] or words or ["paper"]


def base_key(title: str) -> str:
    """A readable key from the first significant title words: ``reasoning_language_models``."""
    key = "_".join(_title_words(title)[:KEY_WORDS])[:KEY_MAX].strip("_")
    return key if key[0].isalpha() else "p" + key


def paper_year(paper: Paper) -> int | None:
    """The paper's year, or None when unknown or not a number."""
    try:
        return paper.year
    except (TypeError, ValueError):
        return None


def key_tokens(paper: Paper) -> dict[str, str]:
    """The values a pattern may use for ``paper``; unknown ones are left out."""
    words = _title_words(paper.title)
    tokens = {
        "title_word": words[0][:KEY_MAX],
        "title_words": "_".join(words[:KEY_WORDS])[:KEY_MAX].strip("_"),
        "id": paper.id,
    }
    if paper.authors:
        family = _ascii_word(split_name(paper.authors[0])[0])
        if family:
            tokens["first_author"] = family[:KEY_MAX]
    year = paper_year(paper)
    if year and 1000 <= year <= 9999:
        tokens["year"] = str(year)
    arxiv = str(paper.extra.get("arxiv_id") or "")
    if arxiv and _ARXIV_ID.fullmatch(arxiv):
        tokens["arxiv_id"] = re.sub(r"[./]", "_", arxiv)
    return tokens


def check_pattern(pattern: str) -> str:
    """The pattern, stripped, or :class:`CiteKeyError` saying what is wrong with it."""
    pattern = pattern.strip()
    if not pattern:
        raise CiteKeyError("the key pattern is empty")
    for alternative in pattern.split("|"):
        names = _TOKEN.findall(alternative)
        unknown = [n for n in names if n not in PATTERN_TOKENS]
        if unknown:
            raise CiteKeyError(f"unknown key pattern token {{{unknown[0]}}}; known: "
                               + ", ".join("{" + t + "}" for t in PATTERN_TOKENS))
        literal = _TOKEN.sub("x", alternative)
        if not names or not _VALID_KEY.fullmatch(literal):
            raise CiteKeyError(f"key pattern {alternative!r} must use a token and may add "
                               "only letters, digits and _ : . + / -")
    return pattern


def key_from_pattern(paper: Paper, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``pattern`` gives ``paper`` (before making it unique)."""
    tokens = key_tokens(paper)
    alternatives = check_pattern(pattern).split("|")
    for alternative in alternatives:
        if all(name in tokens for name in _TOKEN.findall(alternative)):
            key = _TOKEN.sub(lambda m: tokens[m.group(1)], alternative)
            break
    else:
        key = tokens["title_words"]
    key = key[:KEY_MAX * 2]
    return key if key[0].isalpha() else "p" + key


def is_valid_key(key: str) -> bool:
    """True for a key every tool takes as is: an ASCII letter or digit, then letters,
    digits and ``_ : . + / -`` (at most 100 characters)."""
    return bool(_VALID_KEY.fullmatch(key))


def key_pattern(store: Store) -> str:
    """The library's key pattern (``paperterm key --pattern``), else the default."""
    pattern = get_setting(store, PATTERN_SETTING) or DEFAULT_PATTERN
    try:
        return check_pattern(pattern)
    except CiteKeyError:  # written by hand or by a newer paperterm
        return DEFAULT_PATTERN


def set_key_pattern(store: Store, pattern: str) -> str:
    """Store a new key pattern for keys assigned from now on; existing keys never change."""
    pattern = check_pattern(pattern)
    set_setting(store, PATTERN_SETTING, pattern)
    return pattern


def key_owner(store: Store, key: str) -> str | None:
    """The paper holding ``key``, compared without case (BibTeX treats case-variants as one)."""
    rows = store.query("SELECT paper_id FROM citekeys WHERE key = ? COLLATE NOCASE", (key,))
    return rows[0][0] if rows else None


def _unique(store: Store, base: str, taken: Container[str] = ()) -> str:
    key, n = base, 1
    while key in taken or key_owner(store, key) is not None:
        n += 1
        key = f"{base}_{n}"
    return key


def assign_keys(store: Store, papers: Sequence[Paper]) -> dict[str, str]:
    """Cite keys for ``papers``: stored ones are reused, new ones made unique and stored.

    A paper from the user's own ``.bib`` keeps that entry's key when it is free. A
    read-only library makes the same keys without storing them.
    """
    keys = store.citekeys([p.id for p in papers])
    missing = [p for p in papers if p.id not in keys]
    if not missing:
        return keys
    if store.read_only:
        _new_keys(store, missing, keys)
        return keys
    with store.transaction():
        for pid, key in _new_keys(store, missing, keys).items():
            store.set_citekey(pid, key)
    return keys


def _new_keys(store: Store, missing: Sequence[Paper], keys: dict[str, str]) -> dict[str, str]:
    """Unique keys for papers that have none, added to ``keys``; returns the new ones."""
    pattern = key_pattern(store)
    new: dict[str, str] = {}
    for paper in missing:
        if paper.id in keys:
            continue
        taken = set(new.values())
        own = str(paper.extra.get("bibkey") or "")
        if own and is_valid_key(own) and own not in taken and key_owner(store, own) is None:
            key = own
        else:
            key = _unique(store, key_from_pattern(paper, pattern), taken)
        new[paper.id] = keys[paper.id] = key
    return new


def set_key(store: Store, pid: str, key: str) -> str | None:
    """Give a paper a new key; returns the old one. Refuses invalid or taken keys."""
    key = key.strip()
    if not is_valid_key(key):
        raise CiteKeyError(f"invalid cite key {key!r}: start with a letter or digit and "
                           "use only ASCII letters, digits and _ : . + / -")
    owner = key_owner(store, key)
    if owner is not None and owner != pid:
        raise CiteKeyError(f"cite key {key!r} is already used by paper {owner}")
    with store.transaction():
        old = store.citekeys([pid]).get(pid)
        store.execute("DELETE FROM citekeys WHERE paper_id=?", (pid,))
        store.set_citekey(pid, key)
    return old


# -- entries ----------------------------------------------------------------------------

def listing_note(paper: Paper) -> str:
    """Where the paper was listed: ``Hugging Face Daily Papers, Mar 11 (page.txt:41)``."""
    places = []
    for source in paper.sources:
        where = f"{os.path.basename(source.file)}:{source.line}"
        places.append(f"{source.date} ({where})" if source.date else where)
    if not places:
        return f"Listed in {LISTING_NAME}"
    return f"Listed in {LISTING_NAME}, " + "; ".join(places)


def paper_url(paper: Paper) -> str | None:
    """The paper's URL: given, else its arXiv page, else its DOI link."""
    extra = paper.extra
    if extra.get("url"):
        return clean_text(str(extra["url"])) or None
    if extra.get("arxiv_id"):
        return f"https://arxiv.org/abs/{clean_text(str(extra['arxiv_id']))}"
    if extra.get("doi"):
        return f"https://doi.org/{clean_text(str(extra['doi']))}"
    return None


def primary_class(paper: Paper) -> str | None:
    """The primary arXiv category, else the first category listed."""
    categories = paper.extra.get("categories") or ()
    if isinstance(categories, str):
        categories = categories.replace(",", " ").split()
    value = paper.extra.get("primary_class") or next(iter(categories), None)
    return (clean_text(str(value)) or None) if value else None


def _title_field(paper: Paper) -> str:
    latex = paper.extra.get("title_latex")
    if latex and balanced(clean_text(str(latex))):
        return raw_field(latex)
    return bibtex_title(paper.title)


def _own_fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields of a paper that came from the user's ``.bib``."""
    fields: list[tuple[str, str]] = []
    raw = paper.extra.get("bibfields")
    if isinstance(raw, Mapping):
        for name, value in raw.items():
            name = str(name).lower()
            if _FIELD_NAME.fullmatch(name) and name not in ("id", "entrytype", "title"):
                fields.append((name, _url(value) if name == "url" else raw_field(value)))
    fields.insert(0, ("title", _title_field(paper)))
    # Metadata the parsers found elsewhere fills what the user's entry lacks.
    have = {n for n, _ in fields}
    fields += [(n, v) for n, v in _generated_fields(paper)
               if n in ("author", "year", "doi", "url", "eprint", "archiveprefix",
                        "primaryclass") and n not in have]
    bibtype = str(paper.extra.get("bibtype") or "misc").lower()
    present = {n for n, v in fields if v}
    if bibtype not in REQUIRED or not all(present & set(group)
                                          for group in REQUIRED[bibtype]):
        bibtype = "misc"
    return bibtype, fields


def _generated_fields(paper: Paper) -> list[tuple[str, str]]:
    extra = paper.extra
    fields: list[tuple[str, str]] = [("title", _title_field(paper))]
    authors = bibtex_authors(paper.authors)
    if authors:
        fields.append(("author", authors))
    if paper_year(paper):
        fields.append(("year", str(paper_year(paper))))
    arxiv = clean_text(str(extra.get("arxiv_id") or ""))
    if arxiv and _ARXIV_ID.fullmatch(arxiv):
        fields += [("eprint", arxiv), ("archiveprefix", "arXiv")]
        if primary_class(paper):
            fields.append(("primaryclass", escape_latex(primary_class(paper) or "")))
        fields.append(("howpublished", escape_latex(f"arXiv preprint arXiv:{arxiv}")))
    else:
        fields.append(("howpublished", LISTING_NAME))
    if extra.get("doi"):
        fields.append(("doi", _url(extra["doi"])))
    url = paper_url(paper)
    if url:
        fields.append(("url", _url(url)))
    if not (arxiv or extra.get("doi")):
        fields.append(("note", escape_latex(listing_note(paper))))
    return fields


_FIELD_CASE = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


def entry(paper: Paper, key: str, abstract: bool = True) -> str:
    """One entry: the user's own type and fields, else ``@misc`` with what is known."""
    if paper.extra.get("bibtype") or paper.extra.get("bibfields"):
        bibtype, fields = _own_fields(paper)
    else:
        bibtype, fields = "misc", _generated_fields(paper)
    names = {n for n, _ in fields}
    fields = [(n, v) for n, v in fields if n != "abstract" or abstract]
    if abstract and "abstract" not in names and paper.abstract:
        fields.append(("abstract", escape_latex(paper.abstract)))
    if "author" not in names and "key" not in names and "editor" not in names:
        # `key` lets styles sort and label an entry that has no author.
        fields.append(("key", escape_latex(key)))
    seen: set[str] = set()
    lines = []
    for name, value in fields:
        if name in seen:
            continue
        seen.add(name)
        lines.append(f"  {_FIELD_CASE.get(name, name)} = {{{value}}}")
    body = ",\n".join(lines)
    return f"@{bibtype}{{{key},\n{body}\n}}\n"


def bibliography(papers: Iterable[Paper], keys: Mapping[str, str],
                 abstract: bool = True) -> str:
    """A whole ``.bib`` text, entries separated by blank lines."""
    return "\n".join(entry(p, keys[p.id], abstract) for p in papers)


def export_bibtex(store: Store, papers: Sequence[Paper], abstract: bool = True) -> str:
    """Assign (or reuse) keys and render ``papers`` as BibTeX."""
    return bibliography(papers, assign_keys(store, papers), abstract)
