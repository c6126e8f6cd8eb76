"""Key phrases mined from titles and abstracts: candidates, statistics and readable labels.

Pure functions over plain text; no index, no model. A phrase is a run of one to four
content words that never crosses punctuation or a stop word, so a label is always a
whole phrase as written ("process reward model"), never a stem or a fragment.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..models import fold

MAX_WORDS = 4
#: A longer token (a formula, a hash, a run of junk) is no word of a topic's name.
MAX_WORD = 40
#: A phrase whose occurrences mostly sit inside a longer phrase is that phrase's fragment.
FRAGMENT_SHARE = 0.7
#: A single word must head at least this share of its papers' titles to name a topic.
TITLE_SHARE = 0.15
_NOT_NOUN = ("ed", "ly", "ive", "ous", "ful", "able", "ible")

#: Words (letters, digits, inner hyphens and apostrophes) and single punctuation marks.
_TOKEN = re.compile(r"[^\W_][\w'\-]*|[^\w\s]")
#: "(RM)" after "reward model": an acronym in parentheses. Only the acronym is matched
#: by the regex; the words before it are read by splitting a bounded window, because a
#: pattern that also matched them backtracked quadratically over a long word.
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z]{0,14}[A-Z]s?)\s*[);,]")
_WORD = re.compile(r"[^\W_][\w'\-]*")
#: How far before the parenthesis the defining words are looked for.
_DEFINED_WINDOW = 200
#: Documents sampled to find candidate phrases in a large library.
SAMPLE = 6000
#: Distinct spellings of a phrase tallied to pick how its label is written.
FORM_SAMPLES = 20


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _word_set("""
a about above across after again against all almost along also although always am among an
and another any are around as at be because been before being below between both but by can
cannot could did do does doing done down during each either else enough etc even ever every
few for from further had has have having he her here hers him his how however i if in into
is it its itself just least less many may me might more most much must my neither no nor not
now of off often on once one only onto or other others otherwise our ours out over own per
perhaps quite rather same shall she should since so some such than that the their theirs them
then there therefore these they this those though through thus to too toward towards under
until up upon us very via was we well were what whatever when where whereas whether which
while who whom whose why will with within without would yet you your yours
""")

#: Words that carry no topic: the boilerplate of abstracts. They end a phrase like stop words.
BOILERPLATE = _word_set("""
able achieve achieved achieves achieving across additionally address addresses addressing
advance advanced advances allow allows analyze approach approaches available based benchmark
benchmarks better challenge challenges challenging code commonly compared comparable
comprehensive consistently crucial current currently demonstrate demonstrated demonstrates
design designed despite develop developed different directly e.g effective effectively
efficient efficiently empirical empirically enable enables enhance enhanced enhances
especially evaluate evaluated evaluation existing experiment experimental experiments
explore extensive extensively finally find findings first focus furthermore github given
i.e improve improved improvement improvements improves improving include including
increasingly introduce introduces introducing key leading leverage leverages leveraging
like lead leads main make makes making method methods moreover named new notably novel
numerous obtain obtains offer offers outperform outperforming outperforms overall paper
particular particularly performance potential present presents previous prior promising
propose proposed proposes providing provide provides publicly recent recently reduce
reduces related released remain remains require requires result results reveal reveals
second several show showing shown shows significant significantly simple specifically
state-of-the-art still strong study studies https http www arxiv org com
trained learned learn learns need needs identify identifies become becomes perform performs
resulting mitigate mitigates help helps capture captures enabling typically fail fails
thereby wide widely aligning exploring discovering exploiting capturing rethinking
revisiting unlocking towards beyond robust implicit fine-tune substantial substantially
success successful mitigating boosting project website homepage
successfully superior surpasses task tasks third toward use used uses using various
well-known whilst work works yield yields
""")

#: Single words too general to name a topic on their own (fine inside a longer phrase).
GENERIC = _word_set("""
ability accuracy action actions agent algorithm algorithms analysis answer answers
application applications art aspect aspects baseline baselines behavior behaviors capability
capabilities case cases component components concept context cost costs dataset datasets data
domain domains effect effects example examples fact feature features field form framework
frameworks function functions gap goal goals human humans idea impact information input
inputs insight insights issue issues knowledge large level levels limitation limitations
lm lms manner mechanism model models modeling modelling number objective objectives order
output outputs part practice problem problems procedure process properties property quality
range rate research response responses role scale scenarios set setting settings size small
solution solutions step steps strategy strategies structure system systems technique
techniques term terms test text time tool tools training type types understanding value
values version way ways world additional alternative average benefits best choice complex
complexity critical deep development diverse effectiveness efficiency future general generate
generated high high-quality important large-scale limited multiple natural need optimal
optimize optimizing pairs paradigm perspective question real-world sample signal single
specific standard state space target theoretical three train two four five free
class
""")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A mined phrase: its normalized key, its readable label and the documents holding it."""

    key: str
    label: str
    docs: frozenset[int]
    title_docs: int = 0

    @property
    def words(self) -> int:
        return self.key.count(" ") + 1


def normalize(word: str) -> str:
    """A word's key: folded, hyphens and possessives dropped, plural made singular."""
    if word.endswith("'s"):
        word = word[:-2]
    w = fold(word).replace("-", "").replace("'", "")
    if word[-1:] == "s" and sum(c.isupper() for c in word) >= 2:
        return w[:-1]  # LLMs, PRMs
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("sses"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "as")):
        return w[:-1]
    return w


def surface(word: str) -> str:
    """How a word reads in a label: lowercase unless it is an acronym or a mixed-case name."""
    if word.endswith("'s"):
        word = word[:-2]
    return "-".join(part if _keeps_case(part) else part.lower() for part in word.split("-"))


def _keeps_case(part: str) -> bool:
    upper = any(c.isupper() for c in part)
    return any(c.isupper() for c in part[1:]) or (upper and any(c.isdigit() for c in part))


Word = tuple[str, str, bool]  # key, label form, may stand alone as a topic


class _Words:
    """Splits text into runs of content words, looking each distinct word up once."""

    def __init__(self, acronyms: dict[str, tuple[str, ...]] | None = None) -> None:
        self._seen: dict[str, Word | None] = {}
        self._alone: dict[str, bool] = {}
        # An acronym the library defines reads as its expansion: "offline RL" is
        # "offline reinforcement learning", so both spellings make one phrase.
        self._expand: dict[str, list[Word]] = {}
        for key, words in (acronyms or {}).items():
            expansion = [_word(w) for w in words]
            if all(expansion):
                # Only the first word shows (as the acronym itself); the rest read as "".
                self._expand[key] = [(w[0], "", w[2]) for w in expansion]  # type: ignore[index]

    def alone(self, key: str) -> bool:
        """Whether a word with this key may stand alone as a topic (any form may)."""
        return self._alone.get(key, False)

    def runs(self, text: str) -> list[list[Word]]:
        out: list[list[Word]] = []
        run: list[Word] = []
        seen = self._seen
        for token in _TOKEN.findall(text):
            info = seen.get(token)
            if info is None and token not in seen:
                info = seen[token] = _word(token)
                if info is not None and info[2]:
                    self._alone[info[0]] = True
            if info is None:
                if run:
                    out.append(run)
                    run = []
            elif info[0] in self._expand and not info[1].islower():  # DPO, not "dpo"
                first, *rest = self._expand[info[0]]
                run.append((first[0], info[1], first[2]))
                run += rest
            else:
                run.append(info)
        if run:
            out.append(run)
        return out


def _word(token: str) -> Word | None:
    word = token.strip("-'")
    lower = word.lower()
    if (len(word) < 2 or len(word) > MAX_WORD or lower in STOP_WORDS or lower in BOILERPLATE
            or not any(c.isalpha() for c in word) or not word[0].isalnum()):
        return None
    key = normalize(word)
    acronym = sum(c.isupper() for c in word) >= 2
    alone = acronym or (len(key) >= 4 and key not in GENERIC and lower not in GENERIC)
    return key, surface(word), alone


def find_acronyms(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Acronyms the texts define, ``reward model (RM)``, as key -> expansion words.

    The expansion is the run of content words before the parenthesis whose initials
    spell the acronym; an acronym defined several ways takes its most common expansion.
    """
    seen: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for text in texts:
        for match in _DEFINED.finditer(text):
            acronym = match.group(1)
            letters = (acronym[:-1] if acronym.endswith("s") else acronym).lower()
            words = _words_before(text, match.start())
            for k in range(1, min(len(words), len(letters)) + 1):
                tail = words[-k:]
                initials = "".join(part[0] for w in tail for part in w.split("-") if part)
                if initials.lower() == letters:
                    if all(_word(w) for w in tail):
                        seen[(normalize(acronym), tuple(surface(w) for w in tail))] += 1
                    break
    best: dict[str, tuple[int, tuple[str, ...]]] = {}
    for (key, words), n in sorted(seen.items()):
        if key not in best or n > best[key][0]:
            best[key] = (n, words)
    return {key: words for key, (_, words) in best.items()}


def _words_before(text: str, end: int) -> list[str]:
    """Up to six whole words right before ``end``, separated by whitespace only."""
    start = max(0, end - _DEFINED_WINDOW)
    window = text[start:end]
    if not window[-1:].isspace():
        return []
    tokens = window.split()
    if start > 0 and not text[start - 1].isspace() and tokens and not window[0].isspace():
        tokens = tokens[1:]  # cut by the window: not a whole word
    words: list[str] = []
    for token in reversed(tokens[-6:]):
        if not _WORD.fullmatch(token):
            break
        words.append(token)
    return words[::-1]


def chunks(text: str) -> Iterator[list[tuple[str, str]]]:
    """Runs of content words as (key, surface) pairs, split at punctuation and stop words."""
    for run in _Words().runs(text):
        yield [(key, form) for key, form, _ in run]


def _grams(run: Sequence[Word], prefixes: set[tuple[str, ...]] | None = None
           ) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """(key words, start, end) of each phrase in a run; only extends known ``prefixes``."""
    n = len(run)
    for start in range(n):
        if not run[start][1]:
            continue  # inside an acronym's expansion
        key: tuple[str, ...] = ()
        for end in range(start, min(n, start + MAX_WORDS)):
            key = (*key, run[end][0])
            if prefixes is not None and key not in prefixes:
                break
            if end + 1 == n or run[end + 1][1]:
                yield key, start, end + 1


def _scan(runs: list[list[Word]], starts: set[str], prefixes: set[tuple[str, ...]],
          candidates: set[tuple[str, ...]], forms: dict[tuple[str, ...], Counter[str]]
          ) -> set[tuple[str, ...]]:
    """The candidate phrases in these runs; tallies how each one was first written."""
    found: set[tuple[str, ...]] = set()
    for run in runs:
        n = len(run)
        for a in range(n):
            if run[a][0] not in starts or not run[a][1]:
                continue
            key: tuple[str, ...] = ()
            for b in range(a, min(n, a + MAX_WORDS)):
                key = (*key, run[b][0])
                if key not in prefixes:
                    break
                if key in candidates and key not in found and (b + 1 == n or run[b + 1][1]):
                    found.add(key)
                    tally = forms.get(key)
                    if tally is None:
                        tally = forms[key] = Counter()
                    if len(tally) < FORM_SAMPLES:  # enough to know the usual spelling
                        tally[" ".join(w[1] for w in run[a:b + 1] if w[1])] += 1
    return found


def mine_phrases(docs: Sequence[tuple[str, str]], min_df: int = 2,
                 max_share: float = 0.5) -> list[Phrase]:
    """Phrases found in at least ``min_df`` documents and at most ``max_share`` of them.

    ``docs`` are (title, abstract) pairs; a phrase's ``docs`` are indexes into them.
    Fragments (``monte carlo tree`` inside ``monte carlo tree search``) are left out.
    Candidates come from an even sample of at most :data:`SAMPLE` documents; their exact
    counts from a second pass over all of them.
    """
    step = max(1, math.ceil(len(docs) / SAMPLE))
    sample = docs[::step]
    words = _Words(find_acronyms(a for _, a in sample))
    floor = max(2, int(min_df * len(sample) / max(1, len(docs)) * 0.5))
    df: Counter[tuple[str, ...]] = Counter()
    for title, abstract in sample:
        df.update({key for text in (title, abstract) for run in words.runs(text)
                   for key, _, _ in _grams(run)})
    candidates = {k for k, n in df.items() if n >= floor}
    prefixes = {k[:n] for k in candidates for n in range(1, len(k) + 1)}
    starts = {k[0] for k in prefixes}
    del df

    postings: dict[tuple[str, ...], list[int]] = {}
    title_df: Counter[tuple[str, ...]] = Counter()
    forms: dict[tuple[str, ...], Counter[str]] = {}
    for i, (title, abstract) in enumerate(docs):
        in_title = _scan(words.runs(title), starts, prefixes, candidates, forms)
        title_df.update(in_title)
        for key in in_title | _scan(words.runs(abstract), starts, prefixes, candidates, forms):
            postings.setdefault(key, []).append(i)
    alone = {key: words.alone(key[0]) for key in postings if len(key) == 1}
    max_df = max(min_df, int(max_share * len(docs)))
    counts = {" ".join(k): len(v) for k, v in postings.items()}
    kept = {k for k, n in counts.items() if min_df <= n <= max_df}
    kept -= _fragments(kept, counts)
    phrases = [Phrase(k, _best_form(forms[t]), frozenset(postings[t]), title_df[t])
               for t in sorted(postings) if (k := " ".join(t)) in kept
               and (alone.get(t, False) if len(t) == 1 else not all(w in GENERIC for w in t))]
    return [p for p in phrases if p.words > 1 or _names_a_topic(p)]


def _names_a_topic(phrase: Phrase) -> bool:
    """A single word is a topic when it is an acronym or a noun that titles use."""
    if sum(c.isupper() for c in phrase.label) >= 2:
        return True
    if phrase.label.endswith(_NOT_NOUN):
        return False
    return phrase.title_docs >= max(2, TITLE_SHARE * len(phrase.docs))


def _best_form(forms: Counter[str]) -> str:
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def _fragments(keys: set[str], df: dict[str, int]) -> set[str]:
    """Keys that mostly occur inside one longer kept key."""
    out: set[str] = set()
    for key in keys:
        words = key.split(" ")
        if len(words) < 2:
            continue
        for sub in (" ".join(words[:-1]), " ".join(words[1:])):
            share = FRAGMENT_SHARE if " " in sub else FRAGMENT_SHARE - 0.2
            if sub in df and df[key] >= share * df[sub]:
                out.add(sub)
    return out


def quality(phrase: Phrase, total: int) -> float:
    """How well a phrase names a topic: specific, multi-word, seen in titles."""
    idf = math.log((total + 1) / len(phrase.docs))
    length = (0.8 if phrase.words == 1 else 1.0) + 0.4 * min(phrase.words - 1, 2)
    title = 1.0 + phrase.title_docs / len(phrase.docs)
    return idf * length * title


def doc_phrases(phrases: Iterable[Phrase]) -> dict[int, list[int]]:
    """For each document, the positions (in ``phrases``) of the phrases it holds."""
    out: dict[int, list[int]] = {}
    for n, phrase in enumerate(phrases):
        for d in phrase.docs:
            out.setdefault(d, []).append(n)
    return out
