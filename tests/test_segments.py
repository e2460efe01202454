"""Finding the questions in a visitor's message (bot/engine/segments.py)."""

import pytest

from bot.engine.segments import is_question, question_parts, sentences


@pytest.mark.parametrize(
    "message, expected",
    [
        ("my dad has cancer. how does ketamine work?", ["my dad has cancer.", "how does ketamine work?"]),
        ("no full stops here\nbut a new line", ["no full stops here", "but a new line"]),
        ("is it safe?and does it hurt?", ["is it safe?", "and does it hurt?"]),
        ("Dr. Smith said it helps. Does it?", ["Dr. Smith said it helps.", "Does it?"]),
        ("", []),
    ],
)
def test_sentences_however_the_message_is_punctuated(message, expected):
    assert sentences(message) == expected


@pytest.mark.parametrize(
    "sentence, asks",
    [
        ("how does ketamine work", True),
        ("Does it help nerve pain?", True),
        ("I'm wondering if it would help my mom", True),
        ("so what are the odds it works", True),
        ("que es la ketamina", True),
        ("my husband has lung cancer.", False),
        ("Have a good day", False),
        ("have you got anything on nerve pain", True),
        ("thanks so much", False),
        ("will ketamine help my husband", True),
    ],
)
def test_a_question_is_a_question_mark_an_opener_or_a_wondering(sentence, asks):
    assert is_question(sentence) is asks


@pytest.mark.parametrize(
    "message, expected",
    [
        ("how does ketamine work and is it safe", ["how does ketamine work", "is it safe"]),
        ("what is glutamate? and does it help depression", ["what is glutamate?", "does it help depression"]),
        ("¿Qué es la ketamina? ¿Y cuánto cuesta?", ["¿Qué es la ketamina?", "¿cuánto cuesta?"]),
        ("is it safe? Also, does it hurt?", ["is it safe?", "does it hurt?"]),
        ("her oxys aint doin nothin for her bone pain. y tho", ["y tho"]),  # text-speak "why", not Spanish "and"
        ("¿qué es? y cómo funciona?", ["¿qué es?", "cómo funciona?"]),
        ("Andrew asked: is it safe?", ["Andrew asked: is it safe?"]),
        # a lead-in that announces the questions is part of neither
        ("Two things: what's the success rate, and how many sessions would my mum need?", ["what's the success rate", "how many sessions would my mum need?"]),
        ("quick question: how does it work and is it safe?", ["how does it work", "is it safe?"]),
        ("Question: how does it work?", ["Question: how does it work?"]),
        ("My dad has bone cancer. He is on morphine. Can ketamine help him?", ["Can ketamine help him?"]),
        ("my dad and my mom both have pain", []),
        ("pain and burning and does it help", ["pain and burning and does it help"]),
        ("Is there any truth to that or is it one of those things people repeat online?", ["Is there any truth to that or is it one of those things people repeat online?"]),
    ],
)
def test_question_parts_leave_the_story_out_and_split_two_questions(message, expected):
    assert question_parts(message) == expected
