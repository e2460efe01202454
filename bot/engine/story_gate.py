"""A second look at a long story the crisis classifier flags (no Flask).

The crisis classifier reads length itself as danger: its crisis corpus tells
stories and its ordinary messages mostly ask, so a long message of worry and
grief ("Mum is 74, bowel cancer, she cries at night and has stopped eating
properly... Is that the pain?") scores like a quiet cry for help. When the
classifier alone flags a long message (the explicit patterns and the language
cues are never second-guessed), the story gate reads how the danger is spread
over it: the whole message, the part it tells, its strongest sentence and
pair of sentences, the concern score, its length and how much of it is told.
A crisis is in one place ("...Tonight I counted out the pills.") and reads
strongly there; worry is spread thin. Below the gate's threshold the message
is a *concern*: its normal reply, with the urgent help beside it.

The gate is a logistic regression over those eight numbers, fitted by
`python -m bot.engine.training safety` on long messages the shipped classifier
flags in labelled sets it was never trained on (see tests/data/safety/README.md),
its threshold below every crisis there, in and out of fold. It is shipped as
JSON with the digest of the classifier it was fitted for: another classifier
scores otherwise, and the gate would not fit it.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

GATE_FILE = Path(__file__).resolve().parents[1] / "data" / "story-gate.json"
# A story: at least this many words.
STORY_WORDS = 50
# A story the classifier reads this surely as a crisis as a whole stays one, whatever the gate says (in the
# labelled sets, 266 of the 276 long messages it reads so are crises).
SURE = 0.9


class StoryReading(NamedTuple):
    """The classifier's crisis scores of the parts of a long message, and its shape."""

    whole: float  # the whole message
    told: float  # what it tells rather than asks (0 when it only asks)
    strongest_sentence: float  # its strongest sentence of four words or more
    strongest_pair: float  # its strongest two sentences in a row
    concern: float  # the concern model's score of the whole message
    words: int
    sentences: int
    told_words: int


FEATURES = ("whole", "told", "strongest_sentence", "strongest_pair", "log_words", "sentences", "concern", "told_share")


def is_story(words: int) -> bool:
    """Whether a message is long enough for the gate."""
    return words >= STORY_WORDS


def looks_again(reading: StoryReading) -> bool:
    """Whether the gate may take this flagged story for a concern: not one the classifier is sure of."""
    return reading.whole < SURE


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(reading: StoryReading) -> np.ndarray:
    """The gate's inputs, in FEATURES order: scores as log-odds (a missing told part reads as none at all)."""
    return np.array([
        _logit(reading.whole), _logit(reading.told) if reading.told_words else -9.0, _logit(reading.strongest_sentence),
        _logit(reading.strongest_pair), math.log(max(reading.words, 1)), float(reading.sentences), _logit(reading.concern),
        reading.told_words / max(reading.words, 1),
    ])


def model_digest(path: Path) -> str:
    """A short hash of the crisis model file the gate is fitted for."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class StoryGate:
    """The probability that a long message the classifier flags tells of danger now."""

    def __init__(self, weights: np.ndarray, bias: float, mean: np.ndarray, scale: np.ndarray, threshold: float, digest: str):
        if not (len(weights) == len(mean) == len(scale) == len(FEATURES)):
            raise ValueError(f"the story gate needs {len(FEATURES)} weights, means and scales")
        if not 0 <= threshold < 1:
            raise ValueError(f"the story gate's threshold must be in [0, 1), got {threshold!r}")
        self.weights, self.bias = np.asarray(weights, float), float(bias)
        self.mean, self.scale = np.asarray(mean, float), np.asarray(scale, float)
        self.threshold, self.digest = float(threshold), digest

    def probability(self, reading: StoryReading) -> float:
        z = ((features(reading) - self.mean) / self.scale) @ self.weights + self.bias
        return float(1 / (1 + math.exp(-z)))

    def keeps(self, reading: StoryReading) -> bool:
        """Whether the flagged story stays a crisis."""
        return not looks_again(reading) or self.probability(reading) >= self.threshold

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({
            "features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights], "bias": round(self.bias, 6),
            "mean": [round(float(m), 6) for m in self.mean], "scale": [round(float(s), 6) for s in self.scale],
            "threshold": round(self.threshold, 6), "crisis_model": self.digest,
        }, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, crisis_model_file: Path) -> "StoryGate":
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path}: fitted on other features; run python -m bot.engine.training safety")
        if data["crisis_model"] != model_digest(crisis_model_file):
            raise ValueError(f"{path}: fitted for another crisis model; run python -m bot.engine.training safety")
        return cls(np.array(data["weights"]), data["bias"], np.array(data["mean"]), np.array(data["scale"]), data["threshold"], data["crisis_model"])


@lru_cache(maxsize=1)
def shipped() -> StoryGate:
    """The gate shipped in bot/data, for the shipped crisis model, loaded once per process."""
    from bot.engine.crisis_model import MODEL_FILE

    return StoryGate.load(GATE_FILE, MODEL_FILE)
