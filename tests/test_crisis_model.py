"""The crisis classifier's features and shipped weights (bot/engine/crisis_model.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from bot.engine.crisis_model import CHAR_FEATURES, WORD_FEATURES, CrisisModel, scoped_words, shipped

FROZEN = Path(__file__).parent / "data" / "safety" / "test.jsonl"


def test_direct_hashing_gives_the_scores_of_the_scikit_learn_features():
    texts = [json.loads(line)["text"] for line in FROZEN.read_text(encoding="utf-8").splitlines()[:300]]
    model = shipped()
    direct = np.array([model.scores(t) for t in texts])
    assert np.allclose(direct, model.scores_many(texts), atol=1e-5)


@pytest.mark.parametrize(
    "message, marked",
    [
        ("I'm not suicidal", "s_im not n_s_suicidal |"),
        ("can pain make people suicidal?", "q_can q_pain q_make q_people q_suicidal |"),
        ("I am suicidal. Not joking", "s_i s_am s_suicidal | not n_s_joking |"),
    ],
)
def test_words_carry_their_scope(message, marked):
    assert scoped_words(message) == marked


def test_the_model_file_holds_numbers_only(tmp_path):
    model = shipped()
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
    again = CrisisModel.load(path)
    assert again.scores("I want to end it all") == pytest.approx(model.scores("I want to end it all"), abs=1e-3)


@pytest.mark.parametrize(
    "weights, threshold",
    [(np.zeros(10, np.float32), 0.1), (np.zeros(CHAR_FEATURES + WORD_FEATURES, np.float32), 0.0), (np.zeros(CHAR_FEATURES + WORD_FEATURES, np.float32), 1.5)],
)
def test_bad_weights_or_thresholds_are_refused(weights, threshold):
    with pytest.raises(ValueError, match="weights|thresholds"):
        CrisisModel(weights, 0.0, weights, 0.0, threshold=threshold, concern_threshold=0.5)


def test_a_model_trained_on_other_features_is_refused(tmp_path, monkeypatch):
    from bot.engine import crisis_model

    shipped().save(tmp_path / "model.npz")
    monkeypatch.setattr(crisis_model, "FINGERPRINT_PROBES", ("another probe",))
    with pytest.raises(ValueError, match="retrain|python -m bot.engine.training safety"):
        CrisisModel.load(tmp_path / "model.npz")
