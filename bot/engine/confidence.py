"""Confidence that an answer is right: a calibrated probability (no Flask).

The retriever's score measures word overlap. Whether the best entry really
answers the question depends on more: how much of the question its words
cover, whether the semantic check agrees, how far ahead of the runner-up it
is, whether the question asks the kind of thing the entry answers, how close
a not-covered topic comes, and whether a classifier fitted on the entries'
phrasings chooses the same entry (intent.py). Two logistic regressions turn
these features into the probability that the answer is right: a plain one
over the features that do not depend on one knowledge base, for every match,
and an informed one that also reads the classifier's opinion, for the matches
the classifier knows (most FAQ answers), which it replaces there. Both are
trained by `python -m bot.engine.training confidence` on labelled visitor
messages (tests/data/questions/train*.jsonl) and shipped as a few numbers in
bot/data/confidence.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from bot.engine.analysis import question_kind
from bot.engine.intent import NO_OPINION, Opinion
from bot.engine.retriever import Match
from bot.engine.text import question_type, sentences

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "confidence.json"
PLAIN_FEATURES = (
    "score", "coverage", "semantic", "gap", "margin", "kind_agrees", "kind_differs",
    "not_covered", "unknown_share", "log_terms", "context",
    "similarity", "score_x_coverage", "score_squared", "exact", "readings_agree",
)
FEATURES = PLAIN_FEATURES + ("intent_known", "intent_agrees", "intent_score", "intent_margin", "intent_first")
_KNOWN = FEATURES.index("intent_known")
_EXACT = FEATURES.index("exact")


def match_features(query: str, matches: Sequence[Match], *, from_context: bool = False, readings_agree: bool = True,
                   opinion: Opinion = NO_OPINION, intent_first: bool = False) -> np.ndarray:
    """The features of the best answerable match for `query`, in FEATURES order.

    `readings_agree`: for the question read with its context, whether it finds the
    same best entry as the question alone (always true for the question alone).
    `opinion`: what the intent classifier (intent.py) says of that entry; `intent_first`: the
    matches are the retriever's, reordered to put that classifier's choice first.
    How long the story around the question is never counts."""
    answerable = [m for m in matches if m.entry.kind != "not_covered"]
    if not answerable:
        return np.zeros(len(FEATURES), dtype=np.float64)
    top = answerable[0]
    runner_up = next((m.score for m in answerable[1:] if not same_answer(m.entry.answer, top.entry.answer)), 0.0)
    not_covered = max((m.score for m in matches if m.entry.kind == "not_covered"), default=0.0)
    kind = question_kind(query)
    entry_kinds = top.kinds if top.kinds is not None else {question_type(q) for q in top.entry.questions}
    return np.array([
        top.score,
        top.coverage,
        top.semantic,
        top.semantic_gap,
        top.score - runner_up,
        float(kind is not None and kind in entry_kinds),
        float(kind is not None and bool(top.entry.questions) and kind not in entry_kinds),
        not_covered,
        top.unknown_share,
        math.log1p(len(top.terms)),
        float(from_context),
        min(top.similarity, 1.5),
        top.score * top.coverage,
        top.score**2,
        float(top.score >= 0.95 and top.coverage >= 0.95),
        float(readings_agree),
        float(opinion.known),
        float(opinion.agrees),
        opinion.score,
        opinion.margin,
        float(intent_first),
    ])


def same_answer(a: str, b: str) -> bool:
    """Whether two answers say the same thing: one holds the other, or they share most sentences.
    A runner-up that gives the same answer is no rival (two entries may quote one passage)."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    first, second = set(sentences(a)), set(sentences(b))
    shared = len(first & second)
    return shared > 0 and shared >= min(len(first), len(second)) / 2


@dataclass
class Logistic:
    """A logistic regression over standardised features: weights, bias, and each feature's mean and scale."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def __post_init__(self):
        for name in ("weights", "mean", "scale"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if value.ndim != 1 or value.shape != np.shape(self.weights):
                raise ValueError(f"{name} must have one value per weight ({np.shape(self.weights)}), got shape {value.shape}")
            setattr(self, name, value)

    def probability(self, features: np.ndarray) -> float:
        """The model's probability for one row of features."""
        z = float(((features - self.mean) / self.scale) @ self.weights + self.bias)
        return 1 / (1 + math.exp(-max(min(z, 30), -30)))

    def to_dict(self) -> dict:
        """The model as rounded numbers a person can read."""
        return {"weights": [round(float(w), 6) for w in self.weights], "bias": round(float(self.bias), 6),
                "mean": [round(float(m), 6) for m in self.mean], "scale": [round(float(s), 6) for s in self.scale]}


@dataclass
class Confidence:
    """Two logistic models over match features, and the probability needed to answer: `informed` for
    a match the intent classifier has an opinion on (over FEATURES), `plain` for any other (over
    PLAIN_FEATURES: a passage, a knowledge base with no FAQ or too big for the classifier). The plain
    model is fitted on every match the retriever makes, the informed one on those the classifier
    knows; the plain one alone is what the bot would say without the classifier."""

    plain: Logistic
    informed: Logistic
    threshold: float

    def __post_init__(self):
        for name, features in (("plain", PLAIN_FEATURES), ("informed", FEATURES)):
            if np.shape(getattr(self, name).weights) != (len(features),):
                raise ValueError(f"the {name} model must have {len(features)} weights ({', '.join(features)}), "
                                 f"got {np.shape(getattr(self, name).weights)}")
        if not 0 < self.threshold < 1:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold!r}")

    def probability(self, features: np.ndarray) -> float:
        """The probability that the match these features describe is a right answer."""
        if not features[_KNOWN]:
            return self.probability_without_intent(features)
        informed = self.informed.probability(features)
        # Every word of the question held by the entry at full score (through staff's synonyms, say: "what
        # is zorblax" once zorblax is glutamate): the classifier, which reads the words as written, may
        # lift such a match but never lower it. Out of fold: 8 more right answers, 1 more wrong, of 5,136.
        return max(informed, self.probability_without_intent(features)) if features[_EXACT] else informed

    def probability_without_intent(self, features: np.ndarray) -> float:
        """The probability from the plain model, whatever the intent classifier says."""
        return self.plain.probability(features[:len(PLAIN_FEATURES)]) if features.any() else 0.0

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "Confidence":
        """The model saved at `path` by `save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES) or not {"plain", "informed"} <= set(data):
            raise ValueError(f"{path}: features {data.get('features')} do not match {list(FEATURES)}; retrain with python -m bot.engine.training confidence")
        return cls(Logistic(**data["plain"]), Logistic(**data["informed"]), data["threshold"])

    def save(self, path: Path) -> None:
        """Write the models as JSON a person can read."""
        data = {"features": list(FEATURES), "plain": self.plain.to_dict(), "informed": self.informed.to_dict(), "threshold": round(self.threshold, 4)}
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
