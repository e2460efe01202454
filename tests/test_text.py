"""Text processing: normalize, tokenize, stem, synonyms, typo correction, clipping."""

import pytest

from bot.engine.text import Analyzer, Speller, Synonyms, clip, normalize, question_type, sentences, stem, tokenize

SYNONYMS = Synonyms([["opioid", "opiate", "painkiller", "oxycodone"], ["neuropathic", "nerve pain"], ["over the counter", "otc"]])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  Hello   World ", "hello world"),
        ("Caf\u00e9 na\u00efve", "cafe naive"),
        ("don\u2019t", "dont"),
        ("80% of patients", "80 percent of patients"),
        ("tab\there\x00null", "tab here null"),
        ("\U0001f600 emoji", "\U0001f600 emoji"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How does Ketamine work?", ["how", "does", "ketamine", "work"]),
        ("Why don't opioids help?", ["why", "not", "opioids", "help"]),
        ("<img src=x onerror=alert(1)>", ["img", "src", "x", "onerror", "alert", "1"]),
        ("\U0001f600\U0001f600", []),
        ("", []),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("a, b", [("treatments", "treatment"), ("working", "works"), ("depressed", "depression")])
def test_stem_joins_word_forms(a, b):
    assert stem(a) == stem(b) or stem(a)[:5] == stem(b)[:5]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my oxycodone", ["opioid"]),
        ("Painkillers and opiates", ["opioid", "opioid"]),
        ("sharp nerve pain", ["sharp", "neuropath"]),
        ("over the counter medicine", ["over_the_counter", "medicin"]),
        ("what is the best", ["best"]),
    ],
)
def test_analyzer_applies_synonyms_and_drops_stop_words(text, expected):
    assert Analyzer(SYNONYMS)(text) == expected


def test_analyzer_keeps_negation_as_a_term():
    assert "not" in Analyzer()("why doesn't it work")


SPELLER = Speller(["ketamine", "treatments", "opioids", "depression", "inflammation", "neuropathic", "glutamate", "changes"])


@pytest.mark.parametrize(
    "typo, fixed",
    [
        ("ketamin", "ketamine"),
        ("ketamnie", "ketamine"),
        ("treatmnts", "treatments"),
        ("opiods", "opioids"),
        ("depresion", "depression"),
        ("inflamation", "inflammation"),
        ("nueropathic", "neuropathic"),
    ],
)
def test_speller_fixes_typos(typo, fixed):
    assert SPELLER.correct(typo) == fixed


@pytest.mark.parametrize("word", ["chances", "talking", "cat", "asdfgh", "2024", "glutamate"])
def test_speller_leaves_real_words_and_noise(word):
    assert SPELLER.correct(word) == word


def test_sentences_split_on_end_punctuation():
    assert sentences("One thing. Two things! Three? 80% four.") == ["One thing.", "Two things!", "Three?", "80% four."]


@pytest.mark.parametrize("limit", [20, 35, 800])
def test_clip_stays_within_limit_at_a_boundary(limit):
    text = "First sentence here. Second sentence is longer than that. Third."
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    assert clipped == text if limit == 800 else text.startswith(clipped.rstrip("\u2026").rstrip())


@pytest.mark.parametrize("typo, fixed", [("letamine", "ketamine"), ("ipioids", "opioids"), ("depresison", "depression")])
def test_speller_fixes_typos_in_any_letter(typo, fixed):
    assert SPELLER.correct(typo) == fixed


@pytest.mark.parametrize(
    "typo, fixed",
    [
        ("pian", "pain"),  # four letters: only two neighbouring letters swapped
        ("wrok", "work"),
        ("realy", "really"),  # a misspelt function word is that word, not "rely"
        ("becuase", "because"),
        ("pian", "pain"),
    ],
)
def test_speller_swaps_and_function_words(typo, fixed):
    assert Speller(["pain", "work", "rely", "becalm"]).correct(typo) == fixed


@pytest.mark.parametrize("word", ["pane", "walk", "rely", "pina"])
def test_speller_leaves_short_words_that_are_not_a_swap(word):
    assert Speller(["pain", "work", "rely"]).correct(word) == word


@pytest.mark.parametrize(
    "typo, fixed",
    [
        ("pils", "pills"),  # four letters, a double letter made single: the one word it can be
        ("slep", "sleep"),
        ("neve", "neve"),  # "nerve" or "never": no double letter to restore, left as written
        ("wort", "wort"),  # "worth" or "worst"
        ("ills", "ills"),  # a word of the vocabulary is itself
    ],
)
def test_speller_restores_a_dropped_letter_in_a_four_letter_typo(typo, fixed):
    assert Speller(["pills", "sleep", "nerve", "worth", "ills"]).correct(typo) == fixed


def test_deletes_reach_the_depth_asked():
    from bot.engine.text import deletes

    assert deletes("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert "a" in deletes("abc", 2) and "" not in deletes("abc", 2)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("What should I do if I'm at higher risk?", "action"),
        ("what to do if my child gets sick", "action"),
        ("How can I protect myself?", "action"),
        ("What steps can my family take?", "action"),
        ("Who is at risk for severe illness?", "who"),
        ("Which groups are most affected?", "who"),
        ("How long does the pain relief last?", "duration"),
        ("When is someone infectious?", "when"),
        ("Where does the virus come from?", "where"),
        ("Why don't opioids help?", "why"),
        ("How much does it cost?", "amount"),
        ("Is ketamine addictive?", None),
        ("What is ketamine?", None),
        ("", None),
    ],
)
def test_question_type(question, kind):
    assert question_type(question) == kind


@pytest.mark.parametrize("word", ["ketamine" * 125, "x" * 25, "kettaminekettaminekettamine"])
def test_a_word_longer_than_any_english_word_is_never_corrected(word):
    """The deletions of a 1,000-letter word took seconds to look up: such words are left as they are."""
    from bot.engine.text import MAX_CORRECTED_CHARS, Speller, correction_limit

    assert len(word) > MAX_CORRECTED_CHARS and correction_limit(word) == 0
    assert Speller(["ketamine"]).correct(word) == word


def vocabulary() -> set[str]:
    """Every word of the shipped knowledge, the question sets and the English word list."""
    from pathlib import Path

    from bot.engine.text import english_words

    root = Path(__file__).resolve().parents[1]
    files = [p for folder in (root / "knowledge", root / "tests" / "data") for p in folder.rglob("*") if p.suffix in (".md", ".yaml", ".jsonl", ".txt")]
    return {w for p in files for w in tokenize(p.read_text(encoding="utf-8"))} | english_words()


def test_stems_are_nltks_snowball_stems_without_the_rest_of_nltk():
    from nltk.stem.snowball import SnowballStemmer  # the ordinary import, the whole of NLTK

    nltk_stemmer = SnowballStemmer("english")
    words = vocabulary()
    assert len(words) > 60000
    assert [w for w in words if stem(w) != nltk_stemmer.stem(w)] == []


@pytest.mark.parametrize("a, b", [("suicidal", "sucidal"), ("overdose", "ovredose"), ("ab", "ba"), ("ca", "abc"), ("", "abc"), ("kitten", "sitting")])
def test_edit_distance_counts_swaps_of_neighbours_as_nltk_does(a, b):
    from nltk.metrics.distance import edit_distance as nltk_edit_distance

    from bot.engine.text import edit_distance

    assert edit_distance(a, b) == nltk_edit_distance(a, b, transpositions=True)


def test_edit_distance_agrees_with_nltk_on_random_strings():
    import random

    from nltk.metrics.distance import edit_distance as nltk_edit_distance

    from bot.engine.text import edit_distance

    rng = random.Random(13)
    pairs = [("".join(rng.choices("abcd", k=rng.randint(0, 7))), "".join(rng.choices("abcd", k=rng.randint(0, 7)))) for _ in range(5000)]
    assert [edit_distance(a, b) for a, b in pairs] == [nltk_edit_distance(a, b, transpositions=True) for a, b in pairs]


@pytest.mark.parametrize("text", ["Don`t  stop\tat 80%!", "it's\x00ok", "  ", "A\x7fB", "café don’t", "ROCK'N'ROLL % %%", "line\nbreak\r\n"])
def test_tokens_of_ascii_text_are_those_of_its_normalized_text(text):
    from bot.engine.text import _TOKEN_RE, NEGATIONS

    assert tokenize(text) == ["not" if t in NEGATIONS else t for t in _TOKEN_RE.findall(normalize(text))]


def test_analyzer_terms_are_the_same_with_and_without_synonyms_in_a_text():
    analyzer = Analyzer(SYNONYMS)
    stems = [stem(t) for t in tokenize("the nerve pain of my oxycodone, over the counter")]
    slow = [term for term, is_synonym in SYNONYMS.apply(stems) if is_synonym or term not in analyzer._stop_stems]
    assert analyzer("the nerve pain of my oxycodone, over the counter") == slow == ["neuropath", "opioid", "over_the_counter"]
    assert analyzer("the pain of the counter") == ["pain", "counter"]


def test_a_speller_learns_new_words_in_a_copy():
    from bot.engine.text import Speller

    speller = Speller(["ketamine", "infusion"])
    learned = speller.with_words(["parking"])
    assert learned.correct("parkign") == "parking" and learned.correct("ketamne") == "ketamine"
    assert speller.correct("parkign") == "parkign"


@pytest.mark.parametrize("text, expected", [("ok i'll think about it", ["ok", "i", "will", "think", "about", "it"]), ("we\u2019ll see", ["we", "will", "see"]), ("I feel ill", ["i", "feel", "ill"])])
def test_tokenize_reads_ll_as_will(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("how dose ketamine work", ["how", "does", "ketamine", "work"]),
        ("Dose it hurt?", ["does", "it", "hurt"]),
        ("what dose of ketamine is used", ["what", "dose", "of", "ketamine", "is", "used"]),
        ("the dose is too high", ["the", "dose", "is", "too", "high"]),
        ("how much dose ketamine do i need", ["how", "much", "dose", "ketamine", "do", "i", "need"]),
    ],
)
def test_tokenize_reads_dose_as_does_where_a_questions_verb_belongs(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("wat causes cancer pain anyway tbh", ["caus", "cancer", "pain"]),
    ("how does it work exactly", ["work"]),
    ("can I quit my meds, is the total cost serious", ["quit", "med", "total", "cost", "serious"]),  # not the fillers' stems
    ("an exact figure", ["exact", "figur"]),
])
def test_fillers_are_left_out_as_words_not_as_stems(text, expected):
    assert Analyzer()(text) == expected


@pytest.mark.parametrize("word", ["there", "does", "form"])
def test_speller_never_swaps_a_real_word_into_another(word):
    assert Speller(["three", "dose", "from"]).correct(word) == word


@pytest.mark.parametrize(
    "text, expected",
    [
        ("better w ketamine", ["better", "with", "ketamine"]),
        ("burning n shooting", ["burning", "and", "shooting"]),
        ("ketamine diff?", ["ketamine", "different"]),
        ("nerve blocks did nada", ["nerve", "blocks", "did", "not"]),  # "nothing" is a negation
        ("ask ur doc b4 the appt", ["ask", "your", "doctor", "before", "the", "appointment"]),
        ("how does ket work", ["how", "does", "ketamine", "work"]),
        ("up all nite, u think its the pain", ["up", "all", "night", "you", "think", "its", "the", "pain"]),
        ("oxy aint doin much, would i need em", ["oxy", "not", "doing", "much", "would", "i", "need", "them"]),
        ("can ketamine help goin pain", ["can", "ketamine", "help", "goin", "pain"]),  # groin, perhaps: left as written
        # "af" and "legit" as intensifiers carry no topic; as words they stay ("I have AF": atrial fibrillation)
        ("depressed af from the pain", ["depressed", "from", "the", "pain"]),
        ("i have af, is it ok", ["i", "have", "af", "is", "it", "ok"]),
        ("legit unbearable pain", ["unbearable", "pain"]),
        ("is ketamine legit", ["is", "ketamine", "legit"]),
        # slang phrases with no topic; "real" alone is a word
        ("real talk what are the odds", ["what", "are", "the", "odds"]),
        ("is that cancer pain 4 real", ["is", "that", "cancer", "pain"]),
        ("is the pain real", ["is", "the", "pain", "real"]),
        # digits and real words are left alone
        ("stage 4 cancer", ["stage", "4", "cancer"]),
        ("a new drug", ["a", "new", "drug"]),
    ],
)
def test_tokenize_reads_text_speak_as_its_words(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pain w/o meds", ["pain", "without", "meds"]),
        ("better w/ketamine", ["better", "with", "ketamine"]),
        # shortenings that mean more than one thing here are left as written
        ("bc pain", ["bc", "pain"]),  # because, or breast cancer
        ("can an rn do it", ["can", "an", "rn", "do", "it"]),  # a registered nurse
        ("a prob with it", ["a", "prob", "with", "it"]),
    ],
)
def test_tokenize_reads_with_and_without_and_leaves_ambiguous_shortenings(text, expected):
    assert tokenize(text) == expected
