"""The visitor pages through the test client."""


def test_index_shows_the_form_and_disclaimer(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="question"' in page and "not medical advice" in page
    assert '<html lang="en">' in page


def test_form_post_answers_without_javascript(client):
    page = client.post("/", data={"question": "How does ketamine work?"}, follow_redirects=True).get_data(as_text=True)
    assert "NMDA receptor" in page and 'href="/learn#how-ketamine-works"' in page


def test_question_is_escaped_on_the_page(client):
    page = client.post("/", data={"question": "<img src=x onerror=alert(1)>"}, follow_redirects=True).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_crisis_on_the_page_has_links(client):
    page = client.post("/", data={"question": "I want to end my life"}, follow_redirects=True).get_data(as_text=True)
    assert 'href="tel:988"' in page and 'href="sms:988"' in page and 'href="tel:911"' in page


def test_a_weak_crisis_on_the_page_shows_urgent_help_then_the_questions_it_came_near(client):
    from tests.test_answer import WEAK_CRISIS

    page = client.post("/", data={"question": WEAK_CRISIS}, follow_redirects=True).get_data(as_text=True)
    assert 'href="tel:988"' in page and "If you were asking about the treatment:" in page
    assert page.index('href="tel:988"') < page.index("If you were asking about the treatment:") and "Did you mean:" not in page


def test_learn_has_an_anchor_per_section(client):
    page = client.get("/learn").get_data(as_text=True)
    for section in ["overview", "symptoms", "traditional-treatments", "how-ketamine-works", "why-choose-ketamine"]:
        assert f'id="{section}"' in page


# The visit's conversation without JavaScript: kept in the signed session cookie.

import pytest  # noqa: E402

from bot.web import visit  # noqa: E402


def shown_questions(page: str) -> list[str]:
    import re

    return re.findall(r'<li class="msg msg--visitor" id="[^"]+"><p class="msg__text">([^<]*)</p>', page)


def test_the_conversation_lasts_for_the_visit(client):
    for question in ("How does ketamine work?", "Does ketamine kill cancer cells?"):
        response = client.post("/", data={"question": question})
        assert response.status_code == 303 and response.headers["Location"] == "/#latest"
    page = client.get("/").get_data(as_text=True)  # a reload, or back from /learn
    assert shown_questions(page) == ["How does ketamine work?", "Does ketamine kill cancer cells?"]
    assert "NMDA receptor" in page and "does not cover" in page
    assert 'id="latest"><p class="msg__text">Does ketamine kill cancer cells?' in page
    assert '<details class="starters" id="starters">' in page, "the starter questions stay one tap away"
    assert 'id="start-over"' in page and 'id="start-over" method="post" action="/start-over" hidden' not in page


def test_start_over_clears_the_conversation_but_not_the_urgent_help(client):
    client.post("/", data={"question": "I want to end my life"})
    client.post("/", data={"question": "How does ketamine work?"})
    response = client.post("/start-over")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert shown_questions(page) == [] and '<details class="starters" id="starters" open>' in page
    assert 'id="urgent-banner"' in page and 'id="urgent-banner" aria-labelledby="urgent-banner-title" hidden' not in page


def test_the_widget_layout_is_kept_after_each_question(client):
    response = client.post("/?embed=1", data={"question": "How does ketamine work?"})
    assert response.headers["Location"] == "/?embed=1#latest"
    assert client.post("/start-over?embed=1").headers["Location"] == "/?embed=1"


def test_the_cookie_holds_only_the_newest_questions_within_its_limits(client):
    questions = [f"Question number {i}: " + "how does ketamine work " * 20 for i in range(15)]
    for question in questions:
        client.post("/", data={"question": question.strip()})
    kept = shown_questions(client.get("/").get_data(as_text=True))
    assert 1 <= len(kept) <= visit.MAX_KEPT_QUESTIONS and sum(map(len, kept)) <= visit.MAX_KEPT_CHARS
    assert kept[-1] == questions[-1].strip() and kept == [q.strip() for q in questions][-len(kept):]
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 4000


def test_one_question_longer_than_the_limit_is_still_shown(client):
    question = "how does ketamine work " * 43
    client.post("/", data={"question": question.strip()})
    assert shown_questions(client.get("/").get_data(as_text=True)) == [question.strip()]


def test_a_tampered_cookie_is_ignored(client):
    client.set_cookie("session", "eyJjaGF0IjpbWyI8c2NyaXB0PiIsbnVsbF1dfQ.forged.signature")
    page = client.get("/").get_data(as_text=True)
    assert shown_questions(page) == [] and "<script>" not in page


def test_feedback_without_javascript_is_stored_and_thanked(client, app):
    client.post("/", data={"question": "Does ketamine reduce inflammation?"})
    page = client.get("/").get_data(as_text=True)
    assert 'name="helpful" value="yes"' in page and 'action="/feedback"' in page
    response = client.post("/feedback", data={"question": "Does ketamine reduce inflammation?", "source_id": "inflammation", "helpful": "yes"})
    assert response.status_code == 303 and response.headers["Location"] == "/#latest"
    page = client.get("/").get_data(as_text=True)
    assert "Thank you for your feedback." in page and 'name="helpful"' not in page
    with app.app_context():
        from bot.store.feedback import recent

        row = recent()[0]
    assert (row["question"], row["source_id"], row["helpful"]) == ("Does ketamine reduce inflammation?", "inflammation", 1)


def test_feedback_on_an_earlier_answer_returns_to_it(client):
    client.post("/", data={"question": "Does ketamine reduce inflammation?"})
    client.post("/", data={"question": "How does ketamine work?"})
    response = client.post("/feedback", data={"question": "Does ketamine reduce inflammation?", "source_id": "inflammation", "helpful": "no"})
    assert response.headers["Location"] == "/#q-0"


@pytest.mark.parametrize("form", [
    {},
    {"question": "Does it help?", "source_id": "inflammation"},
    {"question": "Does it help?", "source_id": "inflammation", "helpful": "maybe"},
    {"question": "Does it help?", "source_id": "no-such-entry", "helpful": "yes"},
    {"question": "", "source_id": "inflammation", "helpful": "yes"},
    {"question": "x" * 1001, "source_id": "inflammation", "helpful": "yes"},
    {"question": "Does it help?", "source_id": "<script>", "helpful": "yes"},
])
def test_bad_feedback_forms_are_a_clear_400(client, form):
    response = client.post("/feedback", data=form)
    assert response.status_code == 400 and "could not be rated" in response.get_data(as_text=True)


def test_urgent_help_is_on_every_visitor_page_for_the_rest_of_the_visit(client):
    for path in ("/", "/learn"):
        assert 'id="urgent-banner" aria-labelledby="urgent-banner-title" hidden' in client.get(path).get_data(as_text=True)
    client.post("/", data={"question": "I want to end my life"})
    client.post("/", data={"question": "How does ketamine work?"})
    for path in ("/", "/learn", "/?embed=1"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="urgent-banner" aria-labelledby="urgent-banner-title">' in page and 'href="tel:988"' in page


def test_urgent_help_stays_in_the_visitors_language(client):
    client.post("/", data={"question": "ya no aguanto este dolor, quiero morirme"})
    page = client.get("/learn").get_data(as_text=True)
    assert 'id="urgent-banner" aria-labelledby="urgent-banner-title" lang="es">' in page and "Enviar AYUDA al 988" in page


def test_a_question_about_risk_does_not_turn_on_the_banner(client):
    client.post("/", data={"question": "Can ketamine cause suicidal thoughts?"})
    assert 'id="urgent-banner" aria-labelledby="urgent-banner-title" hidden' in client.get("/learn").get_data(as_text=True)


def test_an_answer_offers_related_questions(client):
    client.post("/", data={"question": "What causes chronic cancer pain?"})
    page = client.get("/").get_data(as_text=True)
    assert '<form class="related"' in page and "Related questions:" in page
    assert 'value="What does chronic cancer pain feel like?"' in page
