"""Small talk is recognised only when the whole message is small talk."""

import pytest

from bot.engine.smalltalk import classify


@pytest.mark.parametrize(
    "message, kind",
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning", "greeting"),
        ("Good evening to you", "greeting"),
        ("my mom says hi", "greeting"),
        ("thank you!", "thanks"),
        ("ok thanks a lot", "thanks"),
        ("Thanks so much", "thanks"),
        ("bye", "goodbye"),
        ("who am I talking to?", "identity"),
        ("are you a robot", "identity"),
        ("Is this a real person?", "identity"),
        ("can I talk to a human", "human"),
        ("i want to speak to a nurse", "human"),
        ("ok", "ack"),
    ],
)
def test_small_talk_kinds(message, kind):
    assert classify(message) == kind


@pytest.mark.parametrize(
    "message",
    ["hi, how does ketamine work?", "thanks, and does it help sleep?", "asdfgh qwerty", "", "   ", "\U0001f44b", "What is this treatment?"],
)
def test_questions_and_noise_are_not_small_talk(message):
    assert classify(message) is None


@pytest.mark.parametrize(
    "message, kind",
    [
        ("ok gonna show my mum", "thanks"),
        ("okay i'll ask his oncologist tomorrow", "thanks"),
        ("alright let me think about it", "thanks"),
        ("ok so i will talk to my doctor about ketamine then", "thanks"),
        ("vale, voy a hablar con mi hija", "thanks"),
        ("ok will ketamine help my pain", None),  # a question
        ("ok ketamine for nerve pain", None),  # a query without a question mark
        ("ok well the pain is bad today", None),  # "well" is not "we'll" here
        ("ok i need to book an appointment", None),
        ("okay i have to ask about insurance", None),
        ("sure i can come on tuesday", None),
        ("ok i will stop bothering everyone", None),
    ],
)
def test_an_acknowledgement_with_the_visitors_next_step_is_a_closing(message, kind):
    assert classify(message) == kind


@pytest.mark.parametrize(
    "message, plain",
    [
        # the answers to the bot's own "Is there anything else you would like to know?"
        ("never mind", True),
        ("nvm", True),
        ("No, that's all, thank you", True),
        ("nothing else", True),
        ("nope thats it", True),
        ("all good thanks", True),
        ("no thanks", True),
        # not a closing: kept for the safety check and retrieval
        ("that's it", False),
        ("nothing else matters", False),
        ("never mind, i will just end it", False),
    ],
)
def test_saying_there_is_nothing_more_to_ask_is_plain_small_talk_seen_off_like_a_goodbye(message, plain):
    from bot.engine import safety
    from bot.engine.smalltalk import is_plain

    assert is_plain(message) is plain
    if plain:
        assert classify(message) == "done" and not safety.assess(message).crisis
