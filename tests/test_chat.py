"""The visitor pages through the test client."""


def test_index_shows_the_form_and_disclaimer(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="question"' in page and "not medical advice" in page
    assert '<html lang="en">' in page


def test_form_post_answers_without_javascript(client):
    page = client.post("/", data={"question": "How does ketamine work?"}).get_data(as_text=True)
    assert "NMDA receptor" in page and 'href="/learn#how-ketamine-works"' in page


def test_question_is_escaped_on_the_page(client):
    page = client.post("/", data={"question": "<img src=x onerror=alert(1)>"}).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_crisis_on_the_page_has_links(client):
    page = client.post("/", data={"question": "I want to end my life"}).get_data(as_text=True)
    assert 'href="tel:988"' in page and 'href="sms:988"' in page and 'href="tel:911"' in page


def test_learn_has_an_anchor_per_section(client):
    page = client.get("/learn").get_data(as_text=True)
    for section in ["overview", "symptoms", "traditional-treatments", "how-ketamine-works", "why-choose-ketamine"]:
        assert f'id="{section}"' in page
