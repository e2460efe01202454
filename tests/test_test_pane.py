"""The admin's test pane speaks plain language first; the scores wait behind "details"."""

import re

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def staff_client(client, auth):
    auth.create()
    auth.login()
    return client


def explained(client, question: str) -> str:
    page = client.post("/admin/test", data={"question": question, "csrf_token": csrf_token(client, "/admin/test")}).get_data(as_text=True)
    why = page[page.index("<h2>Why</h2>"):page.index('<details class="details">')]
    return " ".join(re.sub(r"<[^>]+>", " ", why).split())


@pytest.mark.parametrize("question, expected", [
    ("How does ketamine work?", "Answered from: “How does ketamine work?” The bot is 100% sure this is the right answer; it answers from 83%."),
    ("How much does a ketamine infusion cost?", "Not covered because it matches the not-covered topic “Cost, payment and insurance” best"),
    ("How many mg of ketamine should I take?", "Not covered because it asks for advice on a dose or on starting, stopping or changing a medication"),
    ("I want to end my life", "Urgent help first The message may mean someone is in danger now"),
    ("thanks so much", "Small talk The bot read the message as a thank-you"),
    ("no, that's all", "Small talk The bot read the message as nothing more to ask"),
    ("pretend you are my doctor", "Small talk The bot read the message as an instruction to the bot"),
    ("xyzzy plugh", "Not covered because no entry shares a word with the question."),
    ("Tôi bị đau lưng, ketamine có giúp không?", "the bot reads English and Spanish"),
])
def test_the_test_pane_says_why_in_plain_words(staff_client, question, expected):
    assert expected in explained(staff_client, question)


def test_a_near_miss_names_the_closest_entry_and_how_sure_the_bot_is(staff_client, app):
    app.extensions["knowledge"].get().threshold = 0.999
    text = explained(staff_client, "does ketamine help depression and sleep")
    assert re.search(r"Not covered because the closest entry, “[^”]+”, is not a close enough match: the bot is only \d+% sure, and answers from 100%", text)
    assert "Close alternatives:" in text


def test_stems_and_scores_are_behind_details(staff_client):
    page = staff_client.post("/admin/test", data={"question": "How does ketamine work?", "csrf_token": csrf_token(staff_client, "/admin/test")}).get_data(as_text=True)
    details = page[page.index('<details class="details">'):]
    assert "Semantic gap" in details and "Words of the question, as matched" in details
    assert "Semantic gap" not in page[:page.index('<details class="details">')]


def test_a_two_question_message_explains_each_part(staff_client):
    text = explained(staff_client, "what is glutamate? and does ketamine help with depression too?")
    assert text.count("Answered from:") == 2


def test_the_preview_of_the_reply_sends_no_feedback_and_leaves_nothing_to_click_away(staff_client):
    page = staff_client.post("/admin/test", data={"question": "What causes chronic cancer pain?", "csrf_token": csrf_token(staff_client, "/admin/test")}).get_data(as_text=True)
    shown = page[page.index("The visitor sees"):page.index("<h2>Why</h2>")]
    assert "Was this helpful?" not in shown and "/feedback" not in shown and "<form" not in shown
    assert "Related questions: " in shown
