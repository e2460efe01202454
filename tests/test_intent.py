"""The intent classifier (bot/engine/intent.py): a second opinion fitted on the entries' phrasings."""


import numpy as np
import pytest

from bot.engine import fitfiles, intent
from bot.engine.answer import Bot
from bot.engine.fitfiles import FitFiles
from bot.engine.intent import NO_OPINION, IntentModel, fitted, refit_needed, terms
from bot.kbformat.reader import Entry, KnowledgeBase, load

COST = Entry("cost", "not_covered", "Cost", ("How much does it cost?", "Is it covered by insurance?", "price of an infusion"), "")
WORKS = Entry("works", "faq", "How it works", ("How does ketamine work?", "What does ketamine do in the body?", "mechanism of ketamine"), "It binds to the NMDA receptor.")
LONG = Entry("long", "faq", "How long", ("How long does an infusion take?", "How many hours is a session?", "length of a treatment"), "About four hours.")
PASSAGE = Entry("overview-p1", "passage", "Overview", (), "Ketamine can help chronic cancer pain.")
ENTRIES = [COST, WORKS, LONG, PASSAGE]


def test_terms_are_character_and_word_grams():
    got = terms("Ketamine works")
    assert " ke" in got and "ine " in got and "w:ketamine" in got and "w:ketamine w:works" in got


def test_a_misspelling_keeps_most_of_its_character_grams():
    right, typo = set(terms("infusion")), set(terms("infussion"))
    assert len(right & typo) >= len(right) / 2


@pytest.mark.parametrize("question, entry_id", [
    ("how does ketamine actually work", "works"),
    ("wat does ketamin do in my body", "works"),  # typos
    ("how many hours does it take", "long"),
    ("whats the price", "cost"),  # a not-covered topic is an entry like any other
    ("insurance cover it?", "cost"),
])
def test_the_classifier_chooses_the_entry_asked_for(question, entry_id):
    model = IntentModel().fit(ENTRIES)
    scores = model.scores(question)
    assert model.entry_ids_[scores.argmax()] == entry_id
    opinion = model.opinion(scores, entry_id)
    assert opinion.known and opinion.agrees and opinion.margin > 0


def test_its_opinion_of_another_entry_disagrees():
    model = IntentModel().fit(ENTRIES)
    opinion = model.opinion(model.scores("how long does an infusion take"), "works")
    assert opinion.known and not opinion.agrees and opinion.margin < 0


def test_an_entry_without_phrasings_has_no_opinion():
    model = IntentModel().fit(ENTRIES)
    assert model.opinion(model.scores("ketamine for cancer pain"), "overview-p1") == NO_OPINION


def test_a_question_of_unknown_words_scores_nothing():
    model = IntentModel().fit(ENTRIES)
    assert not model.scores("§§§ 12").any()


def test_scores_before_fit_is_a_clear_error():
    with pytest.raises(ValueError, match="not fitted"):
        IntentModel().scores("how does it work")


ONE_QUESTION_EACH = [Entry(e.id, e.kind, e.title, e.questions[:1], e.answer) if e.kind == "faq" else e for e in ENTRIES]


@pytest.mark.parametrize("entries, why", [
    ([WORKS, PASSAGE], "one entry with phrasings"),
    ([PASSAGE], "none"),
    ([COST, PASSAGE], "no FAQ entry: not-covered topics alone"),
    (ONE_QUESTION_EACH, "one question an FAQ entry (an imported FAQ), however many the not-covered topics have"),
])
def test_no_model_where_phrasings_cannot_teach_one(entries, why):
    assert fitted(entries) is None, why


def test_no_model_above_the_size_limit(monkeypatch):
    assert fitted(ENTRIES) is not None
    monkeypatch.setattr(intent, "MAX_PHRASINGS", 8)
    assert fitted(ENTRIES) is None


def test_the_retriever_s_reading_carries_staff_s_synonyms():
    read = {"what is zorblax": ["glutam"], "What is glutamate?": ["glutam"]}.get
    glutamate = Entry("glutamate", "faq", "Glutamate", ("What is glutamate?", "glutamate meaning", "explain glutamate"), "A neurotransmitter.")
    model = IntentModel().fit([glutamate, WORKS, LONG], read=lambda text: read(text) or ())
    plain, synonym = model.scores("what is zorblax"), model.scores("what is zorblax", read("what is zorblax"))
    assert synonym[model.column_["glutamate"]] > plain[model.column_["glutamate"]]


@pytest.mark.parametrize("changed, removed, needed", [
    ([], ["overview-p1"], False),  # a passage: no phrasing touched
    ([Entry("overview-p2", "passage", "Overview", (), "More text.")], [], False),
    ([Entry("parking", "faq", "Parking", ("Where do I park?",), "Behind.")], [], True),  # a new phrasing
    ([Entry("works", "faq", "How it works", (), "Rewritten.")], [], True),  # an entry it knows lost its phrasings
    ([], ["long"], True),
])
def test_an_edit_refits_only_when_it_touches_phrasings(changed, removed, needed):
    assert refit_needed(IntentModel().fit(ENTRIES), changed, removed) is needed


def test_the_shipped_knowledge_base_has_a_model():
    kb = load("knowledge")
    model = fitted(kb.entries)
    assert model is not None and len(model.entry_ids_) == sum(1 for e in kb.entries if e.questions)


def test_an_edit_refits_the_bot_s_model():
    kb = KnowledgeBase(entries=list(ENTRIES))
    bot = Bot(kb)
    added = Entry("parking", "faq", "Parking", ("Where do I park?", "Is there parking at the clinic?", "car park"), "Behind the building.")
    edited = bot.updated(KnowledgeBase(entries=[*ENTRIES, added]), changed=[added])
    assert "parking" in edited.intents.entry_ids_ and "parking" not in bot.intents.entry_ids_
    assert edited.updated(edited.kb).intents is edited.intents  # nothing changed: nothing refitted
    removed = edited.updated(KnowledgeBase(entries=list(ENTRIES)), removed=["parking"])
    assert "parking" not in removed.intents.entry_ids_


def test_an_edit_forgets_the_related_questions_worked_out_before_it():
    bot = Bot(load("knowledge"))
    before = bot.related("how-ketamine-works")
    assert before  # else this tests nothing
    kb = load("knowledge")
    kept = [e for e in kb.entries if e.questions and e.questions[0] not in before]
    gone = {e.id for e in kb.entries} - {e.id for e in kept} - {e.id for e in kb.entries if not e.questions}
    edited = bot.updated(KnowledgeBase(documents=kb.documents, entries=[e for e in kb.entries if e.id not in gone], synonyms=kb.synonyms,
                                       messages=kb.messages), removed=sorted(gone))
    assert not set(edited.related("how-ketamine-works")) & set(before)
    assert bot.related("how-ketamine-works") == before  # the old bot is untouched


@pytest.mark.parametrize("entries, because", [
    (ENTRIES, None),
    (ONE_QUESTION_EACH, "phrasings for 2 FAQ entries, under 2 an entry"),
    ([COST, PASSAGE], "0 phrasings for 0 FAQ entries"),
])
def test_the_reason_an_intent_model_is_left_out_is_said(entries, because):
    got = intent.left_out_because(entries)
    assert got is None if because is None else because in got


def test_the_log_says_whether_the_bot_answers_with_the_intent_classifier(make_app, knowledge_dir, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
        with app.app_context():
            from bot.web.live import get_bot

            get_bot()
    assert "answering with the intent classifier's second opinion" in caplog.text


# An entry's examples: questions visitors asked in their own words, which no phrasing holds.
WORKS_EXAMPLES = ("so what does the drug actually do to the nerves", "wut does it do 2 my nerves tho", "explain the nerve thing to me like im 5")
WORKS_WITH_EXAMPLES = Entry(WORKS.id, WORKS.kind, WORKS.title, WORKS.questions, WORKS.answer, examples=WORKS_EXAMPLES)


def test_examples_teach_the_classifier_how_visitors_word_an_entry():
    question = "what does it do to my nerves"
    plain, taught = IntentModel().fit(ENTRIES), IntentModel().fit([COST, WORKS_WITH_EXAMPLES, LONG, PASSAGE])
    assert taught.opinion(taught.scores(question), "works").agrees
    assert taught.scores(question)[taught.column_["works"]] > plain.scores(question)[plain.column_["works"]]


def test_examples_never_decide_whether_there_is_a_model():
    examples_only = [Entry(e.id, e.kind, e.title, e.questions[:1], e.answer, examples=("a", "b", "c")) if e.kind == "faq" else e for e in ENTRIES]
    assert fitted(examples_only) is None  # one phrasing an entry is an imported FAQ, however many examples


def test_examples_past_the_size_limit_are_left_out_not_the_model(monkeypatch):
    phrasings = sum(len(e.questions) for e in ENTRIES)
    monkeypatch.setattr(intent, "MAX_PHRASINGS", phrasings + 1)
    model = fitted([COST, WORKS_WITH_EXAMPLES, LONG, PASSAGE])
    assert model is not None and len(model.dual_) == phrasings + 1  # the phrasings and the one example there is room for


def test_examples_past_the_size_limit_are_shared_in_turns():
    """Each entry keeps a fair share, whatever its place in the file: one of each entry's in turn."""
    from bot.engine.intent import examples_with_room

    a = Entry("a", "faq", "A", ("a?",), "A.", examples=("a1", "a2", "a3", "a4"))
    b = Entry("b", "faq", "B", ("b?",), "B.", examples=("b1",))
    c = Entry("c", "faq", "C", ("c?",), "C.", examples=("c1", "c2"))
    assert examples_with_room([a, b, c], 4) == [("a1", "a"), ("b1", "b"), ("c1", "c"), ("a2", "a")]
    assert len(examples_with_room([a, b, c], 100)) == 7 and examples_with_room([a, b, c], 0) == []


def test_an_edit_of_an_entry_s_examples_refits():
    model = IntentModel().fit([COST, WORKS_WITH_EXAMPLES, LONG, PASSAGE])
    assert refit_needed(model, [Entry(WORKS.id, WORKS.kind, WORKS.title, WORKS.questions, WORKS.answer, examples=("how does it act",))], [])


def test_an_example_is_never_an_answer_word_for_word():
    """Asked exactly as an example, the question is still judged by the confidence model, never taken as
    a phrasing staff wrote (probability 1.0)."""
    kb = KnowledgeBase(entries=[COST, WORKS_WITH_EXAMPLES, LONG, PASSAGE])
    bot = Bot(kb)
    assert bot.retriever.exact_entry(WORKS_EXAMPLES[0]) is None
    assert bot.retriever.exact_entry(WORKS.questions[0]) is not None


def test_a_fit_on_the_same_phrasings_is_made_once_and_shared(monkeypatch):
    """Another bot on the same phrasings and examples (another app, the full refit after an unrelated edit)
    takes the fit made before; any changed phrasing or example is fitted anew."""
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())
    solved = []
    solve = IntentModel._solve
    monkeypatch.setattr(IntentModel, "_solve", lambda self, *args: solved.append(1) or solve(self, *args))
    first, second = IntentModel().fit(ENTRIES), IntentModel().fit(list(ENTRIES))
    assert len(solved) == 1 and second.dual_ is first.dual_
    monkeypatch.setattr(intent, "MAX_KEPT_FITS", 1)
    third = IntentModel().fit([COST, WORKS_WITH_EXAMPLES, LONG, PASSAGE])
    assert len(solved) == 2 and third.dual_.shape[0] == first.dual_.shape[0] + len(WORKS_EXAMPLES)
    IntentModel().fit(ENTRIES)  # the first fit was pushed out by the third: solved again
    assert len(solved) == 3


QUESTIONS = ["how does ketamine actually work", "whats the price", "how many hours", "wat does ketamin do", "§§§"]


def solves_counted(monkeypatch) -> list:
    """A fresh in-process memo, and a list that grows by one at every solve."""
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())
    solved = []
    solve = IntentModel._solve
    monkeypatch.setattr(IntentModel, "_solve", lambda self, *args: solved.append(1) or solve(self, *args))
    return solved


def test_a_fit_kept_in_a_folder_is_taken_by_a_new_process_as_it_was(monkeypatch, tmp_path):
    solved = solves_counted(monkeypatch)
    first = IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    assert len(list(tmp_path.glob("intent-*.npz"))) == 1
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())  # as in a new process
    again = IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    assert len(solved) == 1
    assert again.vocabulary_ == first.vocabulary_
    for question in QUESTIONS:
        assert (again.scores(question) == first.scores(question)).all()


def cut_short(path):
    path.write_bytes(path.read_bytes()[:200])


def garbage(path):
    path.write_bytes(b"not a zip file at all")


def one_array(path):
    with open(path, "wb") as out:
        np.save(out, np.zeros(3))


def with_arrays(**changes):
    """A kept fit with some of its arrays changed (wrong shapes, kinds or values)."""
    def change(path):
        with np.load(path, allow_pickle=False) as kept:
            arrays = {name: kept[name] for name in kept.files}
        for name, make in changes.items():
            arrays[name] = make(arrays[name])
        np.savez(path, **arrays)
    return change


def with_an_object_array(path):
    """An array that only a pickle can hold: never read (allow_pickle=False)."""
    with np.load(path, allow_pickle=False) as kept:
        arrays = {name: kept[name] for name in kept.files}
    arrays["dual"] = np.array([print, "x"], dtype=object)
    np.savez(path, **arrays)


@pytest.mark.parametrize("spoil", [
    cut_short,
    garbage,
    one_array,
    with_an_object_array,
    with_arrays(dual=lambda a: a[:-1]),  # a phrasing short
    with_arrays(dual=lambda a: np.full_like(a, np.nan)),
    with_arrays(intercept=lambda a: a[:1]),
    with_arrays(indices=lambda a: a + 10_000),  # phrasings that are not there
    with_arrays(indptr=lambda a: a[::-1].copy()),
    with_arrays(term_ends=lambda a: a + 1),
    with_arrays(terms=lambda a: np.full_like(a, 0xFF)),  # not UTF-8
    with_arrays(idf=lambda a: a.astype(np.int64)),
    with_arrays(term_ends=lambda a: a.astype(np.float64)),
    with_arrays(terms=lambda a: a.astype(np.int32)),
    with_arrays(data=lambda a: a.astype(np.int64)),
], ids=lambda spoil: getattr(spoil, "__name__", "changed"))
def test_a_spoilt_kept_fit_is_passed_over_and_solved_again(monkeypatch, tmp_path, caplog, spoil):
    solved = solves_counted(monkeypatch)
    first = IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    spoil(next(tmp_path.glob("intent-*.npz")))
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())
    again = IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    assert len(solved) == 2 and "passing over the kept intent fit" in caplog.text
    for question in QUESTIONS:
        assert (again.scores(question) == first.scores(question)).all()
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())
    IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))  # the spoilt file was replaced by the new fit
    assert len(solved) == 2


def test_only_the_newest_fits_are_kept(monkeypatch, tmp_path):
    solves_counted(monkeypatch)
    monkeypatch.setattr(fitfiles, "KEEP", 2)
    for extra in range(4):
        more = Entry("more", "faq", "More", tuple(f"question number {n} about sessions" for n in range(extra + 2)), "Answer.")
        IntentModel().fit([*ENTRIES, more], files=FitFiles(tmp_path))
    assert len(list(tmp_path.glob("intent-*.npz"))) == 2
    assert not list(tmp_path.glob(".intent-*"))  # no half-written file left behind


def test_a_folder_that_cannot_be_written_costs_time_not_the_model(monkeypatch, tmp_path, caplog):
    solved = solves_counted(monkeypatch)
    (tmp_path / "a-file").write_text("")
    model = IntentModel().fit(ENTRIES, files=FitFiles(tmp_path / "a-file" / "fits"))
    assert len(solved) == 1 and model.entry_ids_ and "could not be kept" in caplog.text


@pytest.mark.parametrize("setting, kept", [(True, True), ("true", True), ("1", True), (False, False), ("false", False), ("no", False), ("off", False), ("0", False)])
def test_a_server_keeps_its_fit_in_the_instance_folder_unless_told_not_to(make_app, knowledge_dir, tmp_path, monkeypatch, setting, kept):
    import flask

    monkeypatch.setattr(flask.Flask, "auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    monkeypatch.setattr(intent, "_fits", type(intent._fits)())
    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "KEEP_FITS": setting})
    fits = app.extensions["knowledge"].options["fits"]
    assert (fits is not None) is kept
    assert bool(list((tmp_path / "instance" / "fits").glob("intent-*.npz"))) is kept
    if kept:
        assert fits.folder == tmp_path / "instance" / "fits"


def test_a_fit_made_in_the_process_without_a_folder_is_kept_when_a_folder_asks_for_it(monkeypatch, tmp_path):
    solved = solves_counted(monkeypatch)
    IntentModel().fit(ENTRIES)  # a preview's trial: no folder
    IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))  # the edit that follows: the memo's fit, now kept
    assert len(solved) == 1 and len(list(tmp_path.glob("intent-*.npz"))) == 1


def test_a_failed_write_leaves_no_half_written_file_and_stale_ones_are_cleared(monkeypatch, tmp_path, caplog):
    import os
    import time

    solves_counted(monkeypatch)
    stale = tmp_path / ".intent-left-by-a-dead-process.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 2 * fitfiles.STALE_SECONDS,) * 2)
    fresh = tmp_path / ".intent-being-written-now.tmp"
    fresh.write_bytes(b"half")
    monkeypatch.setattr(fitfiles.os, "replace", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    assert "could not be kept" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, stale.name], "the failed write's file is gone"
    monkeypatch.undo()
    solves_counted(monkeypatch)
    IntentModel().fit(ENTRIES, files=FitFiles(tmp_path))
    assert not stale.exists() and fresh.exists() and len(list(tmp_path.glob("intent-*.npz"))) == 1


def test_the_primal_table_scores_as_the_phrasings_do_and_is_left_out_when_large(monkeypatch):
    model = IntentModel().fit(ENTRIES)
    assert model.weights_ is not None and model.weights_.shape == (len(model.vocabulary_), len(model.entry_ids_))
    monkeypatch.setattr(intent, "MAX_PRIMAL_VALUES", 0)
    gathered = IntentModel().fit(ENTRIES)
    assert gathered.weights_ is None
    for question in QUESTIONS:
        assert np.allclose(model.scores(question), gathered.scores(question), atol=1e-5)
        assert model.scores(question).argmax() == gathered.scores(question).argmax()


def test_a_visitor_s_thousand_letter_word_is_read_but_never_kept():
    from bot.engine import crisis_model

    model = crisis_model.shipped()  # loaded first: its check of the feature code scores a few sentences
    intent.word_grams.cache_clear()
    crisis_model._word_char_columns.cache_clear()
    crisis_model.kept_scoped_sentence.cache_clear()
    word = "abcdefghij" * 100
    assert " ab" in terms(f"how does {word} work") and model.scores(f"how does {word} work")
    assert intent.word_grams.cache_info().currsize == 3  # how, does, work
    assert crisis_model._word_char_columns.cache_info().currsize == 3
    assert crisis_model.kept_scoped_sentence.cache_info().currsize == 0  # a sentence over 300 characters
