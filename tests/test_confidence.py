"""The confidence model (bot/engine/confidence.py): features, probabilities, the shipped file."""

import json

import numpy as np
import pytest

from bot.engine.confidence import FEATURES, MODEL_FILE, Confidence, match_features
from bot.engine.retriever import Match
from bot.kbformat.reader import Entry

ENTRY = Entry("how", "faq", "How", ("How does ketamine work?",), "It binds to the NMDA receptor.")
OTHER = Entry("why", "faq", "Why", ("Why choose ketamine?",), "It treats the cause.")
TOPIC = Entry("cost", "not_covered", "Cost", ("How much does it cost?",), "")


def test_no_answerable_match_has_no_features():
    assert not match_features("cost?", [Match(TOPIC, 0.9, ())]).any()


def test_features_describe_the_best_answerable_match():
    features = dict(zip(FEATURES, match_features("how does it work", [Match(TOPIC, 0.4, ()), Match(ENTRY, 0.9, ("work",), 0.0, 1.0), Match(OTHER, 0.3, ())])))
    assert features["score"] == 0.9 and features["coverage"] == 1.0
    assert features["margin"] == pytest.approx(0.6)
    assert features["not_covered"] == 0.4


def test_a_better_match_is_more_probable_with_the_shipped_model():
    model = Confidence.load()
    strong = match_features("how does ketamine work", [Match(ENTRY, 1.0, ("ketamin", "work"), 0.0, 1.0, 0.9, 0.0, 1.2), Match(OTHER, 0.3, ())])
    weak = match_features("how does ketamine work", [Match(ENTRY, 0.3, ("ketamin",), 0.2, 0.3, 0.4, 0.5, 0.3), Match(OTHER, 0.28, ())])
    assert model.probability(strong) > model.threshold > model.probability(weak)


def test_the_shipped_file_names_its_features():
    data = json.loads(MODEL_FILE.read_text())
    assert data["features"] == list(FEATURES) and 0 < data["threshold"] < 1


@pytest.mark.parametrize("size, threshold", [(3, 0.5), (len(FEATURES), 0.0), (len(FEATURES), 1.0)])
def test_bad_models_are_refused(size, threshold):
    with pytest.raises(ValueError, match="must"):
        Confidence(np.zeros(size), 0.0, np.zeros(size), np.ones(size), threshold)


def test_a_file_with_other_features_is_refused(tmp_path):
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps({"features": ["score"], "weights": [1], "bias": 0, "mean": [0], "scale": [1], "threshold": 0.5}))
    with pytest.raises(ValueError, match="retrain"):
        Confidence.load(path)
