"""The TF-IDF retriever on a tiny corpus, with no app."""

import functools

import numpy as np
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


# Candidates: only entries that share a term with the question are scored, and the figures are the
# ones a pass over every entry gives. `exhaustive` is that pass, written out over the fitted index.


def exhaustive(retriever, query, k=8):
    """(id, score, terms, gap, coverage, semantic, similarity) of the best k entries, scoring every entry."""
    import math
    from collections import Counter

    import numpy as np

    from bot.engine.retriever import SEMANTIC_PENALTY
    from bot.engine.text import question_type

    r = retriever
    words = r.query_words(query)
    counts = Counter(r.analyzer_.terms(words))
    known = [(r.vocabulary_[t], 1 + math.log(c)) for t, c in counts.items() if t in r.vocabulary_]
    if not known:
        return []
    columns, tf = np.array([c for c, _ in known]), np.array([f for _, f in known])
    unknown_tf = sum(1 + math.log(c) for t, c in counts.items() if t not in r.vocabulary_)
    weights, coverage_weights = tf * r.idf_[columns], tf * r.entry_idf_[columns]
    units = r.matrix_[:, columns].toarray().astype(np.float64) @ (weights / math.sqrt(weights @ weights + (unknown_tf * r.unknown_idf_) ** 2))
    starts = r.starts_[:-1]

    def best_of(scores, text_factor):
        return np.maximum.reduceat(np.where(r.is_text_, 0, scores), starts) + text_factor * np.maximum.reduceat(np.where(r.is_text_, scores, 0), starts)

    similarity = best_of(units, r.text_factor_)
    holds = np.array([[bool(r.matrix_[r.starts_[e]:r.starts_[e + 1], c].nnz) for c in columns] for e in range(len(r.entries_))])
    coverage = holds @ coverage_weights**2 / (coverage_weights @ coverage_weights + (unknown_tf * r.unknown_entry_idf_) ** 2)
    scores = coverage**r.coverage_weight * np.maximum(similarity, 0) ** (1 - r.coverage_weight)
    if question_type(query) in r.type_factors_:
        scores = scores * r.type_factors_[question_type(query)]
    vector = weights @ r.term_vectors_[columns]
    for word in words:
        terms = r.analyzer_.terms([word])
        if len(terms) == 1 and terms[0] not in r.vocabulary_ and (v := r.vectors_.vector(word)) is not None:
            vector = vector + r.unknown_idf_ * v
    unit_vectors = r.unit_vectors_ if r.unit_slots_ is None else r.unit_vectors_[r.unit_slots_]  # a big index keeps them group by group
    semantic = best_of(np.maximum(unit_vectors @ (vector / np.linalg.norm(vector)).astype(np.float32), 0), r.semantic_text_factor_)
    best = np.where(r.has_questions_, semantic[r.has_questions_].max(initial=0), semantic[~r.has_questions_].max(initial=0))
    scores = scores * np.maximum(1 - SEMANTIC_PENALTY * (best - semantic), 0)
    order = sorted((i for i in range(len(scores)) if scores[i] > 0), key=lambda i: (-scores[i], i))[:k]
    names = r.feature_names_[columns]
    return [(r.entries_[i].id, min(scores[i], 1.0), tuple(names[holds[i]]), best[i] - semantic[i], coverage[i], semantic[i], similarity[i]) for i in order]


@functools.lru_cache(maxsize=None)
def fitted(entries, **options):
    """A retriever fitted on `entries` once for the module."""
    return Retriever(synonyms=SYNONYMS, **options).fit(entries)


def found(retriever, query, k=8):
    return [(m.entry.id, m.score, m.terms, m.semantic_gap, m.coverage, m.semantic, m.similarity) for m in retriever.search(query, k=k)]


QUESTIONS = [
    "How does ketamine work?", "why can't I sleep with this pain", "painkillers not helping", "what is glutamate", "pain", "what's the cost",
    "can my puppy get the illness", "What should I do if I'm at higher risk of serious illness?", "symptoms of illness in dogs", "how dose ketamin wrok",
    "the pain the pain the pain", "Who is at higher risk of serious illness? fever cough",
]


def assert_as_exhaustive(retriever, query, tolerance=1e-9):
    expected = exhaustive(retriever, query)
    got = found(retriever, query)
    assert [m[0] for m in got] == [m[0] for m in expected]
    for mine, want in zip(got, expected):
        assert mine[2] == want[2] and mine[1:2] + mine[3:] == pytest.approx(want[1:2] + want[3:], rel=tolerance, abs=tolerance)


@pytest.mark.parametrize("query", QUESTIONS)
@pytest.mark.parametrize("entries", [ENTRIES, RISK, ENTRIES + RISK], ids=["clinic", "risk", "both"])
def test_candidates_give_the_figures_of_a_pass_over_every_entry(entries, query):
    assert_as_exhaustive(fitted(tuple(entries)), query)


# Forty entries with a word of their own each: a question about one reaches one entry's postings,
# fewer than a quarter of the entries, so candidates come without an array of every entry.
FRUIT = ("apple banana cherry durian elder fig grape hazel iris juniper kale lemon mango nutmeg olive pear quince radish sage thyme "
         "ugli vanilla walnut yam zucchini almond basil clove dill endive fennel garlic hops indigo jasmine kelp lime mint neem").split()
MANY = [Entry(word, "faq", word.title(), (f"What about {word}?",), f"All about {word} and pain.") for word in FRUIT]


@pytest.mark.parametrize("query", ["what about mango", "mango and kelp", "pain", "mango pain", "what about tomatoes", "lime mint neem pain"])
def test_few_postings_or_many_give_the_figures_of_a_pass_over_every_entry(query):
    assert_as_exhaustive(fitted(tuple(MANY)), query)


def candidates(retriever, query):
    """The ids of the entries `search` scores for `query`."""
    import numpy as np

    columns = np.array([retriever.vocabulary_[t] for t in dict.fromkeys(retriever.query_terms(query)) if t in retriever.vocabulary_])
    ones = np.ones(len(columns))
    return {retriever.entries_[i].id for i in retriever._candidates(columns, ones, ones, None)}


@pytest.mark.parametrize("query, expected", [("what about mango", {"mango"}), ("mango and kelp", {"mango", "kelp"}), ("pain", set(FRUIT))])
def test_only_entries_sharing_a_term_are_candidates(query, expected):
    assert candidates(Retriever().fit(MANY), query) == expected


def test_past_the_pool_the_entries_with_the_best_bound_are_scored():
    retriever = Retriever(pool=3).fit(MANY)
    assert len(candidates(retriever, "pain")) == 3
    assert "mango" in candidates(retriever, "mango pain")
    assert retriever.search("mango pain")[0].entry.id == "mango"


@pytest.mark.parametrize("option", ["pool", "probes"])
def test_a_pool_or_probes_of_none_are_rejected(option):
    with pytest.raises(ValueError, match=option):
        Retriever(**{option: 0})


@pytest.mark.parametrize("query", QUESTIONS)
@pytest.mark.parametrize("entries", [ENTRIES, RISK], ids=["clinic", "risk"])
def test_a_big_index_finds_the_closest_entry_through_its_groups(entries, query):
    """Grouped as a big index is (here every group is probed and every unit kept), the figures do not change."""
    retriever = fitted(tuple(entries), semantic_scan=0)
    assert retriever.unit_slots_ is not None
    assert_as_exhaustive(retriever, query, tolerance=1e-6)  # float32 products over other blocks of rows: the last bit may differ


def test_in_a_big_index_the_gap_is_to_the_closest_entry_found():
    matches = Retriever(semantic_scan=0, probes=1).fit(MANY).search("mango pain", k=40)
    assert all(m.semantic_gap >= 0 for m in matches)


@pytest.mark.parametrize("values, count", [([0.1, 0.5, 0.3, 0.9], 2), (list(range(1000)), 5), ([1.0] * 100 + [2.0] * 3, 3)])
def test_largest_finds_the_positions_of_the_largest_values(values, count):
    import numpy as np

    from bot.engine.retriever import _largest

    values = np.array(values, dtype=float)
    assert sorted(values[_largest(values, count)]) == sorted(values)[-count:]


def test_unique_and_ranges_and_blocks():
    import numpy as np
    from scipy import sparse

    from bot.engine.retriever import _block, _ordered_sum, _ranges, _unique

    assert sorted(_unique(np.array([5, 1, 5, 3, 1, 5]), 8).tolist()) == [1, 3, 5]
    assert _ranges(np.array([2, 7, 4]), np.array([4, 7, 6])).tolist() == [2, 3, 4, 5]
    matrix = sparse.csr_matrix(np.array([[1.0, 0, 2], [0, 3, 0], [4, 5, 6]]))
    assert _block(matrix, np.array([2, 0]), np.array([2, 0])).tolist() == [[6, 4], [2, 1]]
    assert _ordered_sum(np.array([[1.0, 2.0], [3.0, 0.0]]), np.array([0.5, 0.25])).tolist() == [1.0, 1.5]


def test_entries_that_tie_exactly_come_in_the_knowledge_bases_order():
    twin = ("Can I drive home after an infusion?",), "No, please arrange a ride home."
    names = ["zeta", "alpha", "mid", "beta"]
    matches = Retriever().fit([Entry(name, "faq", "Driving", *twin) for name in names]).search("can I drive home")
    # (a float32 product may round one row's sum differently in the last bit: only exact ties are compared)
    ties = [(a, b) for a, b in zip(matches, matches[1:]) if a.score == b.score]
    assert ties and all(names.index(a.entry.id) < names.index(b.entry.id) for a, b in ties)


# An edit without fitting again: the index's rows for the changed entries, weighted with the fitted IDF.

KETAMINE_SLEEP = Entry("ketamine-sleep", "faq", "Sleep after ketamine", ("Does ketamine affect sleep?",), "Ketamine can affect sleep for a day.")


def figures(retriever, query):
    """Every match's id and terms, and its figures, in id order."""
    matches = sorted(retriever.search(query, k=50), key=lambda m: m.entry.id)
    return [(m.entry.id, m.terms) for m in matches], [x for m in matches for x in (m.score, m.semantic_gap, m.coverage, m.semantic, m.similarity)]


@pytest.mark.parametrize("semantic_scan", [5000, 0], ids=["small", "grouped"])
def test_an_edit_that_changes_nothing_keeps_every_figure(semantic_scan):
    retriever = Retriever(synonyms=SYNONYMS, semantic_scan=semantic_scan).fit(ENTRIES + RISK)
    for updated in (retriever.with_changes(), retriever.with_changes([ENTRIES[2], RISK[0]])):  # the same entries, moved to the end
        for query in QUESTIONS:
            (names, numbers), (want_names, want_numbers) = figures(updated, query), figures(retriever, query)
            assert names == want_names and numbers == pytest.approx(want_numbers, abs=1e-6)


@pytest.mark.parametrize("semantic_scan", [5000, 0], ids=["small", "grouped"])
def test_a_new_entry_is_found_and_a_removed_one_never(semantic_scan):
    retriever = Retriever(synonyms=SYNONYMS, semantic_scan=semantic_scan).fit(ENTRIES)
    updated = retriever.with_changes([KETAMINE_SLEEP], removed=["nmda"])
    assert updated.search("does ketamine affect sleep")[0].entry.id == "ketamine-sleep"
    assert updated.exact_entry("Does ketamine affect sleep?") is KETAMINE_SLEEP
    assert "nmda" not in {m.entry.id for q in QUESTIONS for m in updated.search(q, k=8)}
    assert updated.exact_entry("How does ketamine work?") is None
    assert retriever.search("How does ketamine work?")[0].entry.id == "nmda"  # the original index is untouched
    assert "ketamine-sleep" not in {m.entry.id for m in retriever.search("does ketamine affect sleep")}


def test_an_edit_replaces_the_entry_with_its_id():
    edited = Entry("sleep", "faq", "Sleep", ("Can glutamate affect sleep?",), "Glutamate can affect sleep.")
    updated = Retriever(synonyms=SYNONYMS).fit(ENTRIES).with_changes([edited])
    assert [e.id for e in updated.entries_].count("sleep") == 1
    assert updated.search("can glutamate affect sleep")[0].entry is edited


def test_an_edit_cannot_remove_every_entry():
    with pytest.raises(ValueError, match="no entries"):
        Retriever().fit(ENTRIES).with_changes(removed=[e.id for e in ENTRIES])


def test_a_grouped_index_can_lose_all_but_the_new_entries():
    updated = Retriever(semantic_scan=0).fit(ENTRIES).with_changes([KETAMINE_SLEEP], removed=[e.id for e in ENTRIES])
    assert [m.entry.id for m in updated.search("does ketamine affect sleep")] == ["ketamine-sleep"]


@pytest.mark.parametrize("semantic_scan", [5000, 0], ids=["small", "grouped"])
def test_an_edit_with_words_the_index_never_saw_is_found(semantic_scan):
    parking = Entry("parking", "faq", "Parking", ("Is there parking for patients?",), "Yes, the garage on Elm Street is free for patients.")
    updated = Retriever(synonyms=SYNONYMS, semantic_scan=semantic_scan).fit(ENTRIES).with_changes([parking])
    for query in ("is there parking for patients", "is there parkign", "free garage"):
        assert updated.search(query)[0].entry.id == "parking"
    assert updated.search("how does ketamine work")[0].entry.id == "nmda"


def test_the_semantic_vectors_are_the_same_to_the_last_bit_whatever_the_blocks(monkeypatch):
    """The units' vectors are summed a block of rows at a time (a background fit never holds the
    interpreter long): the same vectors as one product over every row."""
    from bot.engine import tfidf

    whole = Retriever(synonyms=SYNONYMS).fit(ENTRIES + RISK)
    monkeypatch.setattr(tfidf, "FIT_BLOCK", 2)
    blocks = Retriever(synonyms=SYNONYMS).fit(ENTRIES + RISK)
    assert np.array_equal(whole.unit_vectors_, blocks.unit_vectors_)
