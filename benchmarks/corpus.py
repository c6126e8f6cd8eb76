"""A deterministic synthetic corpus: Daily Papers page dumps plus the same papers as JSON lines.

Nothing here comes from real listings. Words are made up from syllables and drawn from a
Zipf distribution; a few dozen English function words take the top ranks so that stop
words and stemming see realistic traffic. Titles have 8-15 words, abstracts 150-300;
abstracts share multi-word phrases (with acronyms), and some papers are listed again on
a later page (sometimes with a re-cased title) so that ingest has duplicates to merge.

``python -m benchmarks.corpus --size 10000`` writes ``benchmarks/data/corpus-10000/``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
from bisect import bisect
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 20260311
#: Bump when the generator's output changes, so cached corpora are regenerated.
VERSION = 1


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FUNCTION_WORDS = _words(
    "the of and to in a is for we that with on by as are this from our which an be can "
    "it these while than both into its such also not at their over more using has or "
    "between how each when across without through most"
)
ONSETS = _words("b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr sh ch th sk qu")
VOWELS = _words("a e i o u a e i o ai ea io ou")
CODAS = ["", "", "", "n", "r", "s", "l", "x", "m", "nd", "rt", "st", "ck"]
SUFFIXES = ["tion", "ive", "ing", "al", "ity", "ed", "er", "ic", "ous", "ment", "s"]
HEADER = ["new", "Subscribe", "Daily Papers"]
MONTHS = _words("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

VOCABULARY_SIZE = 60_000
PHRASE_COUNT = 3_000
ZIPF_EXPONENT = 1.0
TITLE_WORDS = (8, 15)
ABSTRACT_WORDS = (150, 300)
SENTENCE_WORDS = (10, 28)
PAPERS_PER_PAGE = (40, 110)
DUPLICATE_RATE = 0.06


@dataclass(frozen=True)
class Vocabulary:
    """Ranked words (function words first) and shared phrases, both Zipf-weighted."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    phrases: tuple[tuple[str, ...], ...]
    phrase_cum_weights: tuple[float, ...]

    @property
    def content(self) -> tuple[str, ...]:
        """Content words by rank: the query mix picks from these."""
        return self.words[len(FUNCTION_WORDS):]


def _zipf_cum_weights(n: int, exponent: float) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


def _made_up_word(rng: random.Random) -> str:
    syllables = rng.choices((1, 2, 3, 4), weights=(2, 5, 4, 1))[0]
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(syllables))
    if rng.random() < 0.3:
        word += rng.choice(SUFFIXES)
    return word


@cache
def vocabulary(seed: int = DEFAULT_SEED) -> Vocabulary:
    """The same vocabulary for every corpus size with this seed."""
    rng = random.Random(f"vocabulary-{seed}")
    reserved = set(FUNCTION_WORDS)
    made: dict[str, None] = {}
    while len(made) < VOCABULARY_SIZE:
        word = _made_up_word(rng)
        if len(word) > 2 and word not in reserved:
            made[word] = None
    # Shorter words are more common in real text: sort by a noisy length.
    content = sorted(made, key=lambda w: len(w) + rng.random() * 6)
    words = FUNCTION_WORDS + tuple(content)
    phrases: dict[tuple[str, ...], None] = {}
    while len(phrases) < PHRASE_COUNT:
        size = rng.choice((2, 2, 3, 3, 4))
        # Phrase words come from the common-but-not-top ranks (about 20 to 3,000).
        picked = tuple(content[int(20 + 10 ** rng.uniform(0, 3.5))] for _ in range(size))
        if len(set(picked)) == size:
            phrases[picked] = None
    return Vocabulary(words, _zipf_cum_weights(len(words), ZIPF_EXPONENT),
                      tuple(phrases), _zipf_cum_weights(PHRASE_COUNT, 1.1))


class _Writer:
    """Draws titles and abstracts from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"corpus-{seed}")
        self.vocab = vocabulary(seed)
        self._total = self.vocab.cum_weights[-1]
        self._phrase_total = self.vocab.phrase_cum_weights[-1]

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab.words, cum_weights=self.vocab.cum_weights, k=k)

    def phrase(self) -> tuple[str, ...]:
        weights = self.vocab.phrase_cum_weights
        return self.vocab.phrases[bisect(weights, self.rng.random() * self._phrase_total)]

    def title(self) -> str:
        rng = self.rng
        size = rng.randint(*TITLE_WORDS)
        tokens: list[str] = []
        if rng.random() < 0.35:
            tokens.append(_made_up_word(rng).capitalize() + ":")
        if rng.random() < 0.5:
            tokens += self.phrase()
        tokens += self.words(size - len(tokens))
        tokens = tokens[:size]
        return " ".join(t if t in FUNCTION_WORDS and i else t[:1].upper() + t[1:]
                        for i, t in enumerate(tokens))

    def abstract(self) -> str:
        rng = self.rng
        size = rng.randint(*ABSTRACT_WORDS)
        tokens: list[str] = []
        while len(tokens) < size:
            roll = rng.random()
            if roll < 0.06:
                phrase = self.phrase()
                tokens += phrase
                if rng.random() < 0.2:
                    tokens.append("(" + "".join(w[0] for w in phrase).upper() + ")")
            elif roll < 0.07:
                tokens.append(f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
            else:
                tokens += self.words(rng.randint(3, 9))
        tokens = tokens[:size]
        out: list[str] = []
        left = 0
        for i, token in enumerate(tokens):
            if left == 0:
                token = token[:1].upper() + token[1:]
                left = rng.randint(*SENTENCE_WORDS)
            left -= 1
            if left == 0 or i == len(tokens) - 1:
                token += "."
            elif rng.random() < 0.04:
                token += ","
            out.append(token)
        return " ".join(out)


def _date(day: int) -> str:
    day %= 365
    for month, length in zip(MONTHS, DAYS_IN_MONTH, strict=True):
        if day < length:
            return f"{month} {day + 1}"
        day -= length
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Corpus:
    """Where a generated corpus lives and what it holds."""

    root: Path
    papers: int
    records: int
    pages: int
    seed: int

    @property
    def pages_dir(self) -> Path:
        return self.root / "pages"

    @property
    def jsonl(self) -> Path:
        return self.root / "papers.jsonl"

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.pages_dir.glob("*.txt"))


def generate(root: Path, papers: int, seed: int = DEFAULT_SEED) -> Corpus:
    """Write ``papers`` distinct papers (plus re-listings) as pages and as JSON lines."""
    if root.exists():
        shutil.rmtree(root)
    (root / "pages").mkdir(parents=True)
    writer = _Writer(seed)
    rng = writer.rng
    recent: deque[tuple[str, str]] = deque(maxlen=5000)
    seen_titles: set[str] = set()
    distinct = records = page_no = 0
    with (root / "papers.jsonl").open("w", encoding="utf-8") as jsonl:
        while distinct < papers:
            page_no += 1
            name = f"page_{page_no:05d}.txt"
            date = _date(page_no)
            lines = [*HEADER, date]
            for _ in range(rng.randint(*PAPERS_PER_PAGE)):
                if distinct >= papers:
                    break
                if recent and rng.random() < DUPLICATE_RATE:
                    title, abstract = rng.choice(recent)
                    if rng.random() < 0.25:
                        title = title.lower()
                else:
                    title = writer.title()
                    key = title.casefold().replace(":", "")
                    if key in seen_titles:
                        continue
                    seen_titles.add(key)
                    abstract = writer.abstract()
                    recent.append((title, abstract))
                    distinct += 1
                    line = 2 * len(lines) + 1  # blank line after every line
                    jsonl.write(json.dumps({"title": title, "abstract": abstract,
                                            "date": date, "file": name, "line": line}) + "\n")
                lines += [title, abstract]
                records += 1
            (root / "pages" / name).write_text("".join(f"{line}\n\n" for line in lines),
                                               encoding="utf-8")
    corpus = Corpus(root, papers, records, page_no, seed)
    meta = {"version": VERSION, "seed": seed, "papers": papers, "records": records,
            "pages": page_no}
    (root / "corpus.json").write_text(json.dumps(meta, indent=2) + "\n")
    return corpus


def ensure_corpus(papers: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA_DIR) -> Corpus:
    """The corpus under ``data_dir``, generated only when missing or stale."""
    root = data_dir / f"corpus-{papers}-{seed}"
    try:
        meta = json.loads((root / "corpus.json").read_text())
    except (OSError, ValueError):
        meta = {}
    if meta.get("version") == VERSION and meta.get("papers") == papers:
        return Corpus(root, papers, meta["records"], meta["pages"], seed)
    return generate(root, papers, seed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("--size", type=int, action="append", required=True,
                        help="papers to generate (repeatable)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="output directory")
    args = parser.parse_args(argv)
    for size in args.size:
        corpus = ensure_corpus(size, args.seed, args.data)
        print(f"{corpus.root}: {corpus.papers} papers, {corpus.records} records, "
              f"{corpus.pages} pages, {corpus.bytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
