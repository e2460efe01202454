"""The story gate: a second look at a long story only the crisis classifier flags (bot/engine/story_gate.py)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from bot.engine import safety, story_gate, training
from bot.engine.crisis_model import MODEL_FILE
from bot.engine.story_gate import FEATURES, StoryGate, StoryReading

DATA = Path(__file__).parent / "data"
READING = StoryReading(whole=0.3, told=0.5, strongest_sentence=0.6, strongest_pair=0.4, concern=0.2, words=80, sentences=5, told_words=60)


def _gate(threshold: float = 0.05, digest: str = "0" * 16, weights=None) -> StoryGate:
    n = len(FEATURES)
    return StoryGate(np.ones(n) if weights is None else weights, 0.0, np.zeros(n), np.ones(n), threshold, digest)


def test_the_features_are_log_odds_length_and_the_told_share():
    x = story_gate.features(READING)
    assert len(x) == len(FEATURES)
    assert x[FEATURES.index("whole")] == pytest.approx(math.log(0.3 / 0.7))
    assert x[FEATURES.index("log_words")] == pytest.approx(math.log(80))
    assert x[FEATURES.index("told_share")] == pytest.approx(0.75)


def test_a_message_that_only_asks_has_no_told_part():
    x = story_gate.features(READING._replace(told=0.0, told_words=0))
    assert x[FEATURES.index("told")] == -9.0 and x[FEATURES.index("told_share")] == 0.0


@pytest.mark.parametrize("words, story", [(0, False), (49, False), (50, True), (400, True)])
def test_a_story_has_fifty_words_or_more(words, story):
    assert story_gate.is_story(words) is story


@pytest.mark.parametrize("whole, looks", [(0.05, True), (0.89, True), (0.9, False), (0.99, False)])
def test_the_gate_never_second_guesses_a_story_the_classifier_is_sure_of(whole, looks):
    reading = READING._replace(whole=whole)
    assert story_gate.looks_again(reading) is looks
    assert _gate(threshold=0.999, weights=-np.ones(len(FEATURES))).keeps(reading) is not looks


def test_a_higher_whole_score_never_lowers_the_chance_of_a_crisis():
    gate = story_gate.shipped()
    chances = [gate.probability(READING._replace(whole=w)) for w in (0.05, 0.1, 0.3, 0.6, 0.85)]
    assert chances == sorted(chances)


@pytest.mark.parametrize("weights, threshold", [(np.ones(3), 0.1), (np.ones(len(FEATURES)), 1.0), (np.ones(len(FEATURES)), -0.1)])
def test_bad_weights_or_thresholds_are_refused(weights, threshold):
    with pytest.raises(ValueError):
        _gate(threshold, weights=weights)


def test_the_gate_file_round_trips_for_its_own_crisis_model(tmp_path):
    model = tmp_path / "crisis-model.npz"
    model.write_bytes(b"some weights")
    gate = _gate(0.0125, story_gate.model_digest(model))
    gate.save(tmp_path / "gate.json")
    loaded = StoryGate.load(tmp_path / "gate.json", model)
    assert loaded.threshold == pytest.approx(0.0125) and loaded.probability(READING) == pytest.approx(gate.probability(READING))


def test_a_gate_fitted_for_another_crisis_model_is_refused(tmp_path):
    model = tmp_path / "crisis-model.npz"
    model.write_bytes(b"some weights")
    _gate(0.0125, story_gate.model_digest(model)).save(tmp_path / "gate.json")
    model.write_bytes(b"retrained weights")
    with pytest.raises(ValueError, match="another crisis model"):
        StoryGate.load(tmp_path / "gate.json", model)


def test_a_gate_fitted_on_other_features_is_refused(tmp_path):
    _gate(0.0125, story_gate.model_digest(MODEL_FILE)).save(tmp_path / "gate.json")
    data = json.loads((tmp_path / "gate.json").read_text())
    data["features"] = data["features"][::-1]
    (tmp_path / "gate.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="other features"):
        StoryGate.load(tmp_path / "gate.json", MODEL_FILE)


def test_the_shipped_gate_fits_the_shipped_crisis_model():
    gate = StoryGate.load(story_gate.GATE_FILE, MODEL_FILE)
    assert 0 < gate.threshold < 0.1


def test_the_held_out_sets_stories_never_enter_the_gates_fit():
    """(Short messages recur from set to set by chance: "hi", "can you overdose on ketamine?". The gate reads stories.)"""
    fitted = {row["text"] for row in training.gate_training_rows() if story_gate.is_story(len(row["text"].split()))}
    for pattern in ("safety/check-*.jsonl", "safety/test.jsonl", "safety/languages-check-*.jsonl", "questions/check-*.jsonl",
                    "questions/test.jsonl", "questions/validation-*.jsonl"):
        for path in DATA.glob(pattern):
            held_out = {json.loads(line).get("text") or json.loads(line).get("q") for line in path.read_text().splitlines() if line.strip()}
            held_out = {text for text in held_out if story_gate.is_story(len(text.split()))}
            assert not held_out & fitted, path.name
    assert len(fitted) > 2_000


def _long_crises_of_the_fit() -> list[str]:
    return [row["text"] for row in training.gate_training_rows() if row["crisis"] and story_gate.is_story(len(row["text"].split()))]


def test_the_gate_takes_no_crisis_it_was_fitted_on_for_a_concern():
    flagged = [m for m in _long_crises_of_the_fit() if safety.first_reading(m).crisis]
    demoted = [m for m in flagged if not safety.assess(m).crisis]
    assert len(flagged) > 800 and not demoted, demoted


def _benign_stories() -> list[str]:
    rows = [json.loads(line) for line in (DATA / "safety" / "benign-stories-s17.jsonl").read_text().splitlines() if line.strip()]
    return [r["text"] for r in rows]


def test_the_gate_lifts_most_of_the_classifiers_false_alarms_on_long_benign_stories():
    flagged = [m for m in _benign_stories() if safety.first_reading(m).reason.startswith(safety.CLASSIFIER_CRISIS)]
    lifted = [m for m in flagged if not safety.assess(m).crisis]
    assert len(flagged) > 250 and len(lifted) >= 0.5 * len(flagged), (len(flagged), len(lifted))


def test_a_story_the_gate_lifts_still_shows_the_urgent_help_beside_its_reply(client):
    lifted = [m for m in _benign_stories() if safety.first_reading(m).crisis and not safety.assess(m).crisis][:40]
    assert lifted
    for message in lifted:
        assert safety.assess(message).reason.startswith("concern: a story")
        reply = client.post("/api/ask", json={"question": message}).get_json()
        assert reply["status"] != "crisis" and reply["urgent_help"], message
