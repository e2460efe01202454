"""Pages, feedback API and security headers through the test client."""


import pytest

PAGES = ["/", "/learn", "/widget-demo", "/?embed=1", "/healthz", "/api/nowhere"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_static_files_get_headers_too(client):
    with client.get("/static/chat.js") as response:
        assert response.status_code == 200 and "Content-Security-Policy" in response.headers


def test_frame_ancestors_come_from_config(make_app, knowledge_dir):
    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "FRAME_ANCESTORS": "https://clinic.example javascript:x https://www.clinic.example"})
    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://clinic.example https://www.clinic.example" in csp


def test_no_inline_scripts_or_styles_on_pages(client):
    for path in ["/", "/learn", "/widget-demo"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " style=" not in page and "onclick" not in page


def test_chat_page_has_starters_from_knowledge(client, app):
    page = client.get("/").get_data(as_text=True)
    starters = app.extensions["knowledge"].get().messages["starters"]
    assert 4 <= len(starters) <= 6
    for question in starters:
        assert f'value="{question}"' in page


@pytest.mark.parametrize("question", ["", "   ", "x" * 1001])
def test_bad_form_question_is_a_clear_400(client, question):
    response = client.post("/", data={"question": question})
    assert response.status_code == 400
    assert "Please type a question" in response.get_data(as_text=True)


def test_embed_mode_opens_links_in_a_new_tab(client):
    page = client.post("/?embed=1", data={"question": "How does ketamine work?"}, follow_redirects=True).get_data(as_text=True)
    assert 'class="embed' in page or 'embed"' in page
    assert 'target="_blank" rel="noopener"' in page and 'action="/?embed=1#latest"' in page


def test_widget_demo_uses_the_one_line_script(client):
    page = client.get("/widget-demo").get_data(as_text=True)
    assert "/static/widget.js" in page


def test_long_answer_highlights_the_answering_sentence(client):
    page = client.post("/", data={"question": "How does ketamine work?"}, follow_redirects=True).get_data(as_text=True)
    assert "<mark>Ketamine works by binding to the NMDA receptor.</mark>" in page


def test_feedback_is_stored_redacted_without_ip(client, app):
    response = client.post("/api/feedback", json={"question": "Does it help? mail jo@example.org", "source_id": "how-effective", "helpful": False})
    assert response.status_code == 201 and response.get_json() == {"status": "stored"}
    from sqlalchemy import inspect

    from bot.store import db, feedback

    with app.app_context():
        columns = [c["name"] for c in inspect(db.engine).get_columns("feedback")]
        rows = [(r["question"], r["source_id"], r["helpful"]) for r in feedback.recent()]
    assert rows == [("Does it help? mail [email]", "how-effective", 0)]
    assert not any("ip" in c.lower() or "addr" in c.lower() for c in columns)


BAD_FEEDBACK = [
    ({"question": "q", "source_id": "how-effective"}, "invalid_helpful"),
    ({"question": "q", "source_id": "how-effective", "helpful": "yes"}, "invalid_helpful"),
    ({"question": "q", "source_id": "no-such-entry", "helpful": True}, "invalid_source_id"),
    ({"question": "q", "source_id": 5, "helpful": True}, "invalid_source_id"),
    ({"source_id": "how-effective", "helpful": True}, "missing_question"),
    ({"question": "", "source_id": "how-effective", "helpful": True}, "empty_question"),
    ({"question": "q" * 1001, "helpful": True}, "question_too_long"),
    ([1, 2], "missing_question"),
]


@pytest.mark.parametrize("body, code", BAD_FEEDBACK)
def test_bad_feedback_is_a_clear_400(client, body, code):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == code


def test_feedback_without_a_source_is_accepted(client):
    assert client.post("/api/feedback", json={"question": "q", "source_id": None, "helpful": False}).status_code == 201


def test_feedback_must_be_json(client):
    assert client.post("/api/feedback", data="helpful=1").get_json()["error"] == "invalid_content_type"


def test_learn_renders_markdown_but_never_html(client, knowledge_dir, reimport):
    doc = knowledge_dir / "documents" / "ketamine-cancer-pain.md"
    doc.write_text(doc.read_text() + "\n## Notes {#notes}\n\nSome **important** words and <script>alert(1)</script>.\n")
    reimport()
    page = client.get("/learn").get_data(as_text=True)
    assert "<strong>important</strong>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
