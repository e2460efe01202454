"""The confidence model (bot/engine/confidence.py): features, probabilities, the shipped file."""

import json

import numpy as np
import pytest

from bot.engine.confidence import FEATURES, MODEL_FILE, PLAIN_FEATURES, Confidence, Logistic, match_features
from bot.engine.intent import Opinion
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


def logistic(size: int, bias: float = 0.0) -> Logistic:
    return Logistic(np.zeros(size), bias, np.zeros(size), np.ones(size))


@pytest.mark.parametrize("plain, informed, threshold", [
    (3, len(FEATURES), 0.5),  # the plain model reads PLAIN_FEATURES
    (len(PLAIN_FEATURES), len(PLAIN_FEATURES), 0.5),  # the informed one all FEATURES
    (len(PLAIN_FEATURES), len(FEATURES), 0.0),
    (len(PLAIN_FEATURES), len(FEATURES), 1.0),
])
def test_bad_models_are_refused(plain, informed, threshold):
    with pytest.raises(ValueError, match="must"):
        Confidence(logistic(plain), logistic(informed), threshold)


def test_a_logistic_model_needs_one_mean_and_scale_per_weight():
    with pytest.raises(ValueError, match="one value per weight"):
        Logistic(np.zeros(3), 0.0, np.zeros(2), np.ones(3))


def test_the_informed_model_reads_a_match_the_intent_classifier_knows():
    model = Confidence(logistic(len(PLAIN_FEATURES), bias=-5.0), logistic(len(FEATURES), bias=5.0), 0.5)
    matches = [Match(ENTRY, 0.6, ("work",), 0.0, 1.0)]
    known = match_features("how does it work", matches, opinion=Opinion(True, True, 0.9, 1.2))
    unknown = match_features("how does it work", matches)
    assert model.probability(known) > 0.99 and model.probability(unknown) < 0.01
    assert model.probability_without_intent(known) == model.probability(unknown)


def test_the_intent_features_describe_the_opinion():
    features = dict(zip(FEATURES, match_features("how does it work", [Match(ENTRY, 0.6, ("work",))], opinion=Opinion(True, False, 0.25, -0.5))))
    assert (features["intent_known"], features["intent_agrees"], features["intent_score"], features["intent_margin"]) == (1.0, 0.0, 0.25, -0.5)


@pytest.mark.parametrize("data", [
    {"features": ["score"], "plain": {}, "informed": {}, "threshold": 0.5},  # other features
    {"features": list(FEATURES), "weights": [0] * len(FEATURES), "bias": 0, "mean": [0] * len(FEATURES), "scale": [1] * len(FEATURES), "threshold": 0.5},  # one model: the old format
])
def test_a_file_with_other_features_is_refused(tmp_path, data):
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="retrain"):
        Confidence.load(path)


def test_a_saved_model_loads_back(tmp_path):
    model = Confidence.load()
    model.save(tmp_path / "confidence.json")
    again = Confidence.load(tmp_path / "confidence.json")
    assert np.allclose(again.informed.weights, model.informed.weights) and np.allclose(again.plain.weights, model.plain.weights)
    assert np.allclose(again.plain.mean, model.plain.mean) and again.threshold == model.threshold


def test_an_exact_match_is_never_lowered_by_the_intent_classifier():
    model = Confidence(logistic(len(PLAIN_FEATURES), bias=5.0), logistic(len(FEATURES), bias=-5.0), 0.5)
    matches = [Match(ENTRY, 1.0, ("work",), 0.0, 1.0)]
    disagreeing = Opinion(True, False, -0.6, -0.1)
    exact = match_features("how does it work", matches, opinion=disagreeing)
    assert dict(zip(FEATURES, exact))["exact"] == 1.0
    assert model.probability(exact) > 0.99
    partial = match_features("how does it work", [Match(ENTRY, 0.7, ("work",), 0.0, 0.5)], opinion=disagreeing)
    assert model.probability(partial) < 0.01


def test_the_shipped_model_is_what_training_gives_today():
    """A knowledge-base or retrieval change that moves the features needs the model retrained with it
    (`python -m bot.engine.training confidence`): a stale model answers with another threshold's risk."""
    from bot.engine.training import QUESTION_DATA, read_jsonl, train_confidence

    shipped = Confidence.load()
    again = train_confidence([row for path in sorted(QUESTION_DATA.glob("train*.jsonl")) for row in read_jsonl(path)])
    assert again.threshold == shipped.threshold
    for name in ("plain", "informed"):
        assert np.allclose(getattr(again, name).weights, getattr(shipped, name).weights, atol=1e-3), name


def test_the_shipped_examples_are_the_questions_of_the_training_messages():
    """The FAQ's examples are written by `python -m bot.engine.training examples`; a training file changed
    without them (or them by hand) would leave the confidence model fitted on other examples."""
    from bot.engine.training import QUESTION_DATA, read_jsonl, visitor_examples, with_examples
    from bot.kbformat.reader import load

    kb = load("knowledge")
    rows = [row for path in sorted(QUESTION_DATA.glob("train*.jsonl")) for row in read_jsonl(path)]
    expected = with_examples(kb, visitor_examples(rows))
    assert [e.examples for e in kb.entries] == [e.examples for e in expected.entries]
    assert sum(len(e.examples) for e in kb.entries) > 500


STORY = {"q": "My dad is 80 and has bone cancer. He hates pills. Is ketamine given as an infusion or tablets?", "expect": "answer", "entries": ["a"]}
TWO = {"q": "how does ketamine work? and does it help depression?", "expect": "answer", "entries": ["a"], "entries2": ["b"]}


@pytest.mark.parametrize("rows, expected", [
    ([STORY], {"a": ["Is ketamine given as an infusion or tablets?"]}),  # the story's question, not the story
    ([TWO], {"a": ["how does ketamine work?"], "b": ["does it help depression?"]}),  # each question to its own entry
    ([{**TWO, "entries2": []}], {}),  # two questions and one entry: which is whose is not known
    ([STORY, STORY], {"a": ["Is ketamine given as an infusion or tablets?"]}),  # each once
    ([{**STORY, "expect": "no_answer"}, {**STORY, "expect": "answer", "entries": []}], {}),
])
def test_visitor_examples_are_the_questions_the_bot_reads_out_of_labelled_messages(rows, expected):
    from bot.engine.training import visitor_examples

    assert visitor_examples(rows) == expected


def test_a_bot_without_some_messages_examples_never_saw_them():
    from bot.engine.training import visitor_examples, with_examples, without_examples_of
    from bot.kbformat.reader import Entry, KnowledgeBase

    kb = KnowledgeBase(entries=[Entry("a", "faq", "A", ("What is A?",), "A."), Entry("b", "faq", "B", ("What is B?",), "B.")])
    taught = with_examples(kb, visitor_examples([STORY, TWO]))
    assert taught.entry("a").examples == ("Is ketamine given as an infusion or tablets?", "how does ketamine work?")
    held_out = without_examples_of(taught, [TWO])
    assert held_out.entry("a").examples == ("Is ketamine given as an infusion or tablets?",) and held_out.entry("b").examples == ()
