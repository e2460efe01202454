"""The knowledge-base editor through the HTTP surface: edits, validation, conflicts, history."""

import html
import re

import pytest

from tests.conftest import csrf_token

EDITOR_ROUTES = [
    ("get", "/admin/content"),
    ("get", "/admin/faq/new"),
    ("post", "/admin/faq/new"),
    ("get", "/admin/faq/how-effective"),
    ("post", "/admin/faq/how-effective"),
    ("post", "/admin/faq/how-effective/delete"),
    ("get", "/admin/section/new"),
    ("get", "/admin/section/symptoms"),
    ("post", "/admin/section/symptoms"),
    ("post", "/admin/section/symptoms/delete"),
    ("get", "/admin/file/synonyms.txt"),
    ("post", "/admin/file/messages.yaml"),
    ("get", "/admin/history"),
    ("get", "/admin/history/1"),
    ("post", "/admin/history/1/restore"),
]


@pytest.mark.parametrize("method, path", EDITOR_ROUTES)
def test_editor_refuses_anonymous_users(client, auth, method, path):
    auth.create()
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


@pytest.fixture
def staff_client(client, auth):
    auth.create()
    auth.login()
    return client


def form_of(client, path):
    """The fields of the edit form at `path`, as the browser would send them."""
    page = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = text
    selected = re.search(r'<select id="section" name="section"[^>]*>.*?<option value="([^"]*)" selected', page, re.S)
    if selected:
        fields["section"] = selected.group(1)
    return {k: html.unescape(v) for k, v in fields.items()}


def ask(client, question):
    return client.post("/api/ask", json={"question": question}).get_json()


def test_edit_an_answer_is_seen_in_the_api_and_history(staff_client):
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    fields["alternates"] += "\nWhat is this glutamate thing people mention?"
    response = staff_client.post("/admin/faq/what-is-glutamate", data=fields)
    assert response.status_code == 302
    body = ask(staff_client, "what is this glutamate thing people mention")
    assert body["status"] == "answered" and body["sources"][0]["id"] == "what-is-glutamate"
    audit = staff_client.get("/admin/history").get_data(as_text=True)
    assert "faq what-is-glutamate" in audit and "<td>nurse</td>" in audit


class Killed(BaseException):
    """A worker killed by a signal: nothing after it runs."""


def test_a_worker_killed_right_after_the_write_leaves_the_history_row(staff_client, knowledge_dir, app, monkeypatch):
    from bot import editor

    real_write = editor.write_atomic

    def write_then_die(path, text):
        real_write(path, text)
        raise Killed()

    monkeypatch.setattr(editor, "write_atomic", write_then_die)
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    fields["alternates"] += "\nglutamate, what is it again?"
    with pytest.raises(Killed):
        staff_client.post("/admin/faq/what-is-glutamate", data=fields)
    assert "glutamate, what is it again?" in (knowledge_dir / "faq" / "ketamine-cancer-pain.yaml").read_text()  # live
    with app.app_context():
        from bot.store.revisions import recent

        assert [(c["kind"], c["target"]) for c in recent(5)][0] == ("faq", "what-is-glutamate")  # and recorded


def test_create_and_delete_an_entry_then_restore_it(staff_client, knowledge_dir):
    token = csrf_token(staff_client, "/admin/faq/new")
    new = {"csrf_token": token, "version": "absent", "id": "parking", "question": "Is there parking at the clinic for patients?",
           "alternates": "Where can I park?", "answer": "Staff will tell you where to park.", "section": ""}
    assert staff_client.post("/admin/faq/new", data=new).status_code == 302
    assert ask(staff_client, "where can I park")["sources"][0]["id"] == "parking"
    fields = form_of(staff_client, "/admin/faq/parking")
    assert staff_client.post("/admin/faq/parking/delete", data={"csrf_token": fields["csrf_token"], "version": fields["version"]}).status_code == 302
    assert "id: parking" not in (knowledge_dir / "faq" / "faq.yaml").read_text()
    assert ask(staff_client, "where can I park")["sources"][:1] != [{"id": "parking"}]
    content = staff_client.get("/admin/content").get_data(as_text=True)
    change_id = re.search(r'faq parking, deleted .*?/admin/history/(\d+)', content, re.S).group(1)
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    assert staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert ask(staff_client, "where can I park")["sources"][0]["id"] == "parking"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"answer": "  "}, "answer", "The answer is empty"),
        ({"question": ""}, "question", "The question is empty"),
        ({"alternates": "What is glutamate?\nHow does ketamine work?"}, "alternates", "already a phrasing of the entry 'how-ketamine-works'"),
        ({"answer": "x" * 20001}, "answer", "keep it under"),
        ({"question": "q" * 501}, "question", "keep it under 500"),
        ({"id": "how-effective"}, "id", "already used by another entry"),
        ({"section": "ketamine-cancer-pain#nowhere"}, "section", "There is no section"),
    ],
)
def test_validation_messages_next_to_the_field(staff_client, knowledge_dir, change, field, message):
    before = (knowledge_dir / "faq" / "ketamine-cancer-pain.yaml").read_text()
    fields = {**form_of(staff_client, "/admin/faq/what-is-glutamate"), **change}
    response = staff_client.post("/admin/faq/what-is-glutamate", data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message.replace("'", "&#39;") in page
    assert (knowledge_dir / "faq" / "ketamine-cancer-pain.yaml").read_text() == before


def test_second_save_of_the_same_entry_is_refused_with_both_versions(staff_client):
    first = form_of(staff_client, "/admin/faq/what-is-glutamate")
    second = dict(first)
    first["answer"] = "Glutamate is an excitatory neurotransmitter."
    assert staff_client.post("/admin/faq/what-is-glutamate", data=first).status_code == 302
    second["answer"] = "Glutamate promotes pain signaling from one neuron to the next."
    response = staff_client.post("/admin/faq/what-is-glutamate", data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Glutamate is an excitatory neurotransmitter." in page and "Glutamate promotes pain signaling" in page
    assert ask(staff_client, "What is glutamate?")["answer"] == "Glutamate is an excitatory neurotransmitter."


def test_file_changed_on_disk_after_the_form_opened_is_a_conflict(staff_client, knowledge_dir):
    fields = form_of(staff_client, "/admin/file/synonyms.txt")
    path = knowledge_dir / "synonyms.txt"
    path.write_text(path.read_text() + "hand edit, by hand\n")
    fields["text"] += "staff edit, in the admin\n"
    response = staff_client.post("/admin/file/synonyms.txt", data=fields)
    assert response.status_code == 409 and "hand edit" in response.get_data(as_text=True)
    assert "staff edit" not in path.read_text()


def test_entry_changed_on_disk_after_the_form_opened_is_a_conflict(staff_client, knowledge_dir):
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    path = knowledge_dir / "faq" / "ketamine-cancer-pain.yaml"
    path.write_text(path.read_text().replace("What does glutamate have to do with pain?", "Why does glutamate matter?"))
    fields["answer"] = "Changed in the admin."
    assert staff_client.post("/admin/faq/what-is-glutamate", data=fields).status_code == 409


def test_invalid_synonyms_get_the_line(staff_client, knowledge_dir):
    fields = form_of(staff_client, "/admin/file/synonyms.txt")
    fields["text"] = "opioid, opiate\nlonely\n"
    response = staff_client.post("/admin/file/synonyms.txt", data=fields)
    assert response.status_code == 400 and "Line 2: a synonym line needs two or more terms" in response.get_data(as_text=True)


def test_edit_messages_changes_the_fallback(staff_client):
    fields = form_of(staff_client, "/admin/file/messages.yaml")
    fields["text"] = fields["text"].replace('phone: ""', 'phone: "555-0100"')
    assert staff_client.post("/admin/file/messages.yaml", data=fields).status_code == 302
    assert "Phone: 555-0100" in ask(staff_client, "Where is the clinic located?")["answer"]


def test_section_preview_edit_and_restore(staff_client):
    fields = form_of(staff_client, "/admin/section/why-choose-ketamine")
    preview = staff_client.post("/admin/section/why-choose-ketamine", data={**fields, "body": "Some **bold** text.\n\n<script>x</script>", "action": "preview"})
    page = preview.get_data(as_text=True)
    assert "<strong>bold</strong>" in page and "<script>x</script>" not in page
    body = fields["body"] + "\n\nKetamine clinics offer a quiet room for each infusion."
    assert staff_client.post("/admin/section/why-choose-ketamine", data={**fields, "body": body, "action": "save"}).status_code == 302
    assert "quiet room" in ask(staff_client, "is there a quiet room for the infusion")["answer"]
    change_id = re.search(r"/admin/history/(\d+)", staff_client.get("/admin/history").get_data(as_text=True)).group(1)
    diff = staff_client.get(f"/admin/history/{change_id}").get_data(as_text=True)
    assert "diff__add" in diff and "quiet room" in diff
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "before"})
    assert "quiet room" not in staff_client.get("/learn").get_data(as_text=True)


def test_new_section_becomes_passages(staff_client):
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "absent", "id": "visiting", "document": "ketamine-cancer-pain", "title": "Visiting the clinic",
            "body": "Patients are welcome to bring a companion to each visit.", "action": "save"}
    assert staff_client.post("/admin/section/new", data=data).status_code == 302
    assert 'id="visiting"' in staff_client.get("/learn").get_data(as_text=True)
    assert "companion" in ask(staff_client, "can I bring a companion to my visit")["answer"]


@pytest.mark.parametrize("document", ["../../../outside", "../faq/ketamine-cancer-pain", "nowhere", "*"])
def test_a_new_section_goes_only_into_an_existing_document(staff_client, knowledge_dir, document):
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "absent", "id": "visiting", "document": document, "title": "Visiting",
            "body": "Patients are welcome.", "action": "save"}
    response = staff_client.post("/admin/section/new", data=data)
    assert response.status_code == 400 and "Pick the document" in response.get_data(as_text=True)
    assert not list(knowledge_dir.parent.rglob("outside.md"))
    assert "Patients are welcome" not in (knowledge_dir / "documents" / "ketamine-cancer-pain.md").read_text()


def test_unknown_things_are_404(staff_client):
    assert staff_client.get("/admin/faq/nope").status_code == 404
    assert staff_client.get("/admin/section/nope").status_code == 404
    assert staff_client.get("/admin/file/app.py").status_code == 404
    assert staff_client.get("/admin/history/999").status_code == 404


def test_editing_while_a_file_is_broken_changes_nothing(staff_client, knowledge_dir):
    path = knowledge_dir / "faq" / "ketamine-cancer-pain.yaml"
    path.write_text(path.read_text() + "\n- id: [broken\n")
    response = staff_client.get("/admin/faq/what-is-glutamate", follow_redirects=True)
    assert response.status_code == 200 and "Nothing was changed" in response.get_data(as_text=True)
    assert "ketamine-cancer-pain.yaml" in response.get_data(as_text=True)
