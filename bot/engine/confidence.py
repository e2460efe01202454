"""Confidence that an answer is right: a calibrated probability (no Flask).

The retriever's score measures word overlap. Whether the best entry really
answers the question depends on more: how much of the question its words
cover, whether the semantic check agrees, how far ahead of the runner-up it
is, whether the question asks the kind of thing the entry answers, and how
close a not-covered topic comes. A logistic regression over these features,
none of which depends on one knowledge base, turns them into the probability
that the answer is right. It is trained by `python -m bot.engine.training
confidence` on labelled visitor messages (tests/data/questions/train.jsonl)
and shipped as a few numbers in bot/data/confidence.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from bot.engine.analysis import question_kind
from bot.engine.retriever import Match
from bot.engine.text import question_type, sentences

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "confidence.json"
FEATURES = (
    "score", "coverage", "semantic", "gap", "margin", "kind_agrees", "kind_differs",
    "not_covered", "unknown_share", "log_terms", "context",
    "similarity", "score_x_coverage", "score_squared", "exact", "readings_agree",
)


def match_features(query: str, matches: Sequence[Match], *, from_context: bool = False, readings_agree: bool = True) -> np.ndarray:
    """The features of the best answerable match for `query`, in FEATURES order.

    `readings_agree`: for the question read with its context, whether it finds the
    same best entry as the question alone (always true for the question alone).
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
class Confidence:
    """A logistic model over match features, and the probability needed to answer."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def __post_init__(self):
        for name in ("weights", "mean", "scale"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if value.shape != (len(FEATURES),):
                raise ValueError(f"{name} must have {len(FEATURES)} values ({', '.join(FEATURES)}), got shape {value.shape}")
            setattr(self, name, value)
        if not 0 < self.threshold < 1:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold!r}")

    def probability(self, features: np.ndarray) -> float:
        """The probability that the match these features describe is a right answer."""
        if not features.any():
            return 0.0
        z = float(((features - self.mean) / self.scale) @ self.weights + self.bias)
        return 1 / (1 + math.exp(-max(min(z, 30), -30)))

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "Confidence":
        """The model saved at `path` by `save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES):
            raise ValueError(f"{path}: features {data.get('features')} do not match {list(FEATURES)}; retrain with python -m bot.engine.training confidence")
        return cls(np.array(data["weights"]), data["bias"], np.array(data["mean"]), np.array(data["scale"]), data["threshold"])

    def save(self, path: Path) -> None:
        """Write the model as JSON a person can read."""
        data = {
            "features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights], "bias": round(float(self.bias), 6),
            "mean": [round(float(m), 6) for m in self.mean], "scale": [round(float(s), 6) for s in self.scale], "threshold": round(self.threshold, 4),
        }
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
