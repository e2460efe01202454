"""The TF-IDF retriever on a tiny corpus, with no app."""

import pytest

from bot.loader import Entry
from bot.retriever import Match, NotFittedError, Retriever

ENTRIES = [
    Entry("sleep", "faq", "Sleep", ("Can pain affect sleep?", "Why can't I sleep?"), "Pain can lead to loss of sleep."),
    Entry("opioids", "faq", "Opioids", ("Why don't opioids relieve my pain?",), "The pain is usually not relieved by opioid based medications."),
    Entry("nmda", "faq", "How it works", ("How does ketamine work?",), "Ketamine works by binding to the NMDA receptor."),
    Entry("cost", "not_covered", "Cost", ("How much does treatment cost?",), ""),
    Entry("p1", "passage", "Glutamate", (), "Glutamate is an excitatory neurotransmitter that promotes pain signaling."),
]
SYNONYMS = [["opioid", "opiate", "painkiller", "oxycodone"], ["sleep", "insomnia"]]


@pytest.fixture(scope="module")
def retriever():
    return Retriever(synonyms=SYNONYMS).fit(ENTRIES)


@pytest.mark.parametrize(
    "query, best",
    [
        ("How does ketamine work?", "nmda"),
        ("what receptor does ketamine bind", "nmda"),
        ("how does ketamin wrok", "nmda"),
        ("my oxycodone isn't relieving the pain", "opioids"),
        ("painkillers not helping", "opioids"),
        ("insomnia from pain", "sleep"),
        ("what is glutamate", "p1"),
        ("what's the cost", "cost"),
    ],
)
def test_best_match(retriever, query, best):
    assert retriever.search(query)[0].entry.id == best


def test_results_are_matches_best_first_with_scores_in_range(retriever):
    results = retriever.search("why can't I sleep with this pain", k=3)
    assert all(isinstance(m, Match) for m in results)
    assert [m.score for m in results] == sorted((m.score for m in results), reverse=True)
    assert all(0 < m.score <= 1 for m in results)
    assert "sleep" in results[0].terms


def test_exact_question_scores_near_one(retriever):
    assert retriever.search("How does ketamine work?")[0].score > 0.95


def test_unknown_words_lower_the_score(retriever):
    plain = retriever.search("does ketamine work")[0].score
    with_unknown = retriever.search("does ketamine work for migraines in horses")[0].score
    assert with_unknown < plain * 0.8


@pytest.mark.parametrize("query", ["", "   ", "the and of", "\U0001f600", "zzzz qqqq"])
def test_no_match_for_empty_or_unknown_queries(retriever, query):
    assert retriever.search(query) == []


def test_k_limits_results(retriever):
    assert len(retriever.search("pain", k=2)) <= 2


def test_search_before_fit_is_a_clear_error():
    with pytest.raises(NotFittedError, match="fit"):
        Retriever().search("anything")


@pytest.mark.parametrize("kwargs", [{"text_weight": 0}, {"text_weight": 1.5}, {"coverage_weight": -0.1}, {"coverage_weight": 2}])
def test_bad_options_are_rejected(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        Retriever(**kwargs)


def test_bad_k_is_rejected(retriever):
    with pytest.raises(ValueError, match="k must be"):
        retriever.search("pain", k=0)


def test_fit_on_nothing_is_rejected():
    with pytest.raises(ValueError, match="no entries"):
        Retriever().fit([])


@pytest.mark.parametrize(
    "tokens, expected",
    [
        (["corona", "virus", "spread"], ["coronavirus", "spread"]),
        (["face", "mask"], ["face", "mask"]),
        (["a", "spirin"], ["a", "spirin"]),
        ([], []),
    ],
)
def test_join_compounds_the_knowledge_base_writes_as_one(tokens, expected):
    from bot.retriever import join_compounds

    assert join_compounds(tokens, frozenset({"coronavirus", "spread", "aspirin"})) == expected
