"""Live reload of the knowledge folder, and keeping the last good version."""

import os
import time


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
    health = client.get("/healthz").get_json()
    assert "ketamine-cancer-pain.yaml:" in health["knowledge_error"] and "has no answer" in health["knowledge_error"]


def test_reload_waits_for_the_interval(app, knowledge_dir):
    live = app.extensions["knowledge"]
    live.interval = 3600
    first = live.get()
    (knowledge_dir / "synonyms.txt").write_text("a, b\n")
    assert live.get() is first
