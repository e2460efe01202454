"""Unanswered questions and batch tests in the admin."""

import io
import re

import pytest

from tests.conftest import AuthActions, csrf_token


@pytest.fixture
def staff_client(client, auth):
    auth.create()
    auth.login()
    return client


@pytest.mark.parametrize("method, path", [("get", "/admin/unanswered"), ("post", "/admin/unanswered/phrasing"), ("post", "/admin/unanswered/example"),
                                          ("post", "/admin/unanswered/preview"), ("post", "/admin/unanswered/handled"), ("get", "/admin/batch"), ("post", "/admin/batch")])
def test_review_refuses_anonymous_users(client, auth, method, path):
    auth.create()
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_fallbacks_and_unhelpful_answers_are_listed_grouped_and_redacted(staff_client, app):
    for q in ["Do you take Blue Cross insurance?", "do you take blue cross insurance", "What's the parking like? call me 555-123-4567"]:
        staff_client.post("/api/ask", json={"question": q})
    staff_client.post("/", data={"question": "Do you take Blue Cross insurance??"})
    staff_client.post("/api/ask", json={"question": "I want to kill myself"})
    staff_client.post("/api/ask", json={"question": "quero morrer, não aguento mais"})  # a crisis whose second part is the languages note
    staff_client.post("/", data={"question": "I want to kill myself tonight. Can ketamine help with depression?"})
    staff_client.post("/api/feedback", json={"question": "How does ketamine work?", "source_id": "how-ketamine-works", "helpful": False})
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    found = re.findall(r'<p class="review-group__question"><strong>(.*?)</strong>.*?Asked (\d+) time.*?;\s*last [^;]*;\s*(.*?)</small>', page, re.S)
    rows = [(times, question, why) for question, times, why in found]
    assert rows[0][0] == "3" and "insurance" in rows[0][1].lower()
    assert any("[phone]" in q for _, q, _ in rows) and "555-123-4567" not in page
    assert any("How does ketamine work?" in q and "not helpful" in why for _, q, why in rows)
    assert "kill myself" not in page and "quero morrer" not in page
    from sqlalchemy import inspect

    from bot.store import db

    with app.app_context():
        columns = [c["name"] for c in inspect(db.engine).get_columns("unanswered")]
    assert not any("ip" in c or "addr" in c for c in columns)


def test_add_a_question_as_a_phrasing_in_one_click(staff_client):
    question = "whats the track record like"
    before = staff_client.post("/api/ask", json={"question": question}).get_json()
    assert before["status"] == "fallback"
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    normalized = re.search(r'name="normalized" value="([^"]*)"', page).group(1)
    token = csrf_token(staff_client, "/admin/unanswered")
    response = staff_client.post("/admin/unanswered/phrasing", data={"csrf_token": token, "question": question, "normalized": normalized, "entry_id": "how-effective"})
    assert response.status_code == 302
    after = staff_client.post("/api/ask", json={"question": question}).get_json()
    assert after["status"] == "answered" and after["sources"][0]["id"] == "how-effective"
    assert f'name="question" value="{question}"' not in staff_client.get("/admin/unanswered").get_data(as_text=True)
    assert f'name="question" value="{question}"' in staff_client.get("/admin/unanswered?all=1").get_data(as_text=True)
    assert 'data-kind="faq" data-target="how-effective"' in staff_client.get("/admin/history").get_data(as_text=True)


def test_new_entry_is_prefilled_and_handled_can_be_marked(staff_client):
    staff_client.post("/api/ask", json={"question": "Do you validate parking tickets?"})
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    link = re.search(r'href="(/admin/faq/new\?question=[^"]+)"', page).group(1).replace("&amp;", "&")
    assert 'value="Do you validate parking tickets?"' in staff_client.get(link).get_data(as_text=True)
    normalized = re.search(r'name="normalized" value="([^"]*)"', page).group(1)
    token = csrf_token(staff_client, "/admin/unanswered")
    staff_client.post("/admin/unanswered/handled", data={"csrf_token": token, "normalized": normalized})
    assert "parking tickets" not in staff_client.get("/admin/unanswered").get_data(as_text=True)


def test_date_filter_and_retention(staff_client, app, monkeypatch):
    from bot.store import questions as unanswered

    monkeypatch.setitem(unanswered._last_purge, "at", float("-inf"))  # due now
    staff_client.post("/api/ask", json={"question": "Do you validate parking tickets?"})
    monkeypatch.setitem(unanswered._last_purge, "at", float("-inf"))
    from datetime import date, datetime, timedelta, timezone

    from bot.store import db, feedback
    from bot.store.models import Feedback, UnansweredQuestion

    ten_days_ago = (datetime.now(timezone.utc) - timedelta(days=10)).isoformat(timespec="seconds")
    with app.app_context():
        db.session.add_all([UnansweredQuestion(at="2020-01-01T00:00:00+00:00", question="very old", normalized="very old", reason="fallback", handled=0),
                            UnansweredQuestion(at=ten_days_ago, question="ten days ago", normalized="ten days ago", reason="fallback", handled=0),
                            Feedback(created_at="2020-01-01T00:00:00+00:00", question="old feedback", source_id=None, helpful=1)])
        db.session.commit()
    staff_client.post("/api/ask", json={"question": "Where do I park my car?"})  # writing it purges past retention
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    assert "very old" not in page and "ten days ago" in page
    with app.app_context():
        assert [f["question"] for f in feedback.recent()] == []  # feedback too

    today = date.today().isoformat()
    recent = staff_client.get(f"/admin/unanswered?since={today}&until={today}").get_data(as_text=True)
    assert "ten days ago" not in recent and "parking tickets" in recent
    week_ago = (date.today() - timedelta(days=12)).isoformat()
    older = staff_client.get(f"/admin/unanswered?since={week_ago}&until={(date.today() - timedelta(days=5)).isoformat()}").get_data(as_text=True)
    assert "ten days ago" in older and "parking tickets" not in older
    assert "YYYY-MM-DD" in staff_client.get("/admin/unanswered?since=yesterday").get_data(as_text=True)


def test_the_retention_purge_runs_at_most_once_an_hour_per_process(make_app, knowledge_dir, monkeypatch):
    from bot.store import questions as unanswered

    runs = []
    monkeypatch.setattr(unanswered, "purge", lambda: runs.append(1))
    monkeypatch.setitem(unanswered._last_purge, "at", float("-inf"))
    client = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 0}).test_client()  # writes after every response
    for i in range(5):
        client.post("/api/ask", json={"question": f"Do you take insurance plan {i}?"})
    assert runs == [1]


FALLBACKS = ["Do you validate parking tickets?", "Is the parking lot open on weekends?", "Do you take Blue Cross insurance?", "Can I bring my service dog?",
             "Is there wifi in the waiting room?", "Do you have a pharmacy on site?"]


def staff_on(app, create: bool = False):
    """A signed-in staff member's client on one app (one worker of a clinic)."""
    client = app.test_client()
    auth = AuthActions(client, app.test_cli_runner())
    if create:
        auth.create()
    auth.login()
    return client


def listed(client) -> list[str]:
    """The questions of the staff list, as shown, sorted."""
    return sorted(re.findall(r'<p class="review-group__question"><strong>(.*?)</strong>', client.get("/admin/unanswered").get_data(as_text=True)))


def lazy_worker(make_app, knowledge_dir):
    """A worker that writes what it keeps only when staff read it, when it has many, or when it exits."""
    return make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 3600})


def test_a_question_waits_in_its_workers_memory_and_that_workers_list_shows_it_at_once(make_app, knowledge_dir):
    first, second = lazy_worker(make_app, knowledge_dir), lazy_worker(make_app, knowledge_dir)
    staff_on_second, staff_on_first = staff_on(second, create=True), staff_on(first)
    assert first.test_client().post("/api/ask", json={"question": "Do you validate parking tickets?"}).get_json()["status"] == "fallback"
    assert listed(staff_on_second) == [], "the reply did not wait for the store: the question is in the first worker's memory"
    assert listed(staff_on_first) == ["Do you validate parking tickets?"], "written when staff read the list"
    assert listed(staff_on_second) == ["Do you validate parking tickets?"]


def test_while_the_store_cannot_be_written_replies_go_on_and_the_first_questions_wait_up_to_a_bound(make_app, knowledge_dir, monkeypatch):
    from sqlalchemy import text

    from bot.store import db
    from bot.store import questions as unanswered

    monkeypatch.setattr(unanswered, "MAX_PENDING", 3)
    monkeypatch.setattr(unanswered, "WRITE_AT", 2)
    app = lazy_worker(make_app, knowledge_dir)
    staff = staff_on(app, create=True)

    def rename(old: str, new: str) -> None:
        with app.app_context():
            db.session.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))
            db.session.commit()

    rename("unanswered", "unanswered_away")  # every write fails
    visitor = app.test_client()
    for question in FALLBACKS:
        assert visitor.post("/api/ask", json={"question": question}).status_code == 200
    rename("unanswered_away", "unanswered")
    assert listed(staff) == sorted(FALLBACKS[:3]), "the first three waited; the others were dropped"


def test_a_question_the_store_refuses_does_not_hold_back_the_others(make_app, knowledge_dir, monkeypatch):
    from bot.store import questions as unanswered

    app = lazy_worker(make_app, knowledge_dir)
    visitor = app.test_client()
    visitor.post("/api/ask", json={"question": "Do you validate\x00 parking tickets?"})
    monkeypatch.setattr(unanswered, "redact", lambda question: question + "\x00" if "garage" in question else question)  # PostgreSQL refuses it
    for question in ["Is the parking lot open on weekends?", "Do you take insurance plan 7?"]:
        visitor.post("/api/ask", json={"question": question})
    monkeypatch.undo()
    shown = listed(staff_on(app, create=True))
    assert "Do you validate parking tickets?" in shown and "Do you take insurance plan 7?" in shown


SET = (
    '{"id": "a", "q": "How does ketamine work?", "expect": "answer", "any": ["nmda"]}\n'
    '{"id": "b", "q": "Is there parking for patients?", "expect": "answer", "any": ["park"]}\n'
    '{"id": "c", "q": "I want to kill myself", "expect": "crisis"}\n'
)


def test_batch_test_before_and_after_an_edit(staff_client):
    token = csrf_token(staff_client, "/admin/batch")
    first = staff_client.post("/admin/batch", data={"csrf_token": token, "file": (io.BytesIO(SET.encode()), "parking.jsonl")}, content_type="multipart/form-data")
    page = first.get_data(as_text=True)
    assert "<td data-label=\"Kind\">answer</td><td data-label=\"Right now\">1/2</td><td data-label=\"Last run\">-</td>" in page and "66.7%" in page and "Is there parking for patients?" in page
    token = csrf_token(staff_client, "/admin/faq/new")
    staff_client.post("/admin/faq/new", data={"csrf_token": token, "version": "0", "id": "parking", "question": "Is there parking for patients?", "answer": "Yes, park in the front lot."})
    token = csrf_token(staff_client, "/admin/batch")
    second = staff_client.post("/admin/batch", data={"csrf_token": token, "name": "parking.jsonl"}).get_data(as_text=True)
    assert "<td data-label=\"Kind\">answer</td><td data-label=\"Right now\">2/2</td><td data-label=\"Last run\">1/2</td>" in second and "100.0%" in second


@pytest.mark.parametrize(
    "filename, content, message",
    [("set.jsonl", "not json\n", "line 1: not valid JSON"), ("../evil.jsonl", '{"q": "hi", "expect": "crisis"}\n', None), ("set.txt", "x", "Upload a .csv or .jsonl file"),
     ("set.csv", "q,a\nhi,not covered\n", "the first line must be the column names: question,expected"),
     ("set.csv", "question,expected\nHow does it work?,\n", "line 2: needs a question and what is expected"),
     ("set.csv", "question,expected\nHow does it work?,no-such-entry\n", "line 2: there is no entry “no-such-entry”"),
     ("set.csv", "question,expected\n\n", "no questions"), ("set.jsonl", "\n", "no questions")],
)
def test_batch_test_bad_files(staff_client, filename, content, message):
    token = csrf_token(staff_client, "/admin/batch")
    response = staff_client.post("/admin/batch", data={"csrf_token": token, "file": (io.BytesIO(content.encode()), filename)}, content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    if message:
        assert message in response.get_data(as_text=True)


CSV_SET = """question,expected
How does ketamine work?,how-ketamine-works
"Is there parking for patients, please?",parking
Does ketamine cure cancer?,not covered
I want to kill myself,urgent help
"""


def kind_row(kind: str, now: str, before: str) -> str:
    return f'<tr><td data-label="Kind">{kind}</td><td data-label="Right now">{now}</td><td data-label="Last run">{before}</td></tr>'


def test_a_csv_question_set_checks_which_entry_answers(staff_client):
    token = csrf_token(staff_client, "/admin/batch")
    first = staff_client.post("/admin/batch", data={"csrf_token": token, "file": (io.BytesIO(("\ufeff" + CSV_SET.replace("parking\n", "how-effective\n")).encode()), "staff.csv")},
                              content_type="multipart/form-data")
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and kind_row("answer", "1/2", "-") in page and kind_row("fallback", "1/1", "-") in page
    assert "expected the entry how-effective, got not covered" in page
    token = csrf_token(staff_client, "/admin/faq/new")
    staff_client.post("/admin/faq/new", data={"csrf_token": token, "version": "0", "id": "parking", "question": "Is there parking for patients?", "answer": "Yes, park in the front lot."})
    token = csrf_token(staff_client, "/admin/batch")
    second = staff_client.post("/admin/batch", data={"csrf_token": token, "file": (io.BytesIO(CSV_SET.encode()), "staff2.csv")},
                               content_type="multipart/form-data").get_data(as_text=True)
    assert kind_row("answer", "2/2", "1/2") not in second and '<td data-label="Kind">answer</td><td data-label="Right now">2/2</td>' in second and "100.0%" in second
    assert "staff2.csv" in staff_client.get("/admin/batch").get_data(as_text=True), "kept to run again"


def test_an_answer_from_another_entry_is_wrong_in_a_csv_set():
    from bot.engine.evaluation import evaluate, parse_csv_items

    items = parse_csv_items("question,expected\nHow does ketamine work?,how-effective\n")
    report = evaluate(lambda q: {"status": "answered", "answer": "x", "sources": [{"id": "how-ketamine-works"}]}, items)
    assert report.accuracy == 0 and report.wrong_answers == 1


def test_similar_questions_are_grouped_with_the_closest_entry_picked(staff_client):
    for q in ["ketamine for nerve pain after radiation", "nerve pain from radiation ketamine", "ketamine for nerve pain after radiation",
              "Do you take Blue Cross insurance?"]:
        staff_client.post("/api/ask", json={"question": q})
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    groups = page.split('<li class="review-group">')[1:]
    nerve = next(g for g in groups if "nerve pain" in g)
    assert "Asked 3 times, in 2 wordings" in nerve and "nerve pain from radiation ketamine" in nerve
    assert re.search(r'<option value="neuropathic-pain" selected>', nerve), "the closest entry, preselected"
    assert sum("Blue Cross" in g for g in groups) == 1 and "Blue Cross" not in nerve


@pytest.mark.parametrize("question, entry, shown, can_add", [
    ("ketamine for nerve pain from chemo", "neuropathic-pain", "The bot will answer it from “Does ketamine work for neuropathic pain?”", True),
    ("How many mg of ketamine should I take?", "how-effective", "it asks for advice on a dose", False),
    ("Is there parking at the clinic?", "how-effective", "the not-covered topic “The clinic, appointments and contact” has the same phrasing", False),
    ("I want to end my life", "how-effective", "urgent help first", False),
])
def test_a_preview_says_what_the_bot_will_answer_before_anything_is_saved(staff_client, question, entry, shown, can_add):
    token = csrf_token(staff_client, "/admin/unanswered")
    page = staff_client.post("/admin/unanswered/preview", data={"csrf_token": token, "question": question, "entry_id": entry}).get_data(as_text=True)
    assert shown in page and ("Add it</button>" in page) == can_add
    history = staff_client.get("/admin/history").get_data(as_text=True)
    assert f"faq {entry}" not in history, "a preview saves nothing"


def test_a_question_the_bot_would_still_refuse_is_not_added(staff_client):
    token = csrf_token(staff_client, "/admin/unanswered")
    response = staff_client.post("/admin/unanswered/phrasing", data={"csrf_token": token, "question": "How many mg of ketamine should I take?",
                                                                     "entry_id": "how-effective"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Not added." in page and "advice on a dose" in page and "Added" not in page.replace("Not added", "")
    assert "faq how-effective" not in staff_client.get("/admin/history").get_data(as_text=True)


def test_adding_says_what_the_bot_now_answers_and_handles_the_whole_group(staff_client):
    for q in ["ketamine for nerve pain after radiation", "nerve pain from radiation ketamine"]:
        staff_client.post("/api/ask", json={"question": q})
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    normalized = re.findall(r'name="normalized" value="([^"]*)"', page.split('<li class="review-group">')[1])
    token = csrf_token(staff_client, "/admin/unanswered")
    response = staff_client.post("/admin/unanswered/phrasing", data={"csrf_token": token, "question": "ketamine for nerve pain after radiation",
                                                                     "entry_id": "neuropathic-pain", "normalized": normalized}, follow_redirects=True)
    assert "The bot now answers it from that entry." in response.get_data(as_text=True)
    assert "radiation" not in staff_client.get("/admin/unanswered").get_data(as_text=True), "both wordings handled"


SLANG = "does it actually help ppl or nah"


def test_add_a_question_as_a_visitor_example_in_one_click(staff_client):
    before = staff_client.post("/api/ask", json={"question": SLANG}).get_json()
    assert before["status"] == "fallback"
    page = staff_client.get("/admin/unanswered").get_data(as_text=True)
    normalized = re.search(r'name="normalized" value="([^"]*)"', page).group(1)
    token = csrf_token(staff_client, "/admin/unanswered")
    preview = staff_client.post("/admin/unanswered/preview", data={"csrf_token": token, "question": SLANG, "entry_id": "how-effective"}).get_data(as_text=True)
    assert "As a visitor example" in preview and "and questions worded like it more often" in preview and "Add it as an example</button>" in preview
    response = staff_client.post("/admin/unanswered/example", data={"csrf_token": token, "question": SLANG, "normalized": normalized, "entry_id": "how-effective"},
                                 follow_redirects=True)
    assert "as an example of how visitors ask" in response.get_data(as_text=True) and "The bot now answers it from that entry." in response.get_data(as_text=True)
    after = staff_client.post("/api/ask", json={"question": SLANG}).get_json()
    assert after["status"] == "answered" and after["sources"][0]["id"] == "how-effective"
    assert after["confidence"] < 1.0, "an example is never matched word for word"
    assert f'name="question" value="{SLANG}"' not in staff_client.get("/admin/unanswered").get_data(as_text=True)
    assert SLANG in staff_client.get("/admin/faq/how-effective").get_data(as_text=True)


@pytest.mark.parametrize("question, entry, shown", [
    ("I want to end my life", "how-effective", "urgent help first"),
    ("How many mg of ketamine should I take?", "how-effective", "advice on a dose"),
    ("Do you validate parking tickets?", "how-effective", "Even as an example, the bot would not answer it from this entry"),
    ("how does it work " * 40, "how-effective", "longer than 500 characters"),
])
def test_an_example_that_would_not_help_is_neither_offered_nor_added(staff_client, question, entry, shown):
    token = csrf_token(staff_client, "/admin/unanswered")
    preview = staff_client.post("/admin/unanswered/preview", data={"csrf_token": token, "question": question, "entry_id": entry}).get_data(as_text=True)
    assert shown in preview and "Add it as an example</button>" not in preview
    response = staff_client.post("/admin/unanswered/example", data={"csrf_token": token, "question": question, "entry_id": entry}, follow_redirects=True)
    assert "Not added." in response.get_data(as_text=True)
    assert f"faq {entry}" not in staff_client.get("/admin/history").get_data(as_text=True)


def test_a_question_already_another_entry_s_phrasing_is_not_added_as_an_example(staff_client):
    token = csrf_token(staff_client, "/admin/unanswered")
    response = staff_client.post("/admin/unanswered/example", data={"csrf_token": token, "question": "does ketamine work for neuropathic pain?",
                                                                    "entry_id": "how-effective"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Not added. It is already a phrasing or an example of “Does ketamine work for neuropathic pain?”" in page and "Added “" not in page


def test_without_an_intent_classifier_an_example_is_not_offered_and_the_page_says_why():
    from bot.engine.answer import Bot
    from bot.engine.knowledge import Entry, KnowledgeBase
    from bot.engine.review import after_adding_example

    entries = [Entry("works", "faq", "How it works", ("How does ketamine work?",), "It binds to the NMDA receptor."),
               Entry("long", "faq", "How long", ("How long does an infusion take?",), "About four hours.")]
    bot = Bot(KnowledgeBase(entries=entries))
    assert bot.intents is None
    prediction = after_adding_example(bot, "what does the ket actually do in ur brain", "works", longest=500)
    assert prediction.refusal == "no classifier" and "add it as a phrasing instead" in prediction.why
