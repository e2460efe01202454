"""The TF-IDF retriever on a tiny corpus, with no app."""

import pytest

from bot.engine.retriever import Match, NotFittedError, Retriever
from bot.kbformat.reader import Entry

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


@pytest.mark.parametrize(
    "kwargs", [{"text_weight": 0}, {"text_weight": 1.5}, {"coverage_weight": -0.1}, {"coverage_weight": 2}, {"type_bonus": -0.1}, {"type_bonus": 2}]
)
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
    from bot.engine.retriever import join_compounds

    assert join_compounds(tokens, frozenset({"coronavirus", "spread", "aspirin"})) == expected


RISK = [
    Entry("who-at-risk", "faq", "Who is at risk", ("Who is at higher risk of serious illness?",), "Older adults and people with heart or lung disease."),
    Entry("risk-actions", "faq", "What to do at higher risk", ("What to do at higher risk of serious illness?",), "Stock up on supplies and keep space from others."),
    Entry("symptoms", "faq", "Symptoms", ("What are the symptoms of the illness?",), "Fever, cough and shortness of breath."),
    Entry("pets", "faq", "Pets", ("Can my dog catch the illness?",), "There is no evidence that pets spread it."),
]


@pytest.fixture(scope="module")
def risk():
    return Retriever().fit(RISK)


@pytest.mark.parametrize(
    "query, best",
    [
        # Both entries hold the same content words; what the question asks for decides.
        ("What should I do if I'm at higher risk of serious illness?", "risk-actions"),
        ("I'm at higher risk of serious illness, what steps should I take?", "risk-actions"),
        ("Who is at higher risk of serious illness?", "who-at-risk"),
        ("which people are at higher risk of getting seriously ill", "who-at-risk"),
    ],
)
def test_the_kind_of_question_breaks_ties_between_entries_with_the_same_words(risk, query, best):
    assert risk.search(query)[0].entry.id == best


def test_without_the_type_bonus_the_tie_stays():
    scores = {m.entry.id: m.score for m in Retriever(type_bonus=0).fit(RISK).search("What should I do if I'm at higher risk of serious illness?")}
    assert scores["risk-actions"] == pytest.approx(scores["who-at-risk"], abs=0.05)


def test_semantic_gap_is_zero_for_the_closest_entry_and_grows_with_distance(risk):
    matches = risk.search("What are the symptoms of the illness?", k=4)
    assert matches[0].entry.id == "symptoms" and matches[0].semantic_gap == 0
    assert all(m.semantic_gap > 0 for m in matches[1:])


def test_a_paraphrase_is_closer_in_meaning_than_a_word_match(risk):
    """'puppy' shares no word with the pets entry, yet the semantic check prefers it."""
    matches = {m.entry.id: m for m in risk.search("can my puppy get the illness", k=4)}
    assert matches["pets"].semantic_gap < matches["symptoms"].semantic_gap


def test_semantic_gap_compares_passages_with_passages():
    entries = [*RISK, Entry("arrival", "passage", "Arrival", (), "Please arrive fifteen minutes early for your first visit. Parking is free.")]
    match = Retriever().fit(entries).search("when should I arrive for my first visit")[0]
    assert match.entry.id == "arrival" and match.semantic_gap == 0
