"""The crisis classifier: hashed character and word n-grams, logistic regression (no Flask).

Two linear models over the same features, trained with scikit-learn by
`python -m bot.engine.training safety` on the labelled messages in
`tests/data/safety/` and shipped as plain arrays in `bot/data/crisis-model.npz`
(no pickle: the file holds numbers only, and is read with `allow_pickle=False`):

- *crisis*: someone may be in danger now;
- *concern*: the message touches on risk but names no danger now.

Character n-grams survive misspellings and slang ("sucidal", "unaliving").
Word unigrams and bigrams are marked with their scope: a word governed by a
negation ("not suicidal") and a word in a question ("can pain make people
suicidal?") are other features than the same word in a statement ("I am
suicidal"), so a linear model can tell them apart. Hashing needs no
vocabulary, so the file stays small and the features are the same at
training and at run time by construction.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

import mmh3
import numpy as np

from bot.engine import segments
from bot.engine.language import fold

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "crisis-model.npz"
CHAR_FEATURES = 2**19
WORD_FEATURES = 2**18
MAX_CHARS = 2000
_REPEATS = re.compile(r"(.)\1{2,}")
_NON_WORD = re.compile(r"[^\w\s?!.,']+")


def prepare(text: str) -> str:
    """Folded text with letter runs cut to two ("plsss" -> "pls") and odd symbols dropped."""
    text = fold(text[:MAX_CHARS]).replace("\u2019", "'")
    return " ".join(_NON_WORD.sub(" ", _REPEATS.sub(r"\1\1", text)).split())


# Words that open a negation's scope (up to NEGATION_REACH words, or the end of the clause).
NEGATIONS = frozenset("not no never dont doesnt didnt isnt arent wasnt werent wont nor neither nothing nobody ni nunca tampoco nao jamais".split())
NEGATION_REACH = 4
_CLAUSE_END = frozenset(".,;:!?") | {"but", "pero"}
_TOKEN = re.compile(r"[a-z0-9]+|[.,;:!?]")


def scoped_words(text: str) -> str:
    """The words of a message, each marked with its scope: s_ (statement) or q_ (question), n_ when negated."""
    return " ".join(kept_scoped_sentence(s) if len(s) <= MAX_KEPT_SENTENCE else scoped_sentence(s) for s in segments.sentences(text))


# Sentences up to this long have their scoped words kept (the last 4,096: about 3 MB at most).
MAX_KEPT_SENTENCE = 300


@lru_cache(maxsize=4096)
def kept_scoped_sentence(sentence: str) -> str:
    """scoped_sentence, kept: a message's sentences are scored alone too."""
    return scoped_sentence(sentence)


def scoped_sentence(sentence: str) -> str:
    """One sentence's scoped words, then "|"."""
    out = []
    mode = "q_" if segments.is_question(sentence) else "s_"
    reach = 0
    for token in _TOKEN.findall(prepare(sentence).replace("'", "")):
        if token in _CLAUSE_END:
            reach = 0
        elif token in NEGATIONS:
            reach = NEGATION_REACH
            out.append(token)
        else:
            out.append(("n_" if reach else "") + mode + token)
            reach = max(reach - 1, 0)
    out.append("|")
    return " ".join(out)


CHAR_NGRAMS = (3, 5)
WORD_NGRAMS = (1, 2)


def features(texts: Sequence[str]):
    """The hashed features of raw texts, one row each: character n-grams and scoped words (a
    scipy.sparse matrix, through scikit-learn; training and batch scoring only, so imported here)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer

    char = HashingVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, n_features=CHAR_FEATURES, alternate_sign=False, norm="l2", lowercase=False,
                             dtype=np.float32)
    word = HashingVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, n_features=WORD_FEATURES, alternate_sign=False, norm="l2", lowercase=False,
                             token_pattern=r"[^ ]+", dtype=np.float32)
    return sparse.hstack([char.transform([prepare(t) for t in texts]), word.transform([scoped_words(t[:MAX_CHARS]) for t in texts])], format="csr")


def char_ngrams(text: str) -> list[str]:
    """The 3- to 5-character n-grams of each word, padded with a space (scikit-learn's "char_wb")."""
    low, high = CHAR_NGRAMS
    grams = []
    for word in text.split():
        word = f" {word} "
        for n in range(low, high + 1):
            if len(word) <= n:
                grams.append(word)
                break
            grams.extend(word[i : i + n] for i in range(len(word) - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """The scoped words and pairs of neighbouring ones (scikit-learn's "word" analyzer, 1-2 grams)."""
    tokens = text.split()
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def bucket(feature: str, size: int) -> int:
    """The hashed column of a feature, exactly as scikit-learn's FeatureHasher computes it
    (the same signed 32-bit MurmurHash3 of the UTF-8 bytes, from mmh3); kept for features of
    ordinary length (n-grams repeat), never for a visitor's thousand-letter "word"."""
    return _kept_bucket(feature, size) if len(feature) <= 2 * MAX_KEPT_WORD else _bucket(feature, size)


@lru_cache(maxsize=200_000)
def _kept_bucket(feature: str, size: int) -> int:
    return _bucket(feature, size)


def _bucket(feature: str, size: int) -> int:
    h = mmh3.hash(feature, 0, signed=True)
    return (2147483647 - (size - 1)) % size if h == -2147483648 else abs(h) % size


# Words up to this long have their hashed columns kept (a visitor's "word" of a thousand letters is not).
MAX_KEPT_WORD = 30


@lru_cache(maxsize=100_000)
def _word_char_columns(word: str) -> np.ndarray:
    """The hashed columns of one word's character n-grams (see char_ngrams), cached: words repeat."""
    return _char_columns(word)


def _char_columns(word: str) -> np.ndarray:
    return np.array([bucket(gram, CHAR_FEATURES) for gram in char_ngrams(word)], np.int64)


def _unit_counts(columns: np.ndarray, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns and l2-normalised counts of hashed n-grams, from their columns."""
    if not len(columns):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    unique, counts = np.unique(columns, return_counts=True)
    values = counts.astype(np.float32)
    return unique + offset, values / np.sqrt(values @ values)


# Messages whose features stand for the whole feature code: if normalisation, sentence
# splitting or scoping change, their fingerprint changes and the shipped weights no longer fit.
FINGERPRINT_PROBES = (
    "I'm not suicidal, just low. Can pain make people suicidal?",
    "ya no aguanto este dolor; quiero morirme... ¿me ayudan?",
    "Dr. Smith said 5 mg. is that ok?\nmy dad collapsed and isn't breathing!!",
    "ketamine" * 30,
)


def fingerprint() -> str:
    """A short hash of the features of FINGERPRINT_PROBES and the hashing settings."""
    text = repr((CHAR_FEATURES, WORD_FEATURES, CHAR_NGRAMS, WORD_NGRAMS))
    text += "".join(f"{scoped_words(p)}\n{' '.join(char_ngrams(prepare(p)))}\n" for p in FINGERPRINT_PROBES)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Scores(NamedTuple):
    """The two models' probabilities for one text."""

    crisis: float
    concern: float


class CrisisModel:
    """Crisis and concern probabilities for a message, from shipped weights."""

    def __init__(self, crisis_weights: np.ndarray, crisis_bias: float, concern_weights: np.ndarray, concern_bias: float, *, threshold: float, concern_threshold: float):
        size = CHAR_FEATURES + WORD_FEATURES
        if crisis_weights.shape != (size,) or concern_weights.shape != (size,):
            raise ValueError(f"weights must have {size} values, got {crisis_weights.shape} and {concern_weights.shape}")
        if not 0 < threshold < 1 or not 0 < concern_threshold < 1:
            raise ValueError(f"thresholds must be in (0, 1), got {threshold!r} and {concern_threshold!r}")
        self.weights = np.stack([crisis_weights, concern_weights], axis=1).astype(np.float32)
        self.biases = np.array([crisis_bias, concern_bias], dtype=np.float32)
        self.threshold = threshold
        self.concern_threshold = concern_threshold

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "CrisisModel":
        """The model saved at `path` by `save` (numbers only, no pickle)."""
        with np.load(path, allow_pickle=False) as data:
            if str(data["fingerprint"]) != fingerprint():
                raise ValueError(f"{path}: the crisis features have changed since this model was trained; run python -m bot.engine.training safety")
            size = CHAR_FEATURES + WORD_FEATURES
            crisis, concern = np.zeros(size, np.float32), np.zeros(size, np.float32)
            crisis[data["crisis_index"]] = data["crisis_value"]
            concern[data["concern_index"]] = data["concern_value"]
            return cls(crisis, float(data["crisis_bias"]), concern, float(data["concern_bias"]),
                       threshold=float(data["threshold"]), concern_threshold=float(data["concern_threshold"]))

    def save(self, path: Path) -> None:
        """Write the weights that are not zero, the biases and thresholds."""
        crisis, concern = self.weights[:, 0], self.weights[:, 1]
        crisis_index, concern_index = np.flatnonzero(crisis).astype(np.int32), np.flatnonzero(concern).astype(np.int32)
        np.savez_compressed(
            path, crisis_index=crisis_index, crisis_value=crisis[crisis_index].astype(np.float16),
            concern_index=concern_index, concern_value=concern[concern_index].astype(np.float16),
            crisis_bias=self.biases[0], concern_bias=self.biases[1],
            threshold=np.float32(self.threshold), concern_threshold=np.float32(self.concern_threshold),
            fingerprint=np.str_(fingerprint()),
        )

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of (crisis, concern) probabilities for raw texts."""
        logits = features(texts) @ self.weights + self.biases
        return 1 / (1 + np.exp(-logits))

    def scores(self, text: str) -> Scores:
        """The (crisis, concern) probabilities of one raw text: the same features as
        `features`, hashed directly (a tenth of the time of a scikit-learn transform)."""
        words = prepare(text).split()
        columns = [_word_char_columns(w) if len(w) <= MAX_KEPT_WORD else _char_columns(w) for w in words]
        char_columns, char_values = _unit_counts(np.concatenate(columns) if words else np.zeros(0, np.int64), 0)
        grams = word_ngrams(scoped_words(text[:MAX_CHARS]))
        word_columns, word_values = _unit_counts(np.fromiter((bucket(g, WORD_FEATURES) for g in grams), np.int64, len(grams)), CHAR_FEATURES)
        logits = char_values @ self.weights[char_columns] + word_values @ self.weights[word_columns] + self.biases
        crisis, concern = 1 / (1 + np.exp(-logits))
        return Scores(float(crisis), float(concern))


@lru_cache(maxsize=1)
def shipped() -> CrisisModel:
    """The model shipped in bot/data, loaded once per process."""
    return CrisisModel.load()
