"""The knowledge folder is only the seed and the exchange format; the store is what the bot answers
from. Live reload across workers, first starts from a broken folder, imports that change all or
nothing, and keeping the last good version."""

import os
import time

import pytest

from tests.conftest import KNOWLEDGE, csrf_token

PARKING = "\n- id: parking\n  question: Is there parking for patients?\n  answer: Yes, staff will tell you where.\n"


def ask(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def answers_parking(client):
    body = ask(client, "Is there parking for patients?")
    return body["status"] == "answered" and body["sources"][0]["id"] == "parking"


def export(runner, folder):
    """The store written out by `flask kb export`: {path inside the folder: text}."""
    result = runner.invoke(args=["kb", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def add_parking(app):
    """A change made in the store (as a staff save in some worker would), without refreshing `app`."""
    from bot.store import knowledge

    with app.app_context():
        knowledge.save_faq({"id": "parking", "question": "Is there parking for patients?", "answer": "Yes, staff will tell you where."},
                           replacing=None, expected=0, staff="another worker")


def test_a_hand_edit_of_the_folder_changes_nothing_until_it_is_imported(app, client, runner, knowledge_dir, make_app):
    faq = knowledge_dir / "faq" / "ketamine-cancer-pain.yaml"
    faq.write_text(faq.read_text() + PARKING)
    later = time.time() + 5
    os.utime(faq, (later, later))  # a newer mtime, which nothing watches any more
    app.extensions["knowledge"].refresh()
    assert not answers_parking(client)
    assert not answers_parking(make_app({"KNOWLEDGE_DIR": str(knowledge_dir)}).test_client())  # nor at a restart: the store is not empty
    result = runner.invoke(args=["kb", "import", str(knowledge_dir)])
    assert result.exit_code == 0 and "1 file changed" in result.output, result.output
    app.extensions["knowledge"].refresh()
    assert answers_parking(client)
    assert "id: parking" in export(runner, knowledge_dir.parent / "out")["faq/ketamine-cancer-pain.yaml"]


def test_a_second_worker_answers_an_edit_made_through_the_first(app, client, auth, make_app, knowledge_dir):
    second = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    other = second.test_client()
    assert not answers_parking(other)
    auth.create()
    auth.login()
    new = {"csrf_token": csrf_token(client, "/admin/faq/new"), "version": "0", "id": "parking", "question": "Is there parking for patients?",
           "alternates": "", "answer": "Yes, staff will tell you where.", "section": ""}
    assert client.post("/admin/faq/new", data=new).status_code == 302
    assert answers_parking(client)  # the saving worker at once
    second.extensions["knowledge"].refresh()
    assert answers_parking(other)
    assert other.get("/healthz").get_json()["revision"] == client.get("/healthz").get_json()["revision"]


def test_a_worker_picks_up_a_change_on_its_next_check(app, client, make_app, knowledge_dir):
    """RELOAD_INTERVAL 0: every request checks the revision; the rebuild runs in the background, and
    the answers change once it is done (no refresh)."""
    assert not answers_parking(client)
    add_parking(make_app({"KNOWLEDGE_DIR": str(knowledge_dir)}))
    deadline = time.monotonic() + 30
    while not answers_parking(client):
        assert time.monotonic() < deadline, "the change was never picked up"
        time.sleep(0.02)


def test_reload_waits_for_the_interval(app, client):
    live = app.extensions["knowledge"]
    live.interval = 3600
    first = live.get()
    add_parking(app)
    assert live.get() is first and not answers_parking(client)
    live.refresh()
    assert live.get() is not first and answers_parking(client)


def break_folder(folder, breakage):
    """Break a knowledge folder; return where the error is (file and line) as the reader names it."""
    faq = folder / "faq"
    if breakage == "dangling link":
        (faq / "gone.yaml").symlink_to(folder / "nowhere.yaml")
        return "faq/gone.yaml: cannot be read"
    if breakage == "unreadable":
        (faq / "locked.yaml").write_text("- id: x\n  question: Q?\n  answer: A.\n")
        os.chmod(faq / "locked.yaml", 0)
        if os.access(faq / "locked.yaml", os.R_OK):  # root reads anything: make it a folder instead
            os.chmod(faq / "locked.yaml", 0o600)
            (faq / "locked.yaml").unlink()
            (faq / "locked.yaml").mkdir()
        return "faq/locked.yaml: cannot be read"
    if breakage == "not utf-8":
        (faq / "latin1.yaml").write_bytes(b"- id: x\n  question: caf\xe9?\n  answer: A.\n")
        return "faq/latin1.yaml:2: not valid UTF-8"
    if breakage == "alias bomb":
        (folder / "messages.yaml").write_text("a: &a [x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n")
        return "messages.yaml:2: not valid YAML: aliases"
    if breakage == "no answer":
        (faq / "extra.yaml").write_text("- id: parking\n  question: Is there parking for patients?\n")
        return "faq/extra.yaml:1: entry 'parking' has no answer"
    if breakage == "bad yaml":
        (faq / "extra.yaml").write_text("- id: parking\n  question: Is there parking for patients?\n  answer: Yes.\n- id: [broken\n")
        return "faq/extra.yaml:5: not valid YAML"
    if breakage == "unknown section":
        (faq / "extra.yaml").write_text("- id: parking\n  question: Is there parking for patients?\n  answer: Yes.\n  section: ketamine-cancer-pain#nowhere\n")
        return "faq/extra.yaml:1: section 'ketamine-cancer-pain#nowhere' of entry 'parking' is not a section"
    assert breakage == "duplicate id"
    (faq / "extra.yaml").write_text("- id: how-effective\n  question: Is there parking for patients?\n  answer: Yes.\n")
    return "id 'how-effective' is already used at"


BREAKAGES = ["dangling link", "unreadable", "not utf-8", "alias bomb", "no answer", "bad yaml", "unknown section", "duplicate id"]


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_folder_at_the_first_start_is_503_never_500(make_app, knowledge_dir, breakage):
    break_folder(knowledge_dir, breakage)
    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})  # a first start: the test's database is empty
    client = app.test_client()
    response = client.get("/healthz")
    health = response.get_json()
    assert response.status_code == 503 and health["status"] == "error" and health["entries"] == 0 and health["serving"] == "nothing"
    response = client.post("/api/ask", json={"question": "How does ketamine work?"})
    assert response.status_code == 503 and response.get_json()["error"] == "knowledge_unavailable"
    page = client.get("/")
    assert page.status_code == 503 and "911" in page.get_data(as_text=True)
    # the way out: import a good folder; the bot answers from it
    result = app.test_cli_runner().invoke(args=["kb", "import", str(KNOWLEDGE)])
    assert result.exit_code == 0, result.output
    app.extensions["knowledge"].refresh()
    assert client.get("/healthz").status_code == 200
    assert ask(client, "How does ketamine work?")["status"] == "answered"


def test_healthz_names_no_absolute_paths_after_a_broken_first_start(make_app, knowledge_dir):
    break_folder(knowledge_dir, "no answer")
    health = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)}).test_client().get("/healthz").get_data(as_text=True)
    assert str(knowledge_dir.parent) not in health


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_importing_a_broken_folder_changes_nothing_and_names_the_file_and_line(app, client, runner, knowledge_dir, tmp_path, breakage):
    where = break_folder(knowledge_dir, breakage)
    before = export(runner, tmp_path / "before")
    from bot.store import knowledge, revisions

    with app.app_context():
        revision, newest = knowledge.revision(), revisions.recent(1)
    result = runner.invoke(args=["kb", "import", str(knowledge_dir)])
    assert result.exit_code == 1 and where in result.output and "nothing was imported" in result.output, result.output
    assert "Traceback" not in result.output
    assert export(runner, tmp_path / "after") == before
    with app.app_context():
        assert knowledge.revision() == revision and revisions.recent(1) == newest
    app.extensions["knowledge"].refresh()
    assert client.get("/healthz").status_code == 200
    assert ask(client, "How does ketamine work?")["status"] == "answered" and not answers_parking(client)
    check = runner.invoke(args=["kb", "check", "--dir", str(knowledge_dir)])
    assert check.exit_code == 1 and "Error:" in check.output and where in check.output and "Traceback" not in check.output


def test_content_that_cannot_be_built_keeps_the_last_good_version(app, client):
    """Staff can take the store to where no bot can be built (every entry and section deleted): the
    workers keep answering from the last good version, and /healthz says so until it is put back."""
    from bot.store import knowledge

    with app.app_context():
        content = knowledge.read_content()
        for item in content.faqs:
            knowledge.delete_faq(item["id"], expected=knowledge.get_faq(item["id"])[1], staff="test")
        for doc in content.documents:
            for section in doc.sections:
                knowledge.delete_section(section.id, expected=knowledge.get_section(section.id)[0].version, staff="test")
        assert not knowledge.read_content().faqs
    app.extensions["knowledge"].refresh()
    assert ask(client, "How does ketamine work?")["status"] == "answered"
    response = client.get("/healthz")
    health = response.get_json()
    assert response.status_code == 503 and health["serving"] == "the last good version" and health["entries"] > 0
    assert "no documents or FAQ entries" in health["knowledge_error"]
    add_parking(app)
    app.extensions["knowledge"].refresh()
    assert client.get("/healthz").status_code == 200 and answers_parking(client)


def test_an_edit_of_a_few_entries_is_live_before_the_full_rebuild():
    """The live bot's index takes the changed entries at once (the full fit follows); the old bot is untouched."""
    from bot.engine.answer import Bot
    from bot.kbformat.reader import load, with_faq_changes

    kb = load(KNOWLEDGE)
    bot = Bot(kb)
    first_faq = next(e for e in kb.entries if e.kind == "faq")
    parking = {"id": "parking", "question": "Is there parking for patients?", "answer": "Yes, staff will tell you where."}
    changed_kb, changed = with_faq_changes(kb, [parking], removed=[first_faq.id])
    assert [e.id for e in changed] == ["parking"]
    kinds = [e.kind for e in changed_kb.entries]
    assert kinds == sorted(kinds, key=["passage", "faq", "not_covered"].index)  # the new entry after the last FAQ entry, before the topics
    assert changed_kb.entry("parking") is not None and changed_kb.entry(first_faq.id) is None and kb.entry("parking") is None
    quick = bot.updated(changed_kb, changed, [first_faq.id])
    assert quick.ask("Is there parking for patients?").sources[0].id == "parking"
    assert first_faq.id not in {e.id for e in quick.retriever.entries_}
    assert bot.ask("Is there parking for patients?").status != "answered"
    edited = {"id": first_faq.id, "question": "Is there valet parking?", "answer": "No, but the lot is free."}
    edited_kb, _ = with_faq_changes(kb, [edited])
    assert [e.id for e in edited_kb.entries] == [e.id for e in kb.entries]  # an edit keeps its place
    assert edited_kb.entry(first_faq.id).answer == "No, but the lot is free."
