"""Live reload of the knowledge folder, and keeping the last good version."""

import os
import time

import pytest


def _touch_later(path):
    """Make sure the file's mtime moves even on coarse file systems."""
    later = time.time() + 5
    os.utime(path, (later, later))


def test_hand_edit_is_answered_without_restart(client, knowledge_dir):
    faq = knowledge_dir / "faq" / "ketamine-cancer-pain.yaml"
    faq.write_text(faq.read_text() + "\n- id: parking\n  question: Is there parking for patients?\n  answer: Yes, staff will tell you where.\n")
    _touch_later(faq)
    body = client.post("/api/ask", json={"question": "Is there parking for patients?"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "parking"


def test_malformed_edit_keeps_the_last_good_version(client, knowledge_dir):
    faq = knowledge_dir / "faq" / "ketamine-cancer-pain.yaml"
    faq.write_text(faq.read_text() + "\n- id: broken\n  question: Oops?\n")
    _touch_later(faq)
    body = client.post("/api/ask", json={"question": "How does ketamine work?"}).get_json()
    assert body["status"] == "answered"
    response = client.get("/healthz")
    health = response.get_json()
    assert response.status_code == 503 and health["serving"] == "the last good version"
    assert health["knowledge_error"].startswith("faq/ketamine-cancer-pain.yaml:") and "has no answer" in health["knowledge_error"]
    assert str(knowledge_dir) not in health["knowledge_error"]  # no absolute paths to anonymous callers


@pytest.mark.parametrize("breakage", ["dangling link", "unreadable", "not utf-8", "alias bomb"])
def test_a_bad_file_never_takes_the_bot_down(app, client, knowledge_dir, breakage, runner):
    import os

    faq = knowledge_dir / "faq"
    if breakage == "dangling link":
        (faq / "gone.yaml").symlink_to(knowledge_dir / "nowhere.yaml")
    elif breakage == "unreadable":
        (faq / "locked.yaml").write_text("- id: x\n  question: Q?\n  answer: A.\n")
        os.chmod(faq / "locked.yaml", 0)
        if os.access(faq / "locked.yaml", os.R_OK):  # root reads anything: make it a folder instead
            os.chmod(faq / "locked.yaml", 0o600)
            (faq / "locked.yaml").unlink()
            (faq / "locked.yaml").mkdir()
    elif breakage == "not utf-8":
        (faq / "latin1.yaml").write_bytes(b"- id: x\n  question: caf\xe9?\n  answer: A.\n")
    else:
        (knowledge_dir / "messages.yaml").write_text("a: &a [x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n")
    _touch_later(knowledge_dir / "synonyms.txt")
    assert client.post("/api/ask", json={"question": "How does ketamine work?"}).get_json()["status"] == "answered"
    assert client.get("/healthz").status_code == 503
    result = runner.invoke(args=["kb", "check", "--dir", str(knowledge_dir)])
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output
    from app import create_app

    fresh = create_app({"TESTING": True, "KNOWLEDGE_DIR": str(knowledge_dir)}).test_client()  # a worker starting now
    assert fresh.get("/healthz").status_code == 503
    page = fresh.get("/")
    assert page.status_code == 503 and "911" in page.get_data(as_text=True)


def test_reload_waits_for_the_interval(app, knowledge_dir):
    live = app.extensions["knowledge"]
    live.interval = 3600
    first = live.get()
    (knowledge_dir / "synonyms.txt").write_text("a, b\n")
    assert live.get() is first
