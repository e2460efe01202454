"""The JSON API through the test client."""

import pytest

REPLY_KEYS = {"status", "answer", "confidence", "sources", "suggestions"}


def test_ask_answers_with_the_documented_shape(client):
    response = client.post("/api/ask", json={"question": "How does ketamine work?"})
    assert response.status_code == 200
    body = response.get_json()
    assert REPLY_KEYS <= set(body)
    assert body["status"] == "answered"
    assert "NMDA" in body["answer"] and len(body["answer"]) <= 800
    assert 0 <= body["confidence"] <= 1
    assert set(body["sources"][0]) == {"id", "title", "url", "score"}
    assert body["sources"][0]["title"] == "How Ketamine Treats Chronic Cancer Pain"


@pytest.mark.parametrize(
    "question, status",
    [
        ("I want to kill myself", "crisis"),
        ("hi", "smalltalk"),
        ("Where is the clinic located?", "fallback"),
        ("What are the traditional treatments for cancer pain?", "answered"),
    ],
)
def test_statuses(ask, question, status):
    assert ask(question)["status"] == status


def test_crisis_reply_puts_urgent_help_first(ask):
    body = ask("my dad just collapsed and isn't breathing")
    assert body["answer"].startswith("If you are thinking about suicide")
    assert [link["href"] for link in body["urgent_help"]["links"]] == ["tel:988", "sms:988", "tel:911"]


def test_crisis_with_a_question_sends_the_urgent_help_then_the_answer_as_parts(ask):
    body = ask("I have my pills saved up and I'm done. Can ketamine help with depression?")
    assert body["status"] == "crisis" and body["answer"].startswith("If you are thinking about suicide")
    first, answer = body["parts"]
    assert first["status"] == "crisis" and first["urgent_help"] == body["urgent_help"]
    assert answer["status"] == "answered" and answer["sources"][0]["id"] == "ketamine-depression-anxiety"


def test_fallback_lists_near_misses_as_sources(ask):
    body = ask("Does ketamine kill cancer cells?")
    assert body["status"] == "fallback"
    assert all(set(s) == {"id", "title", "url", "score"} for s in body["sources"])
    assert len(body["sources"]) <= 3 and len(body["suggestions"]) <= 3


BAD_REQUESTS = [
    # (kwargs for client.post, status, error code)
    ({"data": "not json", "content_type": "application/json"}, 400, "invalid_json"),
    ({"data": "{\"question\": ", "content_type": "application/json"}, 400, "invalid_json"),
    ({"data": "question=hi", "content_type": "application/x-www-form-urlencoded"}, 400, "invalid_content_type"),
    ({"data": "{\"question\": \"hi\"}", "content_type": "text/plain"}, 400, "invalid_content_type"),
    ({}, 400, "invalid_content_type"),
    ({"json": {}}, 400, "missing_question"),
    ({"json": []}, 400, "missing_question"),
    ({"json": "How does ketamine work?"}, 400, "missing_question"),
    ({"json": {"q": "hi"}}, 400, "missing_question"),
    ({"json": {"question": None}}, 400, "invalid_question"),
    ({"json": {"question": 42}}, 400, "invalid_question"),
    ({"json": {"question": ["hi"]}}, 400, "invalid_question"),
    ({"json": {"question": {"text": "hi"}}}, 400, "invalid_question"),
    ({"json": {"question": ""}}, 400, "empty_question"),
    ({"json": {"question": " \n\t "}}, 400, "empty_question"),
    ({"json": {"question": "a" * 1001}}, 400, "question_too_long"),
    ({"json": {"question": "a", "padding": "x" * 17000}}, 413, "request_entity_too_large"),
    ({"data": "x" * 20000, "content_type": "application/json"}, 413, "request_entity_too_large"),
    ({"data": "[" * 5000, "content_type": "application/json"}, 400, "invalid_json"),  # was a RecursionError: 500
    ({"data": "{\"question\": \"\\ud800 what does it cost\"}", "content_type": "application/json"}, 400, "invalid_question"),  # was a 500 on the insert
]


@pytest.mark.parametrize("path", ["/api/ask", "/api/feedback"])
@pytest.mark.parametrize("kwargs, status, code", BAD_REQUESTS)
def test_bad_input_gets_a_clear_error(client, kwargs, status, code, path):
    if path == "/api/feedback" and "json" in kwargs and isinstance(kwargs["json"], dict) and "question" in kwargs["json"]:
        kwargs = {"json": {**kwargs["json"], "source_id": None, "helpful": True}}
    response = client.post(path, **kwargs)
    assert response.status_code == status
    body = response.get_json()
    assert body["error"] == code
    assert len(body["message"]) > 20 and body["message"].endswith(".")


def test_question_of_exactly_the_limit_is_accepted(client):
    assert client.post("/api/ask", json={"question": "pain " * 200}).status_code == 200


@pytest.mark.parametrize(
    "question",
    [
        "\U0001f600",
        "ketamine \U0001f48a pain?",
        "<img src=x onerror=alert(1)>",
        "<script>alert('x')</script> how does ketamine work",
        "ca\u0301ncer pa\u00efn",
        "\u4f60\u597d",
        "\u0645\u0631\u062d\u0628\u0627",
        "null\x00byte\x07bell",
        "\u200b\u200b",
        "\\u0000 %s {} ' \" ; DROP TABLE",
    ],
)
def test_odd_text_is_handled_as_text(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200
    assert response.get_json()["status"] in {"answered", "fallback", "smalltalk", "crisis"}


@pytest.mark.parametrize("method, path, status", [("get", "/api/ask", 405), ("post", "/api/nowhere", 404), ("get", "/api/", 404)])
def test_api_errors_are_json(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.get_json()["error"]
    if status == 405:
        assert "POST" in response.headers["Allow"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_broken_knowledge_base_gives_503_not_500(make_app, tmp_path):
    (tmp_path / "messages.yaml").write_text("greeting: [\n")
    client = make_app({"KNOWLEDGE_DIR": str(tmp_path)}).test_client()
    assert client.get("/healthz").status_code == 503
    response = client.post("/api/ask", json={"question": "hi"})
    assert response.status_code == 503
    assert response.get_json()["error"] == "knowledge_unavailable"
    page = client.get("/")
    assert page.status_code == 503 and "call 911" in page.get_data(as_text=True)


def test_an_unwritable_database_never_costs_a_visitor_the_reply(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from bot.store import db

    def full_disk(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(db.session, "commit", full_disk)  # every write fails from now on, as on a full disk
    client = app.test_client()
    body = client.post("/api/ask", json={"question": "How much does a ketamine infusion cost?"}).get_json()
    assert body["status"] == "fallback" and "contact" in body
    page = client.post("/", data={"question": "How much does a ketamine infusion cost?"}, follow_redirects=True)
    assert page.status_code == 200 and "does not cover" in page.get_data(as_text=True)
    response = client.post("/api/feedback", json={"question": "How does ketamine work?", "source_id": "how-ketamine-works", "helpful": True})
    assert response.status_code == 503 and response.get_json()["error"] == "feedback_unavailable"


def test_the_database_is_readable_by_its_owner_only(client, app):
    import os
    import stat

    from bot.store import sqlite_path

    path = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if path is None:
        pytest.skip("a database server keeps its own files")
    client.post("/api/ask", json={"question": "How much does a ketamine infusion cost?"})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.fixture
def limited(make_app, knowledge_dir):
    config = {"KNOWLEDGE_DIR": str(knowledge_dir), "VISITOR_RATE_LIMIT": "3 per minute", "SIGN_IN_RATE_LIMIT": "2 per minute"}
    return make_app(config).test_client()


VISITOR = {"REMOTE_ADDR": "198.51.100.4"}


@pytest.mark.parametrize(
    "path, kwargs",
    [
        ("/api/ask", {"json": {"question": "How does ketamine work?"}}),
        ("/api/feedback", {"json": {"question": "How does ketamine work?", "source_id": None, "helpful": True}}),
    ],
)
def test_one_client_past_the_limit_gets_a_429_with_retry_after(limited, path, kwargs):
    statuses = [limited.post(path, environ_base=VISITOR, **kwargs).status_code for _ in range(4)]
    assert statuses[:3] != [429] * 3 and statuses[3] == 429
    response = limited.post(path, environ_base=VISITOR, **kwargs)
    assert 1 <= int(response.headers["Retry-After"]) <= 60 and response.get_json()["error"] == "too_many_requests"
    assert "wait a minute" in response.get_json()["message"]
    other = limited.post(path, environ_base={"REMOTE_ADDR": "198.51.100.5"}, **kwargs)
    assert other.status_code != 429, "another visitor has their own allowance"


def test_the_no_javascript_form_and_sign_in_are_limited_too(limited):
    assert [limited.post("/", data={"question": "hi"}, environ_base=VISITOR).status_code for _ in range(4)][-1] == 429
    assert [limited.post("/admin/login", data={"name": "x", "password": "y"}, environ_base=VISITOR).status_code for _ in range(3)][-1] == 429


def test_every_429_says_when_to_ask_again_and_other_replies_carry_no_limit_headers(limited):
    first = limited.post("/", data={"question": "hi"}, environ_base=VISITOR)
    assert not [name for name in first.headers.keys() if name.lower().startswith(("x-ratelimit", "retry-after"))]
    for path, data in [("/", {"question": "hi"}), ("/admin/login", {"name": "x", "password": "y"})]:
        responses = [limited.post(path, data=data, environ_base=VISITOR) for _ in range(4)]
        assert responses[-1].status_code == 429 and 1 <= int(responses[-1].headers["Retry-After"]) <= 60


def test_the_api_is_stateless_even_for_signed_in_staff(client, auth):
    auth.create()
    auth.login()
    response = client.post("/api/ask", json={"question": "How does ketamine work?"})
    assert response.status_code == 200 and "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"] and response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/admin/").status_code == 200, "the staff member is still signed in on the pages"


def test_the_machine_itself_is_never_limited(limited):
    assert all(limited.post("/api/ask", json={"question": "hi"}).status_code == 200 for _ in range(6))


def test_stored_questions_stop_at_the_days_cap(make_app, knowledge_dir):
    from bot.store import questions

    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "MAX_STORED_PER_DAY": 3})
    client = app.test_client()
    for i in range(5):
        assert client.post("/api/ask", json={"question": f"Do you take insurance plan {i}?"}).status_code == 200
    with app.app_context():
        assert sum(group["times"] for group in questions.groups()) == 3


def test_feedback_with_a_nul_character_is_stored(client):
    """PostgreSQL's text cannot hold NUL; a stray one must not cost the visitor's feedback (every app test runs on both stores)."""
    response = client.post("/api/feedback", json={"question": "How does\x00 ketamine work?", "source_id": "how-ketamine-works", "helpful": False})
    assert response.status_code == 201 and response.get_json() == {"status": "stored"}
