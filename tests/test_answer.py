"""The answer policy, through the engine (no HTTP)."""

from pathlib import Path

import pytest

from bot.answer import MAX_ANSWER_CHARS, Bot
from bot.retriever import Match

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def bot():
    return Bot.from_folder(KNOWLEDGE)


def test_crisis_comes_first_even_with_a_question(bot):
    reply = bot.ask("hi, I want to kill myself, how does ketamine work?")
    assert reply.status == "crisis"
    assert reply.answer.startswith(bot.messages["urgent_help"]["text"][:40])
    assert {link["href"] for link in reply.urgent_help["links"]} >= {"tel:988", "sms:988", "tel:911"}


def test_informational_suicide_question_is_answered_with_the_help_line(bot):
    reply = bot.ask("Can chronic pain lead to suicidal thoughts?")
    assert reply.status == "answered"
    assert "suicidal ideation" in reply.answer
    assert "988" in reply.answer and reply.urgent_help
    assert len(reply.answer) <= MAX_ANSWER_CHARS


@pytest.mark.parametrize("question", ["what dose of ketamine is used", "should I stop my oxycodone", "Can I take ketamine with my morphine?"])
def test_medical_advice_is_never_answered_from_content(bot, question):
    reply = bot.ask(question)
    assert reply.status == "fallback"
    assert "doctor" in reply.answer and reply.sources == []


@pytest.mark.parametrize("question, kind", [("hello", "greeting"), ("thanks!", "thanks"), ("can I talk to a person", "human")])
def test_small_talk(bot, question, kind):
    reply = bot.ask(question)
    assert reply.status == "smalltalk"
    assert reply.answer.startswith(bot.messages["smalltalk"][kind][:30])


def test_answer_comes_with_sources_best_first(bot):
    reply = bot.ask("How does ketamine work?")
    assert reply.status == "answered"
    assert "NMDA" in reply.answer
    assert reply.sources[0].id == "how-ketamine-works"
    assert reply.sources[0].url == "/learn#how-ketamine-works"
    assert 1 <= len(reply.sources) <= 3
    assert [s.score for s in reply.sources] == sorted((s.score for s in reply.sources), reverse=True)
    assert 0 < reply.confidence <= 1


def test_not_covered_topic_falls_back_with_contact(bot):
    reply = bot.ask("How much does a ketamine infusion cost?")
    assert reply.status == "fallback"
    assert reply.answer.startswith(bot.messages["fallback"][:30])
    assert reply.contact["name"] == bot.messages["clinic"]["name"]


def test_near_miss_falls_back_with_suggestions(bot):
    bot_strict = Bot(bot.kb, threshold=0.99, suggest_threshold=0.2)
    reply = bot_strict.ask("does ketamine help depression and sleep")
    assert reply.status == "fallback"
    assert 1 <= len(reply.suggestions) <= 3
    assert reply.sources


@pytest.mark.parametrize("question", ["asdfgh qwerty", "\U0001f600\U0001f600", "<img src=x onerror=alert(1)>", "What's the weather like tomorrow?"])
def test_noise_falls_back_without_suggestions(bot, question):
    reply = bot.ask(question)
    assert reply.status == "fallback"
    assert reply.suggestions == []


def test_every_answer_is_text_from_the_knowledge_base(bot):
    texts = {e.answer for e in bot.kb.entries}
    for question in ["How does ketamine work?", "what causes cancer pain", "why choose ketamine", "what is glutamate"]:
        reply = bot.ask(question)
        assert reply.status == "answered"
        assert any(reply.answer in text for text in texts)


def test_contact_details_filled_in_are_shown(bot):
    clinic = {**bot.messages["clinic"], "phone": "555-0100", "email": ""}
    kb = bot.kb
    kb_copy = type(kb)(kb.documents, kb.entries, kb.synonyms, {**kb.messages, "clinic": clinic})
    reply = Bot(kb_copy).ask("What are your opening hours?")
    assert "Phone: 555-0100" in reply.answer and "Email" not in reply.answer


@pytest.mark.parametrize(
    "options",
    [
        {"threshold": 0},
        {"threshold": 1.5},
        {"threshold": 0.3, "suggest_threshold": 0.5},
        {"strong_threshold": 0},
        {"strong_threshold": 1.2},
        {"semantic_margin": -0.1},
    ],
)
def test_bad_thresholds_are_rejected(bot, options):
    with pytest.raises(ValueError, match="threshold|margin"):
        Bot(bot.kb, **options)


@pytest.mark.parametrize(
    "score, gap, status",
    [
        (0.6, 0.0, "answered"),  # a good word match the semantic check confirms
        (0.6, 0.06, "answered"),  # within the margin
        (0.6, 0.2, "fallback"),  # words match, but another entry is clearly closer in meaning
        (0.75, 0.3, "answered"),  # a strong word match stands on its own
        (0.45, 0.0, "fallback"),  # below the threshold, whatever the check says
    ],
)
def test_a_middling_match_is_answered_only_when_the_semantic_check_agrees(bot, score, gap, status):
    entry = bot.kb.entry("how-ketamine-works")
    reply = bot.from_matches([Match(entry, score, ("ketamin",), gap)])
    assert reply.status == status
    if status == "fallback":
        assert reply.sources[0].id == "how-ketamine-works"  # still offered as the nearest entry
    if gap > 0.06 and status == "fallback":
        assert reply.reason == "not confirmed by the semantic check"
