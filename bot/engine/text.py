"""Text processing for matching questions: normalize, tokenize, stem, synonyms.

Pure functions, no Flask. NLTK's Snowball stemmer is loaded on its own, without
the rest of NLTK (see `_snowball_english`); edit distances come from rapidfuzz.
"""

from __future__ import annotations

import gzip
import importlib
import importlib.util
import re
import sys
import types
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz.distance import DamerauLevenshtein

# Function words that carry no topic. Kept short on purpose: negations and
# words such as "side", "cause" or "long" matter in medical questions.
STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been
    before being both but by can could did do does doing done during each else
    for from further get gets getting got had has have having he her here hers
    herself him himself his how i if in into is it its itself just let lets me
    might my myself of off on once only or our ours ourselves out own
    please really same shall she should so some such than that the their
    theirs them themselves then there these they this those through to too
    under until up us very was way we were what when where which while who
    whom why will with would you your yours yourself yourselves ok okay
    tell know want wondering wonder question ask asking anyone someone like
    much mean means meaning make makes making made thing things stuff something
    anything really actually even still ever always u ur r y ya wat wut whats pls plz
    kind sort use used using
    hi hello hey thanks thank im ive id
    mom mum dad mother father husband wife son daughter partner friend
    sister brother parent parents grandmother grandfather grandma grandpa
    family loved one
    """.split()
)

# Fillers and degree adverbs ("anyway", "tbh", "exactly"): no topic either, and a word the content
# never uses counts against a match. Left out as words, before stemming: their stems are content
# words' ("exactly" is "exact", "quite" is "quit", "totally" is "total").
FILLER_WORDS = frozenset(
    """
    anyway anyways anyhow btw tbh basically honestly literally seriously totally
    lol lmao haha omg tho though guess maybe perhaps probably definitely kinda sorta
    gonna wanna gotta yeah yep yup um uh hmm idk lowkey highkey ngl fr frfr smh istg deadass bruh bro dude fam tf wtf
    exactly precisely specifically particularly simply quite pretty fairly rather somewhat truly
    medically clinically
    """.split()
)

_TOKEN_RE = re.compile(r"[a-z0-9]+")

# Text-speak and everyday shortenings read as the words they stand for ("better w ketamine", "burning n
# shooting", "ketamine diff?"), so that they neither count against a match nor go to the speller. Only
# shortenings that are no English word themselves and mean one thing here ("bc" may be breast cancer,
# "rn" a nurse, "prob" a problem: left as they are); digits ("4 real", "stage 4") are left alone.
_WITH_RE = re.compile(r"\bw/(o\b)?")
# Slang phrases that carry no topic ("real talk, what are the odds", "is it legit or nah"): dropped before the words are read.
_SLANG_PHRASES = re.compile(r"\b(real talk|be real( w(ith)? me)?|for real|4 real|no cap|fr fr|or is (that|it) cap)\b")
TEXT_SPEAK = {
    "w": "with", "wif": "with", "n": "and", "b4": "before", "bcuz": "because", "cuz": "because", "coz": "because",
    "abt": "about", "bout": "about", "smth": "something", "sth": "something", "ppl": "people",
    "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow", "diff": "different", "thru": "through", "gud": "good",
    "lemme": "let me", "gimme": "give me", "yrs": "years", "hrs": "hours", "wks": "weeks", "wk": "week", "doc": "doctor", "docs": "doctors",
    "dr": "doctor", "drs": "doctors", "onc": "oncologist", "rx": "prescription", "info": "information", "appt": "appointment", "appts": "appointments",
    "approx": "approximately", "nada": "nothing", "nothin": "nothing", "somethin": "something", "anythin": "anything", "everythin": "everything",
    "ket": "ketamine", "nite": "night", "nites": "nights", "tonite": "tonight", "em": "them", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "rly": "really", "srsly": "seriously", "thx": "thanks", "ty": "thank you",
    # a dropped g: "doin", "workin", "helpin"
    **{f"{verb}in": f"{verb}ing" for verb in "do work help tak feel gett say think ask look try hurt sleep eat mak com talk wonder wait liv pay start us hav be want need".split()},
}
# Negations are kept as one term: "why don't opioids help" is not "do opioids help".
NEGATIONS = frozenset(
    "not no never dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt shouldnt wouldnt havent hasnt hadnt aint nothing".split()
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RE = re.compile(r"\s+")



def _snowball_english():
    """NLTK's English Snowball stemmer, without importing the rest of NLTK.

    `import nltk.stem.snowball` first runs nltk/__init__.py, which imports nearly
    all of NLTK and scipy.stats through it (a second of start-up). The stemmer's
    own module needs three small modules beside it: it is loaded here under
    stand-ins for the `nltk`, `nltk.stem` and `nltk.corpus` packages (stop words,
    the one thing it takes from nltk.corpus, are not used), and every module this
    loaded is taken out of `sys.modules` again, so a later `import nltk` is the
    ordinary one. The same code as `SnowballStemmer("english")`: the same stems.
    """
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    if "nltk" in sys.modules:  # NLTK is loaded already: nothing to save
        return importlib.import_module("nltk.stem.snowball").EnglishStemmer()
    root = Path(next(iter(spec.submodule_search_locations)))
    stand_ins = {"nltk": root, "nltk.stem": root / "stem", "nltk.corpus": None}
    before = set(sys.modules)
    try:
        for name, folder in stand_ins.items():
            package = types.ModuleType(name)
            package.__path__ = [str(folder)] if folder else []
            sys.modules[name] = package
        sys.modules["nltk.corpus"].stopwords = None
        return importlib.import_module("nltk.stem.snowball").EnglishStemmer()
    finally:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]


_stemmer = _snowball_english()


def normalize(text: str) -> str:
    """Lower-case, fold accents and odd characters, collapse whitespace."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _CONTROL_RE.sub(" ", text.translate(_APOSTROPHES)).lower()
    text = text.replace("'", "").replace("%", " percent ")
    return _SPACE_RE.sub(" ", text).strip()


_WILL_RE = re.compile(r"(?<=[a-z])['\u2019]ll\b", re.IGNORECASE)
# "how dose ketamine work" is a typo of "does", not a question about a dose: the one typo the speller
# cannot mend, since "dose" is a word. Read so wherever a question's verb belongs.
_DOSE_TYPO = re.compile(r"(\b(how|why|when|where|so|and|but)|^) ?dose (?=(it|this|that|ketamine|the|a|an|he|she|they|i|you|we|pain|cancer|treatment|therapy|infusion)\b)"
                        r"|\bwhat dose (?=(it|this|that)\b)"
                        # "what dose cancer pain feel like", "what dose glutamate do in the body", "what dose ketamine do to the brain"; but never
                        # a dose asked of a medicine or a person ("what dose ketamine do you give", "what dose of ketamine do patients need")
                        r"|\bwhat dose (?=(cancer pain|nerve pain|chronic pain|the pain|pain|glutamate|the nmda receptors?|nmda( receptors?)?|cancer|the cancer) "
                        r"(feel|feels|mean|means|cause|causes|look|looks|do (in|to|for|at)\b|do$))"
                        r"|\bwhat dose (?=ketamine do (to|in) (the|my|your|a|his|her|our)\b)")


def without_dose_typo(text: str) -> str:
    """Lower-case `text` with "dose" read as "does" where a question's verb belongs ("how dose it work")."""
    return _DOSE_TYPO.sub(lambda m: m.group(0)[:-5] + "does ", text) if "dose " in text else text


def tokenize(text: str) -> list[str]:
    """Split normalized text into word tokens; every negation becomes "not"; "I'll" is "I will", not "ill";
    "how dose it work" is "how does it work"; text-speak is read as its words ("w" is "with")."""
    text = _WILL_RE.sub(" will", text)
    if text.isascii():  # most text: what normalize() does that changes the tokens, and no more
        text = text.lower().replace("'", "").replace("`", "").replace("%", " percent ")
    else:
        text = normalize(text)
    if "real" in text or "cap" in text or "fr fr" in text:
        text = _SLANG_PHRASES.sub(" ", text)
    if "w/" in text:  # "w/" and "w/o"
        text = _WITH_RE.sub(lambda m: " without " if m.group(1) else " with ", text)
    words = _TOKEN_RE.findall(without_dose_typo(text))
    words = spoken(words)
    if "af" in words or "legit" in words:
        words = [t for i, t in enumerate(words) if not intensifier(t, words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "")]
    return ["not" if t in NEGATIONS else t for t in words]


def spoken(words: list[str]) -> list[str]:
    """Words with text-speak read as what it stands for ("w" is "with", "ket" is "ketamine", "doin" is "doing"):
    retrieval and the dose refusal read a message the same way."""
    if not any(t in TEXT_SPEAK for t in words):
        return words
    return [w for t in words for w in TEXT_SPEAK.get(t, t).split()]


# "depressed af", "legit unbearable": intensifiers, no topic; but "I have AF" (atrial fibrillation) and "is it legit" are words.
_AF_AS_A_WORD = frozenset("have has had having with my his her their of for got and or the a an no any its".split())
_LEGIT_AS_A_WORD = frozenset("is it this that its thats be being seems seem sounds sound looks look totally really all".split())


def intensifier(token: str, before: str, after: str) -> bool:
    """Whether "af" or "legit" only strengthens a neighbouring word here ("depressed af", "legit unbearable")."""
    if token == "af":
        return bool(before) and before not in _AF_AS_A_WORD
    if token == "legit":
        return bool(after) and before not in _LEGIT_AS_A_WORD
    return False


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Snowball (Porter 2) stem of one token."""
    return _stemmer.stem(token)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance: insertions, deletions, substitutions and swaps of neighbours
    (what NLTK's `edit_distance(a, b, transpositions=True)` counts)."""
    return DamerauLevenshtein.distance(a, b)


class Synonyms:
    """Synonym groups: every phrase of a group is matched as the group's first term."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self.phrases: dict[tuple[str, ...], str] = {}
        for group in groups:
            terms = [tuple(stem(t) for t in tokenize(p)) for p in group]
            terms = [t for t in terms if t]
            if not terms:
                continue
            canonical = "_".join(terms[0])
            for term in terms:
                self.phrases.setdefault(term, canonical)
        self.sizes: dict[str, list[int]] = {}
        for phrase in self.phrases:
            self.sizes.setdefault(phrase[0], []).append(len(phrase))
        for sizes in self.sizes.values():
            sizes.sort(reverse=True)

    def apply(self, stems: list[str]) -> list[tuple[str, bool]]:
        """Replace synonym phrases in a stem sequence; flag the replaced ones."""
        out, i = [], 0
        while i < len(stems):
            for size in self.sizes.get(stems[i], ()):
                canonical = self.phrases.get(tuple(stems[i : i + size]))
                if canonical is not None:
                    out.append((canonical, True))
                    i += size
                    break
            else:
                out.append((stems[i], False))
                i += 1
        return out


class Analyzer:
    """Turns text into index terms: tokens -> stems -> synonyms -> no stop words."""

    def __init__(self, synonyms: Synonyms | None = None):
        self.synonyms = synonyms or Synonyms()
        self._stop_stems = frozenset(stem(w) for w in STOP_WORDS)
        self.seen_words: set[str] = set()

    def __call__(self, text: str) -> list[str]:
        """Index terms of `text` (the scikit-learn analyzer interface); remembers its words."""
        tokens = tokenize(text)
        self.seen_words.update(tokens)
        return self.terms(tokens)

    def terms(self, tokens: list[str]) -> list[str]:
        """Index terms of already tokenized text."""
        stems = [stem(t) for t in tokens if t not in FILLER_WORDS]
        if self.synonyms.sizes.keys().isdisjoint(stems):  # no synonym phrase starts here: most texts
            return [term for term in stems if term not in self._stop_stems]
        return [
            term
            for term, is_synonym in self.synonyms.apply(stems)
            if is_synonym or term not in self._stop_stems
        ]


# What a question asks for, when its wording says so plainly. "What should I do
# if I am at higher risk?" asks for actions, not for who is at risk, although
# the two share every content word. Checked in order; most questions have none.
QUESTION_TYPES = (
    ("action", re.compile(
        r"\bwhat (should|can|could|must|do|would) (\w+ ){0,3}(do|take)\b|\bwhat to do\b"
        r"|\bwhat (steps|actions|measures|precautions)\b|\bwhat do (i|we) (need|have) to do\b"
        r"|\bhow (should|can|do) (\w+ ){0,2}(act|prepare|protect|behave|deal|cope|handle|avoid|prevent|keep)\b"
    )),
    ("who", re.compile(r"^(who|which (people|person|groups?|population))\b|\bwho (is|are|should|can|might|may)\b")),
    ("duration", re.compile(r"\bhow long\b")),
    ("when", re.compile(r"^when\b")),
    ("where", re.compile(r"^where\b")),
    ("why", re.compile(r"^why\b")),
    ("amount", re.compile(r"\bhow (many|much)\b")),
)


def question_type(text: str) -> str | None:
    """The kind of answer a question asks for ("action", "who", "duration"...), or None."""
    text = normalize(text)
    return next((name for name, pattern in QUESTION_TYPES if pattern.search(text)), None)


# Longer "words" are not corrected: no English word is this long, and the cost of
# looking up a word's deletions grows with the cube of its length.
MAX_CORRECTED_CHARS = 24


def correction_limit(word: str) -> int:
    """How many edits a word of this length may be corrected by."""
    if len(word) < 5 or len(word) > MAX_CORRECTED_CHARS:
        return 0
    return 1 if len(word) < 8 else 2


WORD_LIST = Path(__file__).resolve().parents[1] / "data" / "english-words.txt.gz"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """A list of correctly spelled English words (SCOWL, shipped with the code)."""
    with gzip.open(WORD_LIST, "rt", encoding="ascii") as f:
        return frozenset(f.read().split())


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to `depth` letters of `word` (the SymSpell idea)."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class Speller:
    """Corrects typos towards a vocabulary; real English words are left alone.

    Candidates come from an index of the vocabulary's deletions, so a typo in
    any letter, the first one too, is found without comparing every word.
    """

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        self.english = english_words()
        self._index = deletion_index(self.words)
        self._cache: dict[str, str] = {}

    def with_words(self, words: Iterable[str]) -> "Speller":
        """A copy that also corrects towards `words` (this speller is untouched)."""
        added = frozenset(words) - self.words
        speller = object.__new__(Speller)
        speller.words, speller.english, speller._cache = self.words | added, self.english, {}
        speller._index = dict(self._index)
        for word in added:
            if len(word) >= 4:
                for key in deletes(word, 1 if len(word) < 8 else 2):
                    speller._index[key] = speller._index.get(key, set()) | {word}
        return speller

    def correct(self, word: str) -> str:
        """The closest known word within the edit limit, else `word` unchanged."""
        if word in self.words or word in self.english or word.isdigit():
            return word
        if word not in self._cache:
            if len(self._cache) > 10000:
                self._cache.clear()
            self._cache[word] = self._closest(word)
        return self._cache[word]

    def _closest(self, word: str) -> str:
        limit = correction_limit(word)
        if not limit:  # too short to correct freely: two neighbouring letters swapped ("pian", "wrok"), or a double letter made single ("pils", "slep")
            if len(word) != 4:
                return word
            swapped = next((swapped for swapped in transpositions(word) if swapped in self.words), None)
            if swapped:
                return swapped
            doubled = {w for w in doublings(word) if w in self.words or w in STOP_WORDS}
            return doubled.pop() if len(doubled) == 1 else word  # not "neve" (never? nerve?), "wort" (worth? worst?)
        # A misspelt function word ("realy", "becuase") is that word, not the nearest word of the vocabulary ("rely").
        keys = deletes(word, limit)
        candidates = {c for key in keys for index in (self._index, _STOP_INDEX) for c in index.get(key, ())}
        scored = sorted((edit_distance(word, c), c[0] != word[0], c) for c in candidates if abs(len(c) - len(word)) <= limit)
        return scored[0][2] if scored and scored[0][0] <= limit else word


def doublings(word: str) -> set[str]:
    """The word with one of its letters doubled ("pils" -> "ppils", "piils", "pills", "pilss")."""
    return {word[: i + 1] + word[i] + word[i + 1 :] for i in range(len(word))}


def transpositions(word: str) -> list[str]:
    """The word with each pair of neighbouring letters swapped."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1) if word[i] != word[i + 1]]


def deletion_index(words: Iterable[str], limit: int | None = None) -> dict[str, set[str]]:
    """Each word of four letters or more under each of its deletions: up to `limit` letters, by
    default one for a word under eight letters and two for a longer one."""
    index: dict[str, set[str]] = {}
    for word in words:
        if len(word) >= 4:
            for key in deletes(word, limit or (1 if len(word) < 8 else 2)):
                index.setdefault(key, set()).add(word)
    return index


_STOP_INDEX = deletion_index(STOP_WORDS | FILLER_WORDS | {"without"}, limit=1)


_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """Split text into sentences on end punctuation followed by a capital."""
    return [s.strip() for s in _SENTENCE_RE.split(text.strip()) if s.strip()]


def clip(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters at a sentence or word boundary."""
    text = _SPACE_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in sentences(text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
