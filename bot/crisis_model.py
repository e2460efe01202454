"""The crisis classifier: hashed character and word n-grams, logistic regression (no Flask).

Two linear models over the same features, trained with scikit-learn by
`python -m bot.training safety` on the labelled messages in
`tests/data/safety/` and shipped as plain arrays in `bot/data/crisis-model.npz`
(no pickle: the file holds numbers only, and is read with `allow_pickle=False`):

- *crisis*: someone may be in danger now;
- *concern*: the message touches on risk but names no danger now.

Character n-grams survive misspellings and slang ("sucidal", "unaliving");
word n-grams up to three keep negations ("not suicidal"). Hashing needs no
vocabulary, so the file stays small and the features are the same at
training and at run time by construction.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from bot.language import fold

MODEL_FILE = Path(__file__).resolve().parent / "data" / "crisis-model.npz"
CHAR_FEATURES = 2**19
WORD_FEATURES = 2**18
MAX_CHARS = 2000
_REPEATS = re.compile(r"(.)\1{2,}")
_NON_WORD = re.compile(r"[^\w\s?!.,']+")


def prepare(text: str) -> str:
    """Folded text with letter runs cut to two ("plsss" -> "pls") and odd symbols dropped."""
    text = fold(text[:MAX_CHARS]).replace("\u2019", "'")
    return " ".join(_NON_WORD.sub(" ", _REPEATS.sub(r"\1\1", text)).split())


_CHAR = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=CHAR_FEATURES, alternate_sign=False, norm="l2", lowercase=False, dtype=np.float32)
_WORD = HashingVectorizer(
    analyzer="word", ngram_range=(1, 3), n_features=WORD_FEATURES, alternate_sign=False, norm="l2", lowercase=False,
    token_pattern=r"(?u)\b\w+\b", dtype=np.float32,
)


def features(texts: Sequence[str]) -> sparse.csr_matrix:
    """The hashed n-gram features of already prepared texts, one row each."""
    return sparse.hstack([_CHAR.transform(texts), _WORD.transform(texts)], format="csr")


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
        )

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of (crisis, concern) probabilities for raw texts."""
        logits = features([prepare(t) for t in texts]) @ self.weights + self.biases
        return 1 / (1 + np.exp(-logits))

    def scores(self, text: str) -> Scores:
        """The (crisis, concern) probabilities of one raw text."""
        crisis, concern = self.scores_many([text])[0]
        return Scores(float(crisis), float(concern))


@lru_cache(maxsize=1)
def shipped() -> CrisisModel:
    """The model shipped in bot/data, loaded once per process."""
    return CrisisModel.load()
