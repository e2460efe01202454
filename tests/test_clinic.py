"""The forms for the clinic's own words, through the HTTP surface: contact details, the bot's messages
and the not-covered topics. Each save is a change of messages.yaml or not-covered.yaml in the store
(with its history row, restorable), seen at once by the bot; mistakes come back next to the field."""

import html
import re

import pytest

from tests.conftest import AuthActions, csrf_token
from tests.test_edit import export, history, page_text

FORMS = ["/admin/clinic", "/admin/messages", "/admin/topics"]
FALLBACK_QUESTION = "Where can I buy a unicorn saddle?"


@pytest.fixture
def staff_client(client, auth):
    auth.create()
    auth.login()
    return client


def form_of(client, path):
    """The fields of the form at `path` as a browser sends them (a checkbox only when ticked)."""
    page = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'<input(?![^>]*type="checkbox")[^>]*name="([\w-]+)"[^>]*value="([^"]*)"', page))
    for name, text in re.findall(r'<textarea[^>]*name="([\w-]+)"[^>]*>(.*?)</textarea>', page, re.DOTALL):
        fields[name] = text.removeprefix("\r\n").removeprefix("\n")
    return {k: html.unescape(v) for k, v in fields.items()}


def errors_of(response) -> dict:
    """{field id: its error message} of a form page."""
    return {k: html.unescape(v) for k, v in re.findall(r'<p class="field-error" id="([\w-]+)-error" role="alert">([^<]*)</p>', response.get_data(as_text=True))}


def ask(client, question):
    return client.post("/api/ask", json={"question": question}).get_json()


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_forms_need_a_signed_in_staff_member(client, auth, path, method):
    auth.create()
    response = getattr(client, method)(path, data={"name": "Evil Clinic"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("token", [None, "", "forged"])
def test_a_save_without_the_forms_token_is_refused(staff_client, path, token):
    fields = form_of(staff_client, path)
    fields.pop("csrf_token")
    if token is not None:
        fields["csrf_token"] = token
    rows = history(staff_client)
    assert staff_client.post(path, data={**fields, "name": "Evil Clinic", "greeting": "Evil."}).status_code == 400
    assert history(staff_client) == rows


def save_contact(client, **changes):
    return client.post("/admin/clinic", data={**form_of(client, "/admin/clinic"), **changes})


def test_contact_details_set_in_the_form_are_in_the_fallback_reply(staff_client, client, runner, tmp_path):
    assert "Phone:" not in ask(client, FALLBACK_QUESTION)["answer"]
    response = save_contact(staff_client, phone="+1 (555) 010-0100", email="frontdesk@example-clinic.org", address="1 Main St, Springfield",
                            hours="Mon-Fri: 8am-6pm", website="www.example-clinic.org")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/clinic"
    body = ask(client, FALLBACK_QUESTION)
    assert body["status"] == "fallback"
    assert body["answer"].splitlines()[1:] == ["Phone: +1 (555) 010-0100", "Email: frontdesk@example-clinic.org", "Address: 1 Main St, Springfield",
                                               "Hours: Mon-Fri: 8am-6pm", "Website: https://www.example-clinic.org"]
    assert [link["href"] for link in body["contact_links"]][:2] == ["tel:+15550100100", "mailto:frontdesk@example-clinic.org"]
    assert "hours: 'Mon-Fri: 8am-6pm'" in export(runner, tmp_path / "out")["messages.yaml"]
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "file", "target": "messages.yaml", "id": 0, "action": "update"}
    assert form_of(staff_client, "/admin/clinic")["hours"] == "Mon-Fri: 8am-6pm"
    assert "Visitors have no way to reach the clinic" not in page_text(staff_client.get("/admin/"))


@pytest.mark.parametrize("field, typed, kept", [
    ("hours", "Mon-Fri: 8am-6pm", "Mon-Fri: 8am-6pm"),
    ("hours", "Mon–Fri 8:00–18:00; Sat: by appointment #2", "Mon–Fri 8:00–18:00; Sat: by appointment #2"),
    ("hours", "  Mon-Fri:\n 8am-6pm ", "Mon-Fri: 8am-6pm"),
    ("phone", "555-0100", "555-0100"),
    ("phone", "+44 20 7946 0958", "+44 20 7946 0958"),
    ("phone", "(555) 010.0100", "(555) 010.0100"),
    ("email", "o'brien+desk@mail.example-clinic.co.uk", "o'brien+desk@mail.example-clinic.co.uk"),
    ("website", "https://example-clinic.org/contact?x=1", "https://example-clinic.org/contact?x=1"),
    ("website", "http://example-clinic.org", "http://example-clinic.org"),
    ("website", "example-clinic.org", "https://example-clinic.org"),
    ("address", "Suite 4\n1 Main St: Springfield, IL", "Suite 4 1 Main St: Springfield, IL"),
    ("name", "St. Mary's: Pain & Palliative Care", "St. Mary's: Pain & Palliative Care"),
    ("phone", "", ""),
])
def test_contact_details_are_kept_as_typed(staff_client, runner, tmp_path, field, typed, kept):
    assert save_contact(staff_client, **{field: typed}).status_code == 302
    assert form_of(staff_client, "/admin/clinic")[field] == kept
    assert history(staff_client)[0]["target"] == "messages.yaml"


@pytest.mark.parametrize("field, typed, message", [
    ("name", "", "Write the clinic's name."),
    ("name", "   ", "Write the clinic's name."),
    ("name", "n" * 121, "under 120 characters"),
    ("phone", "call us", "Use digits, spaces and + ( ) - . only"),
    ("phone", "555-0100 ext. 4", "Use digits, spaces and + ( ) - . only"),
    ("phone", "+-()", "at least 3 digits"),
    ("phone", "1" * 41, "under 40 characters"),
    ("email", "frontdesk", "Write an email address like"),
    ("email", "front desk@clinic.org", "Write an email address like"),
    ("email", "a@b", "Write an email address like"),
    ("email", '"><script>alert(1)</script>@x.org', "Write an email address like"),
    ("website", "javascript:alert(1)", "Write a web address like"),
    ("website", "ftp://example-clinic.org", "Write a web address like"),
    ("website", "https://", "Write a web address like"),
    ("website", "clinic", "Write a web address like"),
    ("website", 'https://x.org/"onmouseover="alert(1)', "Write a web address like"),
    ("hours", "h" * 201, "under 200 characters"),
    ("address", "a" * 301, "under 300 characters"),
])
def test_bad_contact_details_get_a_plain_message_next_to_the_field(staff_client, client, field, typed, message):
    rows, before = history(staff_client), ask(client, FALLBACK_QUESTION)
    response = save_contact(staff_client, **{field: typed, "hours": "Mon-Fri: 8am-6pm"} if field != "hours" else {field: typed})
    assert response.status_code == 400
    assert message in errors_of(response)[field]
    page = response.get_data(as_text=True)
    assert f'aria-describedby="{field}-hint {field}-error"' in page or f'aria-describedby="{field}-error"' in page
    assert "Nothing was saved yet" in page and "<script>alert(1)" not in page
    assert history(staff_client) == rows and ask(client, FALLBACK_QUESTION) == before


def test_markup_in_the_clinics_details_is_shown_as_text(staff_client, client):
    attack = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    assert save_contact(staff_client, name=attack, address=attack, hours=attack).status_code == 302
    for path in ["/", "/learn", "/admin/clinic", "/admin/"]:
        page = (client if path in ("/", "/learn") else staff_client).get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
    page = client.post("/", data={"question": FALLBACK_QUESTION}, follow_redirects=True).get_data(as_text=True)
    assert "<img src=x" not in page and "Hours: &lt;script&gt;" in page


def test_clearing_a_detail_removes_it_and_restore_brings_it_back(staff_client, client):
    assert save_contact(staff_client, phone="555-0100").status_code == 302
    assert save_contact(staff_client, phone="").status_code == 302
    assert "Phone:" not in ask(client, FALLBACK_QUESTION)["answer"]
    cleared = history(staff_client)[0]
    token = csrf_token(staff_client, f"/admin/history/{cleared['id']}")
    assert staff_client.post(f"/admin/history/{cleared['id']}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert "Phone: 555-0100" in ask(client, FALLBACK_QUESTION)["answer"]
    assert form_of(staff_client, "/admin/clinic")["phone"] == "555-0100"
    assert history(staff_client)[0]["action"] == "restore"


def test_the_contact_form_keeps_the_other_messages(staff_client, runner, tmp_path):
    before = export(runner, tmp_path / "before")["messages.yaml"]
    assert save_contact(staff_client, phone="555-0100").status_code == 302
    after = export(runner, tmp_path / "after")["messages.yaml"]
    assert before.split("greeting:", 1)[1] == after.split("greeting:", 1)[1]


def test_a_save_after_another_editors_is_a_conflict(staff_client, make_app, knowledge_dir):
    worker = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    other = worker.test_client()
    AuthActions(other, worker.test_cli_runner()).create("doctor")
    AuthActions(other, worker.test_cli_runner()).login("doctor")
    mine, theirs = form_of(staff_client, "/admin/clinic"), form_of(other, "/admin/messages")
    assert other.post("/admin/messages", data={**theirs, "greeting": "Hello from the doctor."}).status_code == 302
    response = staff_client.post("/admin/clinic", data={**mine, "phone": "555-0100"})
    assert response.status_code == 409 and "Not saved" in page_text(response)
    assert history(staff_client)[0]["staff"] == "doctor"


# ---- The bot's messages ------------------------------------------------------------------------------

def save_messages(client, **changes):
    return client.post("/admin/messages", data={**form_of(client, "/admin/messages"), **changes})


def test_the_messages_form_shows_every_message_field_by_field(staff_client):
    fields = form_of(staff_client, "/admin/messages")
    assert fields["greeting"].startswith("Hello. I can answer questions about ketamine therapy")
    assert fields["starters"].splitlines()[0] == "How does ketamine work?"
    assert fields["urgent_help-links-0-label"] == "Call 988" and fields["urgent_help-links-0-href"] == "tel:988"
    assert fields["urgent_help_es-title"] == "Busque ayuda ahora" and fields["urgent_help_es-links-1-href"] == "sms:988?body=AYUDA"
    assert {"fallback", "part_not_covered", "part_not_covered_es", "medical_advice", "fallback_es", "answer_note_es", "medical_advice_es",
            "other_language", "instructions",
            "smalltalk-thanks", "smalltalk-human", "urgent_help-notice", "urgent_help_es-text", "urgent_help-country"} <= set(fields)
    page = staff_client.get("/admin/messages").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="urgent_help_es-text"[^>]*lang="es"|<textarea[^>]*lang="es"[^>]*id="urgent_help_es-text"', page)
    assert "messages.yaml" in page  # the text editor stays, under Advanced


def test_a_message_saved_in_the_form_is_what_the_bot_says(staff_client, client, runner, tmp_path):
    response = save_messages(staff_client, **{"fallback": "Sorry, we have nothing on that yet.", "smalltalk-thanks": "Glad to help!",
                                              "urgent_help_es-text": "Llame al 988 y oprima 2, ahora mismo.",
                                              "starters": "Is ketamine safe?\n\nHow does ketamine work?\n"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/messages"
    assert ask(client, FALLBACK_QUESTION)["answer"].startswith("Sorry, we have nothing on that yet.")
    assert ask(client, "thanks")["answer"] == "Glad to help!"
    crisis = ask(client, "Estoy pensando en suicidarme y no sé qué hacer")
    assert crisis["status"] == "crisis" and crisis["answer"].startswith("Llame al 988 y oprima 2, ahora mismo.")
    assert ">Is ketamine safe?<" in client.get("/").get_data(as_text=True)
    written = export(runner, tmp_path / "out")["messages.yaml"]
    assert "Glad to help!" in written and "  - Is ketamine safe?\n  - How does ketamine work?\n" in written


def test_the_message_for_a_question_left_unanswered_beside_an_answer_is_the_clinics(staff_client, client):
    assert save_messages(staff_client, part_not_covered="We have nothing on {question} yet: call us.").status_code == 302
    body = ask(client, "How does ketamine work? Also how much does it cost?")
    assert [part["status"] for part in body["parts"]] == ["answered", "fallback"]
    assert body["parts"][1]["answer"].startswith("We have nothing on how much does it cost? yet: call us.")


def test_an_empty_message_means_the_standard_text(staff_client, client):
    assert save_messages(staff_client, greeting="", fallback="").status_code == 302
    assert form_of(staff_client, "/admin/messages")["greeting"].startswith("Hello. I can answer questions using this clinic's own information.")
    assert ask(client, FALLBACK_QUESTION)["answer"].startswith("I'm sorry, the clinic's information does not cover that question.")


def test_an_unchanged_form_changes_nothing_the_bot_says(staff_client, client, runner, tmp_path):
    questions = [FALLBACK_QUESTION, "thanks", "hello", "I want to kill myself", "How much ketamine should I take?"]
    before = [ask(client, q) for q in questions]
    assert save_messages(staff_client).status_code == 302
    assert [ask(client, q) for q in questions] == before


@pytest.mark.parametrize("changes, field, message", [
    ({"starters": "\n".join(f"Question {n}?" for n in range(7))}, "starters", "6 questions or fewer"),
    ({"starters": "q" * 501}, "starters", "under 500 characters"),
    ({"greeting": "g" * 2001}, "greeting", "under 2,000 characters"),
    ({"urgent_help-links-0-href": "javascript:alert(1)"}, "urgent_help-links-0-href", "like tel:988 or sms:988"),
    ({"urgent_help-links-0-href": "https://evil.example"}, "urgent_help-links-0-href", "like tel:988 or sms:988"),
    ({"urgent_help-links-3-label": "Call the clinic"}, "urgent_help-links-3-label", "needs both its text and its number"),
    ({"urgent_help-links-0-label": ""}, "urgent_help-links-0-label", "needs both its text and its number"),
    ({"urgent_help_es-country": "USA"}, "urgent_help_es-country", "two-letter country code"),
])
def test_bad_messages_get_a_plain_message_next_to_the_field(staff_client, client, changes, field, message):
    rows, before = history(staff_client), ask(client, "I want to kill myself")
    response = save_messages(staff_client, **changes)
    assert response.status_code == 400 and message in errors_of(response)[field]
    assert history(staff_client) == rows and ask(client, "I want to kill myself") == before


def test_urgent_help_buttons_can_be_changed_and_removed(staff_client, client):
    changes = {"urgent_help-links-2-label": "", "urgent_help-links-2-href": "", "urgent_help-links-3-label": "Call the clinic", "urgent_help-links-3-href": "tel:5550100"}
    assert save_messages(staff_client, **changes).status_code == 302
    links = ask(client, "I want to kill myself")["urgent_help"]["links"]
    assert links == [{"label": "Call 988", "href": "tel:988"}, {"label": "Text 988", "href": "sms:988"}, {"label": "Call the clinic", "href": "tel:5550100"}]


def test_markup_in_a_message_is_shown_as_text(staff_client, client):
    assert save_messages(staff_client, greeting="<script>alert(1)</script> Hi!", **{"urgent_help-title": "<b>Help</b>"}).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Hi!" in page
    page = client.post("/", data={"question": "I want to kill myself"}, follow_redirects=True).get_data(as_text=True)
    assert "<b>Help</b>" not in page and "&lt;b&gt;Help&lt;/b&gt;" in page


# ---- Topics the content does not cover ---------------------------------------------------------------

def test_add_a_topic_and_its_questions_get_the_not_covered_reply(staff_client, client, runner, tmp_path):
    fields = form_of(staff_client, "/admin/topics")
    new = max(int(k.split("-")[1]) for k in fields if k.startswith("topics-"))
    assert fields[f"topics-{new}-id"] == "" and fields[f"topics-{new}-topic"] == ""
    fields.update({f"topics-{new}-topic": "Pets", f"topics-{new}-phrasings": "Can I bring my dog to the clinic?\nAre pets allowed?"})
    response = staff_client.post("/admin/topics", data=fields)
    assert response.status_code == 302
    assert ask(client, "Are pets allowed at the clinic?")["status"] == "fallback"
    written = export(runner, tmp_path / "out")["not-covered.yaml"]
    assert "- id: pets\n  topic: Pets\n  phrasings:\n    - Can I bring my dog to the clinic?\n    - Are pets allowed?\n" in written
    assert written.startswith("- id: cost-and-insurance")  # the others kept, in order
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "file", "target": "not-covered.yaml", "id": 0, "action": "update"}


def test_edit_and_remove_topics(staff_client, client, runner, tmp_path):
    fields = form_of(staff_client, "/admin/topics")
    assert fields["topics-0-id"] == "cost-and-insurance" and fields["topics-1-id"] == "sessions-and-schedule"
    fields["topics-0-phrasings"] += "\nDo you take Blue Cross?"
    fields["topics-1-remove"] = "y"
    assert staff_client.post("/admin/topics", data=fields).status_code == 302
    written = export(runner, tmp_path / "out")["not-covered.yaml"]
    assert "Do you take Blue Cross?" in written and "sessions-and-schedule" not in written
    assert ask(client, "Do you take Blue Cross?")["status"] == "fallback"
    # restored from the history, the topic is back
    change = history(staff_client)[0]
    token = csrf_token(staff_client, f"/admin/history/{change['id']}")
    assert staff_client.post(f"/admin/history/{change['id']}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert "sessions-and-schedule" in export(runner, tmp_path / "restored")["not-covered.yaml"]


@pytest.mark.parametrize("row, changes, field, message", [
    ("new", {"topic": "Pets", "phrasings": ""}, "phrasings", "Add at least one example question"),
    ("new", {"topic": "", "phrasings": "Are pets allowed?"}, "topic", "Give the topic a name"),
    (0, {"phrasings": "  \n "}, "phrasings", "Add at least one example question"),
    (0, {"topic": "t" * 501}, "topic", "under 500 characters"),
    (0, {"phrasings": "q" * 501}, "phrasings", "under 500 characters"),
])
def test_bad_topics_get_a_plain_message_next_to_the_field(staff_client, client, row, changes, field, message):
    rows = history(staff_client)
    fields = form_of(staff_client, "/admin/topics")
    n = max(int(k.split("-")[1]) for k in fields if k.startswith("topics-")) if row == "new" else row
    fields.update({f"topics-{n}-{k}": v for k, v in changes.items()})
    response = staff_client.post("/admin/topics", data=fields)
    assert response.status_code == 400 and message in errors_of(response)[f"topics-{n}-{field}"]
    assert history(staff_client) == rows


def test_a_topic_id_that_an_entry_has_is_refused_plainly(staff_client):
    fields = form_of(staff_client, "/admin/topics")
    fields["topics-0-id"] = "what-is-glutamate"  # a forged hidden field
    response = staff_client.post("/admin/topics", data=fields)
    assert response.status_code == 400 and "Nothing was saved yet" in page_text(response) and "used twice" in page_text(response)


def test_markup_in_a_topic_is_shown_as_text(staff_client):
    fields = form_of(staff_client, "/admin/topics")
    new = max(int(k.split("-")[1]) for k in fields if k.startswith("topics-"))
    fields.update({f"topics-{new}-topic": "<script>alert(1)</script>", f"topics-{new}-phrasings": "<img src=x onerror=alert(1)>?"})
    assert staff_client.post("/admin/topics", data=fields).status_code == 302
    page = staff_client.get("/admin/topics").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
