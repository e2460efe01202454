"""The knowledge editor through the HTTP surface: every save is one transaction of the store (the
change and its history row), seen at once in the API, the history and `flask kb export`; validation
next to the field; conflicts between editors by integer versions; restores."""

import html
import re

import pytest

from tests.conftest import AuthActions, csrf_token

EDITOR_ROUTES = [
    ("get", "/admin/content"),
    ("get", "/admin/faq/new"),
    ("post", "/admin/faq/new"),
    ("get", "/admin/faq/how-effective"),
    ("post", "/admin/faq/how-effective"),
    ("get", "/admin/faq/how-effective/delete"),
    ("post", "/admin/faq/how-effective/delete"),
    ("get", "/admin/section/symptoms/delete"),
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


@pytest.fixture
def other_editor(make_app, knowledge_dir):
    """A second staff member, signed in on a second worker (another app on the same database)."""
    worker = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    client = worker.test_client()
    other = AuthActions(client, worker.test_cli_runner())
    other.create("doctor")
    other.login("doctor")
    return client


def form_of(client, path):
    """The fields of the edit form at `path`, as the browser would send them."""
    page = client.get(path).get_data(as_text=True)
    fields = {name: html.unescape(value) for name, value in re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page)}
    for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', page, re.DOTALL):
        fields[name] = html.unescape(text)
    selected = re.search(r'<select id="section" name="section"[^>]*>.*?<option value="([^"]*)" selected', page[:page.find("</select>")], re.DOTALL)
    if selected:
        fields["section"] = selected.group(1)
    return {k: html.unescape(v) for k, v in fields.items()}


def stored(client, path):
    """What the edit form at `path` holds, without the per-session CSRF token: the stored fields and version."""
    fields = form_of(client, path)
    fields.pop("csrf_token")
    return fields


def ask(client, question):
    return client.post("/api/ask", json={"question": question}).get_json()


HISTORY_ROW = re.compile(r'<tr data-change="(\d+)" data-kind="(\w+)" data-target="([^"]*)" data-action="(\w+)">.*?<td data-label="Who">([^<]*)</td>')


def history(client):
    """The rows of /admin/history, newest first: {staff, kind, target, id, action}."""
    page = client.get("/admin/history").get_data(as_text=True)
    return [{"staff": html.unescape(s), "kind": k, "target": html.unescape(t), "id": int(i), "action": a} for i, k, t, a, s in HISTORY_ROW.findall(page)]


def export(runner, folder):
    """The store written out by `flask kb export`: {path inside the folder: text}."""
    result = runner.invoke(args=["kb", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def page_text(response):
    return html.unescape(response.get_data(as_text=True))


def test_edit_an_answer_is_seen_in_the_api_history_and_export(staff_client, runner, tmp_path):
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    assert fields["version"].isdigit()
    fields["alternates"] += "\nWhat is this glutamate thing people mention?"
    response = staff_client.post("/admin/faq/what-is-glutamate", data=fields)
    assert response.status_code == 302
    body = ask(staff_client, "what is this glutamate thing people mention")
    assert body["status"] == "answered" and body["sources"][0]["id"] == "what-is-glutamate"
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "faq", "target": "what-is-glutamate", "id": 0, "action": "update"}
    assert "What is this glutamate thing people mention?" in export(runner, tmp_path / "out")["faq/ketamine-cancer-pain.yaml"]
    assert int(form_of(staff_client, "/admin/faq/what-is-glutamate")["version"]) == int(fields["version"]) + 1


def test_staff_keep_an_entry_s_visitor_examples(staff_client, runner, tmp_path):
    """The questions visitors asked that an entry answers: shown on its page (folded away), saved with
    the entry, in its history and in the export; the bot's intent classifier learns them at once."""
    from bot.web.live import get_bot

    page = page_text(staff_client.get("/admin/faq/what-is-glutamate"))
    assert 'id="examples"' in page and "Questions visitors asked that it answers" in page
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    shipped = [line for line in fields["examples"].splitlines() if line.strip()]
    assert shipped, "the shipped entry has examples"
    example = "so the glutamate stuff is like the brain yelling about pain??"
    with staff_client.application.app_context():
        fitted_before = len(get_bot().intents.dual_)  # the phrasings and examples the intent classifier is fitted on
    fields["examples"] += f"\n{example}\n{example}"  # said twice, kept once
    assert staff_client.post("/admin/faq/what-is-glutamate", data=fields).status_code == 302
    assert form_of(staff_client, "/admin/faq/what-is-glutamate")["examples"].splitlines() == [*shipped, example]
    assert f"- {example}" in export(runner, tmp_path / "out")["faq/ketamine-cancer-pain.yaml"]
    change = history(staff_client)[0]
    assert change["target"] == "what-is-glutamate" and change["action"] == "update"
    assert "Questions visitors asked that it answers" in page_text(staff_client.get(f"/admin/history/{change['id']}"))
    with staff_client.application.app_context():
        bot = get_bot()
        assert example in bot.kb.entry("what-is-glutamate").examples and len(bot.intents.dual_) == fitted_before + 1
        assert example not in bot.kb.entry("what-is-glutamate").questions  # no phrasing added
        assert bot.retriever.exact_entry(example) is None  # an example is never matched word for word


def test_a_question_is_never_claimed_by_two_entries(staff_client):
    """A visitor example of one entry is refused as another's example or phrasing, and the other way round:
    the bot would be taught both ways."""
    other_example = form_of(staff_client, "/admin/faq/how-ketamine-works")["examples"].splitlines()[0]
    for field_name in ("examples", "alternates"):
        fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
        fields[field_name] += f"\n{other_example}"
        response = staff_client.post("/admin/faq/what-is-glutamate", data=fields)
        assert response.status_code == 400, field_name
        assert "a visitor example of the entry 'how-ketamine-works'" in page_text(response), field_name


class Killed(BaseException):
    """A worker killed by a signal: nothing after it runs."""


SAVES = {  # path, and the form as changed by the staff member
    "faq": ("/admin/faq/what-is-glutamate", lambda f: {**f, "alternates": f["alternates"] + "\nglutamate, what is it again?"}),
    "section": ("/admin/section/why-choose-ketamine", lambda f: {**f, "body": f["body"] + "\n\nEach infusion room is quiet.", "action": "save"}),
    "file": ("/admin/file/synonyms.txt", lambda f: {**f, "text": f["text"] + "infusion room, drip room\n"}),
    "delete": ("/admin/faq/what-is-glutamate", lambda f: {"csrf_token": f["csrf_token"], "version": f["version"]}),
}


@pytest.mark.parametrize("kind, failure", [("faq", RuntimeError), ("faq", Killed), ("section", RuntimeError), ("file", RuntimeError), ("delete", RuntimeError)])
def test_a_change_without_its_history_row_is_not_saved(staff_client, app, runner, tmp_path, monkeypatch, kind, failure):
    """The change and its history row are one transaction: when the history insert fails (or the
    worker dies there), the change is not in the store either."""
    from bot.store import knowledge

    path, change = SAVES[kind]
    post_to = path + "/delete" if kind == "delete" else path
    before, rows, folder = stored(staff_client, path), history(staff_client), export(runner, tmp_path / "before")
    with app.app_context():
        revision = knowledge.revision()

    def record_fails(*args, **kwargs):
        raise failure("the history insert failed")

    monkeypatch.setattr(knowledge, "record", record_fails)
    with pytest.raises(failure):
        staff_client.post(post_to, data=change(form_of(staff_client, path)))
    monkeypatch.undo()

    assert stored(staff_client, path) == before  # same content, same version
    assert history(staff_client) == rows
    assert export(runner, tmp_path / "after") == folder
    with app.app_context():
        assert knowledge.revision() == revision
    if kind in ("faq", "delete"):
        assert ask(staff_client, "What is glutamate?")["sources"][0]["id"] == "what-is-glutamate"
    # the same form saves now: nothing of the failed attempt is left in the way
    assert staff_client.post(post_to, data=change(form_of(staff_client, path))).status_code == 302
    assert history(staff_client)[0]["action"] == ("delete" if kind == "delete" else "update")


def test_create_and_delete_an_entry_then_restore_it(staff_client, runner, tmp_path):
    token = csrf_token(staff_client, "/admin/faq/new")
    new = {"csrf_token": token, "version": "0", "id": "parking", "question": "Is there parking at the clinic for patients?",
           "alternates": "Where can I park?", "answer": "Staff will tell you where to park.", "section": ""}
    assert staff_client.post("/admin/faq/new", data=new).status_code == 302
    assert ask(staff_client, "where can I park")["sources"][0]["id"] == "parking"
    assert "id: parking" in export(runner, tmp_path / "created")["faq/faq.yaml"]
    fields = form_of(staff_client, "/admin/faq/parking")
    assert fields["version"] == "1"
    assert staff_client.post("/admin/faq/parking/delete", data={"csrf_token": fields["csrf_token"], "version": fields["version"]}).status_code == 302
    assert staff_client.get("/admin/faq/parking").status_code == 404
    assert "id: parking" not in "".join(export(runner, tmp_path / "deleted").values())
    assert ask(staff_client, "where can I park")["sources"][:1] != [{"id": "parking"}]
    content = staff_client.get("/admin/content").get_data(as_text=True)
    change_id = re.search(r'faq parking, deleted .*?/admin/history/(\d+)', content, re.DOTALL).group(1)
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    assert staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert ask(staff_client, "where can I park")["sources"][0]["id"] == "parking"
    assert "id: parking" in export(runner, tmp_path / "restored")["faq/faq.yaml"]
    assert "faq parking, deleted" not in staff_client.get("/admin/content").get_data(as_text=True)
    assert [(r["target"], r["action"]) for r in history(staff_client)[:3]] == [("parking", "restore"), ("parking", "delete"), ("parking", "create")]


def test_a_restore_is_a_new_change_in_the_history(staff_client):
    original = form_of(staff_client, "/admin/faq/what-is-glutamate")
    assert staff_client.post("/admin/faq/what-is-glutamate", data={**original, "answer": "Glutamate is an excitatory neurotransmitter."}).status_code == 302
    edit = history(staff_client)[0]
    token = csrf_token(staff_client, f"/admin/history/{edit['id']}")
    assert staff_client.post(f"/admin/history/{edit['id']}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    rows = history(staff_client)
    assert rows[1] == edit  # the edit stays in the history as it was
    restore = rows[0]
    assert restore["id"] > edit["id"] and (restore["kind"], restore["target"], restore["action"], restore["staff"]) == ("faq", "what-is-glutamate", "restore", "nurse")
    assert ask(staff_client, "What is glutamate?")["answer"] == original["answer"]
    shown = page_text(staff_client.get(f"/admin/history/{restore['id']}"))
    assert "Restored: What is glutamate?" in shown and "<h3>Answer</h3>" in shown and "<del>neurotransmitter.</del>" in shown
    assert re.search(r"<ins>neurotransmitter that promotes pain signaling[^<]*</ins>", shown)  # the words the restore put back
    assert stored(staff_client, "/admin/faq/what-is-glutamate")["version"] == str(int(original["version"]) + 2)
    # and the version the edit saved can be put back the same way
    assert staff_client.post(f"/admin/history/{edit['id']}/restore", data={"csrf_token": token, "which": "after"}).status_code == 302
    assert [r["action"] for r in history(staff_client)[:3]] == ["restore", "restore", "update"]
    assert ask(staff_client, "What is glutamate?")["answer"] == "Glutamate is an excitatory neurotransmitter."


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"answer": "  "}, "answer", "The answer is empty"),
        ({"question": ""}, "question", "The question is empty"),
        ({"question": "How does ketamine work?"}, "question", "already a phrasing of the entry 'how-ketamine-works'"),
        ({"alternates": "What is glutamate?\nHow does ketamine work?"}, "alternates", "already a phrasing of the entry 'how-ketamine-works'"),
        ({"alternates": "a" * 501}, "alternates", "A phrasing is longer than 500 characters"),
        ({"examples": "so what is glutamate then\n" + "e" * 501}, "examples", "An example is longer than 500 characters"),
        ({"examples": "How does ketamine work?"}, "examples", "is a phrasing of the entry 'how-ketamine-works', so it cannot be an example"),
        ({"examples": "\n".join(f"question {n}?" for n in range(501))}, "examples", "keep at most 500"),
        ({"answer": "x" * 20001}, "answer", "keep it under"),
        ({"question": "q" * 501}, "question", "keep it under 500"),
        ({"section": "ketamine-cancer-pain#nowhere"}, "section", "There is no section"),
        ({"url": "javascript:alert(1)"}, "url", "A link starts with https://"),
    ],
)
def test_validation_messages_next_to_the_field(staff_client, change, field, message):
    before, rows = stored(staff_client, "/admin/faq/what-is-glutamate"), history(staff_client)
    fields = {**form_of(staff_client, "/admin/faq/what-is-glutamate"), **change}
    response = staff_client.post("/admin/faq/what-is-glutamate", data=fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message in html.unescape(page)
    assert stored(staff_client, "/admin/faq/what-is-glutamate") == before and history(staff_client) == rows
    assert ask(staff_client, "What is glutamate?")["sources"][0]["id"] == "what-is-glutamate"


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
    assert [r["action"] for r in history(staff_client)].count("update") == 1


CONFLICTS = {  # path, the change editor `n` makes in the form, and how it shows
    "faq": ("/admin/faq/what-is-glutamate", lambda f, n: {**f, "answer": f"Glutamate, as editor {n} puts it."}, "as editor {} puts it"),
    "section": ("/admin/section/why-choose-ketamine", lambda f, n: {**f, "body": f"{f['body']}\n\nA note from editor {n}.", "action": "save"},
                "A note from editor {}."),
    "synonyms": ("/admin/file/synonyms.txt", lambda f, n: {**f, "text": f"{f['text']}editor{n}, writer{n}\n"}, "editor{}, writer"),
    "not-covered": ("/admin/file/not-covered.yaml",
                    lambda f, n: {**f, "text": f"{f['text']}- id: editor{n}\n  topic: Editor {n}\n  phrasings:\n    - Who is editor {n}?\n"}, "Who is editor {}?"),
    "messages": ("/admin/file/messages.yaml", lambda f, n: {**f, "text": re.sub(r"(?m)^  phone: .*$", f"  phone: 555-010{n}", f["text"])}, "555-010{}"),
}


@pytest.mark.parametrize("kind", CONFLICTS)
def test_a_change_by_another_editor_after_the_form_opened_is_a_conflict(staff_client, other_editor, runner, tmp_path, kind):
    path, change, shown = CONFLICTS[kind]
    mine = change(form_of(staff_client, path), 1)
    theirs = change(form_of(other_editor, path), 2)
    assert shown.format(1) in str(mine) and shown.format(2) in str(theirs)
    assert mine["version"] == theirs["version"] and mine["version"].isdigit()
    assert other_editor.post(path, data=theirs).status_code == 302  # saved first, on another worker
    response = staff_client.post(path, data=mine)
    page = page_text(response)
    assert response.status_code == 409 and "Not saved" in page
    assert shown.format(2) in page and shown.format(1) in page  # the current version, and mine to compare
    assert history(staff_client)[0]["staff"] == "doctor"
    written = "".join(export(runner, tmp_path / "out").values())
    assert shown.format(2) in written and shown.format(1) not in written
    # reopened, the form carries the new version, and the change goes in on top of theirs
    again = change(form_of(staff_client, path), 1)
    assert int(again["version"]) > int(mine["version"])
    assert staff_client.post(path, data=again).status_code == 302
    assert history(staff_client)[0]["staff"] == "nurse"


@pytest.mark.parametrize("version", ["", "absent", "-1", "1.0", " 1", "0", "2", "99999999999999999999",
                                     "²"])
@pytest.mark.parametrize("action", ["save", "delete"])
def test_a_save_or_delete_from_another_version_is_refused(staff_client, version, action):
    before, rows = stored(staff_client, "/admin/faq/what-is-glutamate"), history(staff_client)
    assert before["version"] == "1"
    fields = {**form_of(staff_client, "/admin/faq/what-is-glutamate"), "answer": "Changed in the admin.", "version": version}
    path = "/admin/faq/what-is-glutamate" + ("/delete" if action == "delete" else "")
    assert staff_client.post(path, data=fields).status_code == 409
    assert stored(staff_client, "/admin/faq/what-is-glutamate") == before and history(staff_client) == rows


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("synonyms.txt", "opioid, opiate\nlonely\n", "Line 2: a synonym line needs two or more terms"),
        ("synonyms.txt", "a, , b\n", "Line 1: a synonym line needs two or more terms"),
        ("synonyms.txt", "a, b\n# a comment\n, x\n", "Line 3: a synonym line needs two or more terms"),
        ("messages.yaml", "clinic: [unclosed\n", "Line 2: not valid YAML"),
        ("messages.yaml", "clinic:\n  name: X\n phone: 1\n", "Line 3: not valid YAML"),
        ("messages.yaml", "- a\n- b\n", "Line 1: messages.yaml must be a mapping of names to messages"),
        ("messages.yaml", "fallback: ''\n", "Line 1: message 'fallback' is empty"),
        ("messages.yaml", "starters: [a, b, c, d, e, f, g]\n", "Line 1: starters must be a list of up to 6 questions"),
        ("messages.yaml", "a: &a [x, x, x, x]\nb: [*a, *a, *a, *a]\n", "Line 2: not valid YAML: aliases (*name) are not allowed"),
        ("messages.yaml", "urgent_help:\n  text: Call.\n  links:\n    - label: Click\n      href: javascript:alert(1)\n", "Line 4: each urgent_help link needs a label and an href"),
        ("messages.yaml", "clinic: Ketamine Pain Clinic\n", "Line 1: 'clinic' must be a mapping"),
        ("messages.yaml", "fallback: [a, b]\n", "Line 1: message 'fallback' must be text"),
        ("messages.yaml", "fallbak: Sorry.\n", "Line 1: unknown message 'fallbak'"),
        ("messages.yaml", "clinic:\n  name: X\n  fax: 1\n", "Line 2: unknown field 'fax' of 'clinic'"),
        ("not-covered.yaml", "- id: x\n  topic: T\n", "Line 1: topic 'x' needs at least one phrasing"),
        ("not-covered.yaml", "id: x\n", "Line 1: the file must be a list of entries"),
        ("not-covered.yaml", "- id: x\n  topic: T\n  phrasings: [a\n", "Line 4: not valid YAML"),
        ("not-covered.yaml", "- id: x\n  topic: T\n  phrasings: [a]\n  colour: red\n", "Line 1: unknown key 'colour'"),
        ("not-covered.yaml", "- id: x\n  phrasings: [a]\n", "Line 1: entry 'x' has no topic"),
        ("not-covered.yaml", "\tbad\n", "Line 1: not valid YAML"),
    ],
)
def test_invalid_file_text_gets_the_line_and_changes_nothing(staff_client, name, text, message):
    path = f"/admin/file/{name}"
    before, rows = stored(staff_client, path), history(staff_client)
    response = staff_client.post(path, data={**form_of(staff_client, path), "text": text})
    page = page_text(response)
    assert response.status_code == 400 and 'id="text-error"' in page and message in page
    assert f">{text}</textarea>" in page  # the staff member's text is kept to correct
    assert stored(staff_client, path) == before and history(staff_client) == rows
    assert ask(staff_client, "Where can I buy a unicorn saddle?")["status"] == "fallback"


def test_edit_messages_changes_the_fallback(staff_client, runner, tmp_path):
    fields = form_of(staff_client, "/admin/file/messages.yaml")
    text, found = re.subn(r"(?m)^  phone: .*$", '  phone: "555-0100"', fields["text"])
    assert found == 1
    assert staff_client.post("/admin/file/messages.yaml", data={**fields, "text": text}).status_code == 302
    assert "Phone: 555-0100" in ask(staff_client, "Where is the clinic located?")["answer"]
    assert "555-0100" in export(runner, tmp_path / "out")["messages.yaml"]
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "file", "target": "messages.yaml", "id": 0, "action": "update"}
    assert form_of(staff_client, "/admin/file/messages.yaml")["version"] == str(history(staff_client)[0]["id"])  # a file's version: its newest change


def test_edit_synonyms_is_used_by_the_bot(staff_client, runner, tmp_path):
    assert ask(staff_client, "what is zorblax")["status"] == "fallback"
    fields = form_of(staff_client, "/admin/file/synonyms.txt")
    assert staff_client.post("/admin/file/synonyms.txt", data={**fields, "text": fields["text"] + "glutamate, zorblax\n"}).status_code == 302
    body = ask(staff_client, "what is zorblax")
    assert body["status"] == "answered" and body["sources"][0]["id"] == "what-is-glutamate"
    assert "glutamate, zorblax\n" in export(runner, tmp_path / "out")["synonyms.txt"]


def test_section_preview_edit_and_restore(staff_client, runner, tmp_path):
    fields = form_of(staff_client, "/admin/section/why-choose-ketamine")
    rows = history(staff_client)
    preview = staff_client.post("/admin/section/why-choose-ketamine", data={**fields, "body": "Some **bold** text.\n\n<script>x</script>", "action": "preview"})
    page = preview.get_data(as_text=True)
    assert "<strong>bold</strong>" in page and "<script>x</script>" not in page
    assert history(staff_client) == rows  # a preview saves nothing
    body = fields["body"] + "\n\nKetamine clinics offer a quiet room for each infusion."
    assert staff_client.post("/admin/section/why-choose-ketamine", data={**fields, "body": body, "action": "save"}).status_code == 302
    assert "quiet room" in ask(staff_client, "is there a quiet room for the infusion")["answer"]
    assert "quiet room for each infusion" in export(runner, tmp_path / "saved")["documents/ketamine-cancer-pain.md"]
    change_id = history(staff_client)[0]["id"]
    diff = staff_client.get(f"/admin/history/{change_id}").get_data(as_text=True)
    assert "<ins>" in diff and "quiet room" in diff and "@@" not in diff
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    assert staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert "quiet room" not in staff_client.get("/learn").get_data(as_text=True)
    assert "quiet room" not in export(runner, tmp_path / "restored")["documents/ketamine-cancer-pain.md"]
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "section", "target": "why-choose-ketamine", "id": 0, "action": "restore"}


@pytest.mark.parametrize("change, field, message", [
    ({"title": " "}, "title", "The heading is empty"),
    ({"body": "  \n "}, "body", "The section has no text"),
    ({"body": "Text.\n\n## Another heading\n\nMore."}, "body", "cannot have a '# ' or '## ' heading line"),
])
def test_section_validation_changes_nothing(staff_client, change, field, message):
    before, rows = stored(staff_client, "/admin/section/why-choose-ketamine"), history(staff_client)
    response = staff_client.post("/admin/section/why-choose-ketamine", data={**form_of(staff_client, "/admin/section/why-choose-ketamine"), **change, "action": "save"})
    page = page_text(response)
    assert response.status_code == 400 and f'id="{field}-error"' in page and message in page
    assert stored(staff_client, "/admin/section/why-choose-ketamine") == before and history(staff_client) == rows


def test_new_section_becomes_passages(staff_client, runner, tmp_path):
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "0", "id": "visiting", "document": "ketamine-cancer-pain", "title": "Visiting the clinic",
            "body": "Patients are welcome to bring a companion to each visit.", "action": "save"}
    assert staff_client.post("/admin/section/new", data=data).status_code == 302
    assert 'id="visiting"' in staff_client.get("/learn").get_data(as_text=True)
    assert "companion" in ask(staff_client, "can I bring a companion to my visit")["answer"]
    document = export(runner, tmp_path / "out")["documents/ketamine-cancer-pain.md"]
    assert "## Visiting the clinic {#visiting}\n\nPatients are welcome to bring a companion" in document
    assert history(staff_client)[0] | {"id": 0} == {"staff": "nurse", "kind": "section", "target": "visiting", "id": 0, "action": "create"}
    assert form_of(staff_client, "/admin/section/visiting")["version"] == "1"


@pytest.mark.parametrize("document", ["../../../outside", "../faq/ketamine-cancer-pain", "nowhere", "*", ""])
def test_a_new_section_goes_only_into_an_existing_document(staff_client, runner, knowledge_dir, tmp_path, document):
    rows = history(staff_client)
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "0", "id": "visiting", "document": document, "title": "Visiting",
            "body": "Patients are welcome.", "action": "save"}
    response = staff_client.post("/admin/section/new", data=data)
    assert response.status_code == 400 and "Pick the document" in response.get_data(as_text=True)
    assert not list(knowledge_dir.parent.rglob("outside.md"))
    assert "Patients are welcome" not in "".join(export(runner, tmp_path / "out").values())
    assert staff_client.get("/admin/section/visiting").status_code == 404 and history(staff_client) == rows


@pytest.mark.parametrize("section_id", ["", "-x", "a b", "../x", "x/y", "s" * 121])
def test_a_new_section_needs_a_plain_id(staff_client, section_id):
    rows = history(staff_client)
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "0", "id": section_id, "document": "ketamine-cancer-pain", "title": "Visiting",
            "body": "Patients are welcome.", "action": "save"}
    response = staff_client.post("/admin/section/new", data=data)
    assert response.status_code == 400 and 'id="id-error"' in response.get_data(as_text=True)
    assert history(staff_client) == rows


@pytest.mark.parametrize("version", ["0", "current"])
def test_a_new_section_cannot_replace_an_existing_one(staff_client, version):
    before, rows = stored(staff_client, "/admin/section/symptoms"), history(staff_client)
    data = {"csrf_token": csrf_token(staff_client, "/admin/section/new"), "version": before["version"] if version == "current" else version,
            "id": "symptoms", "document": "ketamine-cancer-pain", "title": "Visiting", "body": "Patients are welcome.", "action": "save"}
    assert staff_client.post("/admin/section/new", data=data).status_code in (400, 409)
    assert stored(staff_client, "/admin/section/symptoms") == before and history(staff_client) == rows


def test_deleting_a_section_an_entry_names_as_its_source_is_refused(staff_client, runner, tmp_path):
    before, rows = stored(staff_client, "/admin/section/symptoms"), history(staff_client)
    response = staff_client.post("/admin/section/symptoms/delete", data={"csrf_token": csrf_token(staff_client, "/admin/section/symptoms"),
                                                                         "version": before["version"]}, follow_redirects=True)
    page = page_text(response)
    assert response.status_code == 200 and "symptoms-of-cancer-pain" in page and "name this section as their source" in page
    assert stored(staff_client, "/admin/section/symptoms") == before and history(staff_client) == rows
    assert "{#symptoms}" in export(runner, tmp_path / "out")["documents/ketamine-cancer-pain.md"]
    assert 'id="symptoms"' in staff_client.get("/learn").get_data(as_text=True)


def test_delete_a_section_then_restore_it(staff_client, runner, tmp_path):
    token = csrf_token(staff_client, "/admin/section/new")
    data = {"csrf_token": token, "version": "0", "id": "visiting", "document": "ketamine-cancer-pain", "title": "Visiting the clinic",
            "body": "Patients are welcome to bring a companion to each visit.", "action": "save"}
    assert staff_client.post("/admin/section/new", data=data).status_code == 302
    fields = form_of(staff_client, "/admin/section/visiting")
    assert staff_client.post("/admin/section/visiting/delete", data={"csrf_token": fields["csrf_token"], "version": fields["version"]}).status_code == 302
    assert staff_client.get("/admin/section/visiting").status_code == 404
    assert 'id="visiting"' not in staff_client.get("/learn").get_data(as_text=True)
    assert "companion" not in export(runner, tmp_path / "deleted")["documents/ketamine-cancer-pain.md"]
    deleted = history(staff_client)[0]
    assert (deleted["kind"], deleted["target"], deleted["action"]) == ("section", "visiting", "delete")
    token = csrf_token(staff_client, f"/admin/history/{deleted['id']}")
    assert staff_client.post(f"/admin/history/{deleted['id']}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert 'id="visiting"' in staff_client.get("/learn").get_data(as_text=True)
    assert "companion" in ask(staff_client, "can I bring a companion to my visit")["answer"]
    assert "## Visiting the clinic {#visiting}" in export(runner, tmp_path / "restored")["documents/ketamine-cancer-pain.md"]
    assert [r["action"] for r in history(staff_client)[:3]] == ["restore", "delete", "create"]


@pytest.mark.parametrize("path", ["/admin/faq/nope", "/admin/section/nope", "/admin/file/app.py", "/admin/file/../app.py", "/admin/file/Synonyms.txt",
                                  "/admin/file/faq", "/admin/faq/..%2F..%2Fapp.py", "/admin/section/..%2Fx", "/admin/history/999", "/admin/history/0"])
def test_unknown_things_are_404(staff_client, path):
    assert staff_client.get(path).status_code == 404


# ---- Entries as staff write them: the question first, the id made from it ---------------------------

def new_entry(client, question, answer="Staff will tell you where to park.", **fields):
    """POST the new-entry form as the browser sends it (the id left empty unless given)."""
    data = {"csrf_token": csrf_token(client, "/admin/faq/new"), "version": "0", "id": "", "question": question, "alternates": "", "answer": answer,
            "section": "", "url": "", "source": "", **fields}
    return client.post("/admin/faq/new", data=data)


def test_the_form_starts_with_the_question_and_hides_the_id_under_advanced(staff_client):
    page = staff_client.get("/admin/faq/what-is-glutamate").get_data(as_text=True)
    assert page.index('id="question"') < page.index('id="alternates"') < page.index('id="answer"') < page.index('<details')
    assert 'name="id"' not in page and "<code>what-is-glutamate</code>" in page[page.index("<details"):]
    new = staff_client.get("/admin/faq/new").get_data(as_text=True)
    assert new.index('id="question"') < new.index("<details") < new.index('name="id"')


def test_the_source_is_chosen_by_section_title(staff_client):
    page = page_text(staff_client.get("/admin/faq/symptoms-of-cancer-pain"))
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page))
    assert options["ketamine-cancer-pain#symptoms"] == "Symptoms of Chronic Cancer Pain"
    assert all("#" not in title and title != value.split("#")[-1] for value, title in options.items())
    assert re.search(r'<option value="ketamine-cancer-pain#symptoms" selected>', page)


@pytest.mark.parametrize("question, expected", [
    ("How do I get to the clinic by bus?", "how-do-i-get-to-the-clinic-by-bus"),
    ("  ¿Cuántas   sesiones necesito?  ", "cuantas-sesiones-necesito"),
    ("How effective?", "how-effective-2"),  # the id "how-effective" is taken
    ("What should I bring to my first appointment at the clinic, and how early should I arrive before it starts?",
     "what-should-i-bring-to-my-first-appointment-at-the-clinic"),
    ("???", "entry"),
])
def test_a_new_entry_gets_a_readable_id_from_its_question(staff_client, runner, tmp_path, question, expected):
    response = new_entry(staff_client, question)
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/faq/{expected}"
    assert history(staff_client)[0]["target"] == expected
    assert f"id: {expected}\n" in export(runner, tmp_path / "out")["faq/faq.yaml"]


def test_ids_made_from_the_same_words_are_numbered(staff_client):
    assert new_entry(staff_client, "Parking?", id="parking").headers["Location"] == "/admin/faq/parking"
    assert new_entry(staff_client, "Where is the parking lot?", id="parking-2").status_code == 302
    assert new_entry(staff_client, "Parking ...?").headers["Location"] == "/admin/faq/parking-3"
    assert new_entry(staff_client, "Parking!!! (bikes)").headers["Location"] == "/admin/faq/parking-bikes"


@pytest.mark.parametrize("typed, message", [
    ("How many sessions", "lowercase letters, digits and hyphens"),
    ("Parking", "lowercase letters, digits and hyphens"),
    ("parking_lot", "lowercase letters, digits and hyphens"),
    ("-parking", "lowercase letters, digits and hyphens"),
    ("parking-", "lowercase letters, digits and hyphens"),
    ("two\nlines", "lowercase letters, digits and hyphens"),
    ("../../app", "lowercase letters, digits and hyphens"),
    ('"><script>alert(1)</script>', "lowercase letters, digits and hyphens"),
    ("i" * 201, "lowercase letters, digits and hyphens"),
    ("how-effective", "already used by another entry"),
])
def test_a_typed_id_is_checked_with_a_plain_message(staff_client, typed, message):
    rows = history(staff_client)
    response = new_entry(staff_client, "Is there parking at the clinic for patients?", answer="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "The answer is empty" in page  # every mistake at once
    response = new_entry(staff_client, "Is there parking at the clinic for patients?", id=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="id-error"' in page and message in html.unescape(page)
    assert "<script>alert(1)" not in page
    assert "<details class=\"advanced\" open>" in page  # the id's field is shown, not hidden under Advanced
    assert history(staff_client) == rows


def test_an_id_never_changes_once_published(staff_client):
    fields = {**form_of(staff_client, "/admin/faq/what-is-glutamate"), "id": "renamed", "answer": "Glutamate is a neurotransmitter."}
    assert staff_client.post("/admin/faq/what-is-glutamate", data=fields).headers["Location"] == "/admin/faq/what-is-glutamate"
    assert staff_client.get("/admin/faq/renamed").status_code == 404
    body = ask(staff_client, "What is glutamate?")
    assert body["sources"][0]["id"] == "what-is-glutamate" and body["answer"] == "Glutamate is a neurotransmitter."


def test_new_entry_from_an_unanswered_question_is_prefilled_and_answered(staff_client, client):
    assert ask(client, "Is there a cafeteria at the clinic?")["status"] == "fallback"
    page = page_text(staff_client.get("/admin/unanswered"))
    link = re.search(r'href="(/admin/faq/new\?question=[^"]+)"', page).group(1)
    form = form_of(staff_client, link)
    assert form["question"] == "Is there a cafeteria at the clinic?" and form["id"] == ""
    response = staff_client.post("/admin/faq/new", data={**form, "answer": "Yes, on the ground floor."})
    assert response.headers["Location"] == "/admin/faq/is-there-a-cafeteria-at-the-clinic"
    assert ask(client, "Is there a cafeteria at the clinic?")["answer"] == "Yes, on the ground floor."


def test_an_entry_with_no_source_section_has_no_from_link(staff_client, client):
    assert new_entry(staff_client, "Is there a cafeteria at the clinic?", answer="Yes, on the ground floor.").status_code == 302
    body = ask(client, "Is there a cafeteria at the clinic?")
    assert body["status"] == "answered" and body["sources"][0]["id"] == "is-there-a-cafeteria-at-the-clinic" and body["sources"][0]["url"] == ""
    page = client.post("/", data={"question": "Is there a cafeteria at the clinic?"}, follow_redirects=True).get_data(as_text=True)
    reply = page[page.rindex('<li class="msg msg--bot msg--answered"'):]
    assert "on the ground floor" in reply and "From:" not in reply and 'data-source-id="is-there-a-cafeteria-at-the-clinic"' in reply
    # an entry with a source section keeps its link
    page = client.post("/", data={"question": "What is glutamate?"}, follow_redirects=True).get_data(as_text=True)
    assert 'From: <a href="' in page[page.rindex('<li class="msg msg--bot msg--answered"'):]


@pytest.mark.parametrize("path, name", [("/admin/faq/what-is-glutamate", "What is glutamate?"), ("/admin/section/visiting", "Visiting the clinic")])
def test_delete_asks_first_and_says_how_to_restore(staff_client, path, name):
    data = {"csrf_token": csrf_token(staff_client, "/admin/section/new"), "version": "0", "id": "visiting", "document": "ketamine-cancer-pain",
            "title": "Visiting the clinic", "body": "Patients are welcome to bring a companion to each visit.", "action": "save"}
    assert staff_client.post("/admin/section/new", data=data).status_code == 302
    rows = history(staff_client)
    edit = page_text(staff_client.get(path))
    assert f'href="{path}/delete"' in edit and 'method="post" action="' + path + '/delete"' not in edit
    confirm = staff_client.get(path + "/delete")
    page = page_text(confirm)
    assert confirm.status_code == 200 and name.lower() in page.lower() and "Restore the version before this change" in page and "History" in page
    assert f'action="{path}/delete"' in page and "Yes, delete it" in page and f'href="{path}"' in page
    assert history(staff_client) == rows and staff_client.get(path).status_code == 200  # asking deleted nothing
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    done = staff_client.post(path + "/delete", data=fields, follow_redirects=True)
    assert "To bring it back" in page_text(done) and staff_client.get(path).status_code == 404
    assert history(staff_client)[0]["action"] == "delete"


# ---- History as staff read it ------------------------------------------------------------------------

@pytest.fixture
def chicago_client(make_app, knowledge_dir):
    """A signed-in staff member of a clinic whose history is shown in Chicago's time."""
    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "TIMEZONE": "America/Chicago"})
    client = app.test_client()
    staff = AuthActions(client, app.test_cli_runner())
    staff.create()
    staff.login()
    return client


def test_history_says_when_in_local_time_who_and_which_question(chicago_client):
    fields = form_of(chicago_client, "/admin/faq/what-is-glutamate")
    assert chicago_client.post("/admin/faq/what-is-glutamate", data={**fields, "answer": "Glutamate is a messenger between nerve cells."}).status_code == 302
    page = page_text(chicago_client.get("/admin/history"))
    row = re.search(r'<tr data-change="\d+" data-kind="faq" data-target="what-is-glutamate".*?</tr>', page).group(0)
    assert re.search(r'<td data-label="When"><time datetime="[^"]+\+00:00">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d [ap]m C[SD]T</time></td>', row)
    assert '<td data-label="Who">nurse</td>' in row and "Entry: What is glutamate?" in row and ">Changed " in row
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", re.sub(r'datetime="[^"]*"', "", page))  # no raw timestamps shown


def test_a_change_shows_field_by_field_which_words_went_and_came(staff_client):
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    answer = "Glutamate is a messenger between nerve cells."
    assert staff_client.post("/admin/faq/what-is-glutamate", data={**fields, "answer": answer, "alternates": fields["alternates"] + "\nGlutamate?"}).status_code == 302
    change_id = history(staff_client)[0]["id"]
    page = staff_client.get(f"/admin/history/{change_id}").get_data(as_text=True)
    assert "<h1>Changed: What is glutamate?</h1>" in html.unescape(page) and "by <strong>nurse</strong>" in page
    assert re.findall(r"<h3>([^<]+)</h3>", page) == ["Other ways visitors ask it", "Answer"]  # only the fields that changed
    assert "<ins>a messenger between nerve cells.</ins>" in page and "<del>" in page and "<ins>\nGlutamate?</ins>" in page
    assert "@@" not in page and "answer:" not in page and "alternates:" not in page and "question:" not in page


def test_history_of_a_deleted_entry_names_its_question(staff_client):
    fields = form_of(staff_client, "/admin/faq/what-is-glutamate")
    assert staff_client.post("/admin/faq/what-is-glutamate/delete", data={"csrf_token": fields["csrf_token"], "version": fields["version"]}).status_code == 302
    page = page_text(staff_client.get("/admin/history"))
    assert re.search(r'data-target="what-is-glutamate" data-action="delete">.*?Entry: What is glutamate\?.*?>Deleted ', page)
    shown = page_text(staff_client.get(f"/admin/history/{history(staff_client)[0]['id']}"))
    assert "Deleted: What is glutamate?" in shown and "<del>" in shown and "Restore the version before this change" in shown


def test_a_contact_change_reads_as_the_field_it_changed(staff_client):
    page = staff_client.get("/admin/clinic").get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    assert staff_client.post("/admin/clinic", data={**{k: html.unescape(v) for k, v in data.items()}, "address": "", "phone": "555-0100"}).status_code == 302
    shown = page_text(staff_client.get(f"/admin/history/{history(staff_client)[0]['id']}"))
    assert re.findall(r"<h3>([^<]+)</h3>", shown) == ["Phone"] and "<ins>555-0100</ins>" in shown
    assert "Changed: Messages and contact details" in shown and "clinic:" not in shown


def test_a_new_entry_with_no_question_gets_no_id_error(staff_client):
    response = new_entry(staff_client, "  ")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="question-error"' in page and 'id="id-error"' not in page
