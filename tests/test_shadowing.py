"""Content a not-covered topic hides: found, shown to staff with both names, fixed in one click."""

import pytest

from bot.engine.answer import Bot
from bot.engine.knowledge import Entry, KnowledgeBase
from bot.engine.shadowing import closest_phrasing, shadows
from tests.conftest import csrf_token

PARKING = "Free parking for patients is in the lot behind the building, next to the entrance."


def bot_over(entries):
    return Bot(KnowledgeBase(entries=entries, messages={"fallback": "not covered", "clinic": {}}))


def entries(*extra):
    base = [
        Entry("parking", "passage", "Parking", (), PARKING, section="visiting#parking"),
        Entry("how-ketamine-works", "faq", "How ketamine works", ("How does ketamine work?",), "Ketamine blocks the NMDA receptor."),
        Entry("clinic-details", "not_covered", "The clinic, appointments and contact",
              ("Where is the clinic located?", "Is there parking at the clinic?", "What are your opening hours?"), ""),
    ]
    return base + list(extra)


def test_an_entry_a_topic_hides_is_found_with_both_names_and_the_phrasing_to_remove():
    found = shadows(bot_over(entries()))
    assert [(s.entry_id, s.topic_id, s.phrasing) for s in found] == [("parking", "clinic-details", "Is there parking at the clinic?")]
    assert found[0].topic_title == "The clinic, appointments and contact" and found[0].entry_title == "Parking"


def test_nothing_is_hidden_when_the_topic_is_not_the_best_match():
    topics = [e for e in entries() if e.id != "clinic-details"] + [
        Entry("clinic-details", "not_covered", "The clinic", ("Where is the clinic located?", "What are your opening hours?"), "")]
    assert shadows(bot_over(topics)) == []


def test_a_topic_keeping_a_near_miss_from_being_answered_is_doing_its_job():
    topics = [Entry("neuropathic-pain", "faq", "Nerve pain", ("Does ketamine work for neuropathic cancer pain?",), "Yes, for nerve pain from cancer."),
              Entry("other-conditions", "not_covered", "Other conditions", ("Does ketamine work for diabetic neuropathy?",), "")]
    assert shadows(bot_over(topics)) == []


def test_only_the_entries_named_are_checked():
    bot = bot_over(entries())
    assert shadows(bot, [bot.kb.entries[1]]) == []
    assert [s.entry_id for s in shadows(bot, [bot.kb.entries[0]])] == ["parking"]


@pytest.mark.parametrize("question, phrasings, expected", [
    ("Is there parking?", ("Where is the clinic?", "Is there parking at the clinic?"), "Is there parking at the clinic?"),
    ("opening hours", ("What are your opening hours?", "Where is it?"), "What are your opening hours?"),
    ("anything", ("A", "B"), "A"),
])
def test_the_closest_phrasing(question, phrasings, expected):
    assert closest_phrasing(question, phrasings) == expected


def topics_text(client) -> str:
    import re

    return re.search(r"<textarea[^>]*>(.*?)</textarea>", client.get("/admin/file/not-covered.yaml").get_data(as_text=True), re.S).group(1)


def test_the_shipped_knowledge_hides_nothing(client, auth):
    auth.create()
    auth.login()
    assert "Content a not-covered topic hides" not in client.get("/admin/").get_data(as_text=True)


def test_staff_see_it_when_they_save_and_fix_it_in_one_click(client, auth):
    auth.create()
    auth.login()
    token = csrf_token(client, "/admin/section/new")
    data = {"csrf_token": token, "version": "0", "id": "parking", "document": "ketamine-cancer-pain", "title": "Parking",
            "body": PARKING, "action": "save"}
    page = client.post("/admin/section/new", data=data, follow_redirects=True).get_data(as_text=True)
    assert "is not covered" in page or "told it is not covered" in page
    assert "The clinic, appointments and contact" in page and "Is there parking at the clinic?" in page
    assert client.post("/api/ask", json={"question": "Is there parking?"}).get_json()["status"] == "fallback"
    overview = client.get("/admin/").get_data(as_text=True)
    assert 'id="hidden-content"' in overview and 'name="phrasing" value="Is there parking at the clinic?"' in overview
    response = client.post("/admin/hidden/fix", data={"csrf_token": csrf_token(client, "/admin/"), "topic_id": "clinic-details",
                                                     "phrasing": "Is there parking at the clinic?"})
    assert response.status_code == 303
    reply = client.post("/api/ask", json={"question": "Is there parking?"}).get_json()
    assert reply["status"] == "answered" and "behind the building" in reply["answer"]
    overview = client.get("/admin/").get_data(as_text=True)
    assert 'id="hidden-content"' not in overview and "You can restore it from the history" in overview
    topics = client.get("/admin/file/not-covered.yaml").get_data(as_text=True)
    assert "Where is the clinic located?" in topics and "Is there parking at the clinic?" not in topics


@pytest.mark.parametrize("form", [
    {"topic_id": "clinic-details", "phrasing": "Not a phrasing it has"},
    {"topic_id": "no-such-topic", "phrasing": "Is there parking at the clinic?"},
    {},
])
def test_a_stale_or_forged_fix_changes_nothing(client, auth, form):
    auth.create()
    auth.login()
    before = topics_text(client)
    response = client.post("/admin/hidden/fix", data={"csrf_token": csrf_token(client, "/admin/"), **form}, follow_redirects=True)
    assert response.status_code == 200 and "no longer has that phrasing" in response.get_data(as_text=True)
    assert topics_text(client) == before


def test_the_fix_needs_sign_in_and_a_csrf_token(client, auth):
    auth.create()
    assert client.post("/admin/hidden/fix", data={"topic_id": "clinic-details", "phrasing": "Is there parking at the clinic?"}).status_code == 302
    auth.login()
    assert client.post("/admin/hidden/fix", data={"topic_id": "clinic-details", "phrasing": "Is there parking at the clinic?"}).status_code == 400


def test_kb_check_warns_about_hidden_content(runner, knowledge_dir):
    section = "\n\n## Parking {#parking}\n\n" + PARKING + "\n"
    document = next((knowledge_dir / "documents").glob("*.md"))
    document.write_text(document.read_text() + section)
    result = runner.invoke(args=["kb", "check", "--dir", str(knowledge_dir)])
    assert result.exit_code == 0
    assert "Warning: visitors asking 'Parking' are told it is not covered: the not-covered topic 'clinic-details'" in result.output
