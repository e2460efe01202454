"""The store itself: migrations match the models, and a database from the version before the
store is upgraded in place with its accounts, history and visitor questions kept."""

import sqlite3
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import PASSWORD, AuthActions

# The tables the version before the store made in its SQLite file (bot/db.py of that release).
LEGACY_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    source_id TEXT,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1))
);
CREATE TABLE IF NOT EXISTS staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    token TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_key ON sign_in_failures (key, at);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    reason TEXT NOT NULL,
    handled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered (at);
CREATE TABLE IF NOT EXISTS batch_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    staff TEXT NOT NULL,
    name TEXT NOT NULL,
    accuracy REAL NOT NULL,
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    staff TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
);
"""


def test_the_migrations_make_exactly_the_models_tables(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.store import db

    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_flask_db_upgrade_is_there_and_idempotent(app, runner):
    from bot import store

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert store.current_revision() == store.head_revision() == "0004"


def test_a_store_from_before_examples_is_upgraded_with_its_entries_kept(app, runner):
    """Migration 0004 adds the FAQ entries' examples: an entry written before has none, and keeps the rest."""
    from bot import store
    from bot.store import knowledge

    with app.app_context():
        before = knowledge.get_faq("what-is-glutamate")[0]
    assert before["examples"], "the shipped entry has examples"
    assert runner.invoke(args=["db", "downgrade", "0003"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        assert store.current_revision() == "0004"
        after = knowledge.get_faq("what-is-glutamate")[0]
    assert after == {**before, "examples": []}


@pytest.fixture
def legacy_database(tmp_path):
    """A SQLite file as the version before the store left it: a staff account, history, visitor questions."""
    path = tmp_path / "instance" / "clinic-bot.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.executescript(LEGACY_SCHEMA)
        db.execute("INSERT INTO staff (name, password_hash, created_at) VALUES ('nurse', ?, '2026-10-01T09:00:00+00:00')", (generate_password_hash(PASSWORD),))
        db.execute("INSERT INTO history (at, staff, kind, target, action, before, after) VALUES "
                   "('2026-10-02T10:00:00+00:00', 'nurse', 'faq', 'how-effective', 'update', 'id: how-effective\n', 'id: how-effective\nquestion: Old?\n')")
        db.execute("INSERT INTO unanswered (at, question, normalized, reason) VALUES ('2026-11-20T08:00:00+00:00', 'Do you take Medicare?', 'do you take medicare', 'fallback')")
        db.execute("INSERT INTO feedback (created_at, question, source_id, helpful) VALUES ('2026-11-20T08:01:00+00:00', 'How does it work?', 'how-ketamine-works', 1)")
        db.execute("INSERT INTO batch_runs (at, staff, name, accuracy, report) VALUES ('2026-11-21T08:00:00+00:00', 'nurse', 'set.jsonl', 0.5, '{}')")
    path.chmod(0o644)
    return path


def test_a_database_from_the_version_before_the_store_is_upgraded_in_place(legacy_database, knowledge_dir):
    from app import create_app
    from bot.store import feedback

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "KNOWLEDGE_DIR": str(knowledge_dir), "DATABASE_URL": f"sqlite:///{legacy_database}"})
    client = app.test_client()
    auth = AuthActions(client, app.test_cli_runner())
    assert auth.login().status_code == 302, "the old account signs in with its old password"
    history = client.get("/admin/history").get_data(as_text=True)
    assert "how-effective" in history and "first start" in history, "the old history is kept, and the knowledge's first import follows it"
    assert "Do you take Medicare?" in client.get("/admin/unanswered").get_data(as_text=True)
    with app.app_context():
        assert [f["question"] for f in feedback.recent()] == ["How does it work?"]
    assert client.post("/api/ask", json={"question": "How does ketamine work?"}).get_json()["status"] == "answered", "the knowledge folder was loaded"
    assert oct(legacy_database.stat().st_mode & 0o777) == "0o600"
    with app.app_context():
        from bot.store import db

        db.engine.dispose()


def test_an_upgraded_database_is_not_seeded_twice(make_app, knowledge_dir):
    first = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    (knowledge_dir / "faq" / "ketamine-cancer-pain.yaml").write_text("")  # the folder changes; the store is what counts now
    second = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    body = second.test_client().post("/api/ask", json={"question": "How does ketamine work?"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == first.extensions["knowledge"].bot.kb.entry("how-ketamine-works").id


def test_a_tool_serving_a_folder_of_its_own_gets_that_folder_not_the_instance_store(runner, tmp_path):
    """What ../shared/tools/faq_eval.py does: `flask kb import FILE --into DIR`, then create_app({"KNOWLEDGE_DIR": DIR})."""
    from app import create_app

    rows = tmp_path / "clinic-faq.jsonl"
    rows.write_text('{"id": "valet", "question": "Is there valet parking at the clinic?", "answer": "Yes, at the main door."}\n')
    folder = tmp_path / "kb"
    result = runner.invoke(args=["kb", "import", str(rows), "--into", str(folder)])
    assert result.exit_code == 0 and (folder / "faq" / "clinic-faq.yaml").exists(), result.output
    again = runner.invoke(args=["kb", "import", str(rows), "--into", str(folder)])
    assert again.exit_code == 1 and "--replace" in again.output
    client = create_app({"KNOWLEDGE_DIR": str(folder)}).test_client()
    body = client.post("/api/ask", json={"question": "Is there valet parking at the clinic?"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "valet"
    assert client.post("/api/ask", json={"question": "How does ketamine work?"}).get_json()["status"] != "answered"


def test_an_idle_worker_is_up_to_date_before_its_next_visitor(make_app, knowledge_dir):
    import time

    from bot.store import knowledge

    idle = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "RELOAD_INTERVAL": 0.1})
    other = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    live = idle.extensions["knowledge"]
    live.get()  # the worker's first visitor starts its watcher
    with other.app_context():
        knowledge.save_faq({"id": "parking", "question": "Is there parking for patients?", "answer": "Yes, behind the building."},
                           replacing=None, expected=0, staff="nurse")
        revision = knowledge.revision()
    deadline = time.monotonic() + 10
    while live.loaded_revision != revision:  # no request comes in meanwhile
        assert time.monotonic() < deadline, "the idle worker did not rebuild on its own"
        time.sleep(0.05)
    body = idle.test_client().post("/api/ask", json={"question": "Is there parking for patients?"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "parking"


def export_to(runner, folder):
    result = runner.invoke(args=["kb", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def section_version(app, key):
    from bot.store import knowledge

    with app.app_context():
        return knowledge.get_section(key)[0].version


def test_an_unchanged_import_changes_nothing_not_even_versions(app, runner, tmp_path):
    from bot.store import knowledge

    folder = export_to(runner, tmp_path / "kb")
    with app.app_context():
        knowledge.save_section("symptoms", "Symptoms", "Changed once.", expected=1, staff="nurse")
        revision = knowledge.revision()
    folder = export_to(runner, tmp_path / "kb2")
    result = runner.invoke(args=["kb", "import", str(folder)])
    assert result.exit_code == 0 and "0 files changed" in result.output
    with app.app_context():
        assert knowledge.revision() == revision, "no worker rebuilds for nothing"
    assert section_version(app, "symptoms") == 2, "an editor who opened the section can still save"


def test_an_import_that_changes_a_section_makes_an_open_editor_conflict(app, runner, tmp_path):
    from bot.store import knowledge

    folder = export_to(runner, tmp_path / "kb")
    document = folder / "documents" / "ketamine-cancer-pain.md"
    document.write_text(document.read_text().replace("Cancer pain can be debilitating.", "Cancer pain can be very hard to live with."))
    assert runner.invoke(args=["kb", "import", str(folder)]).exit_code == 0
    assert section_version(app, "symptoms") == 2 and section_version(app, "overview") == 1
    with app.app_context(), pytest.raises(knowledge.Conflict):
        knowledge.save_section("symptoms", "Symptoms", "An editor's text from before the import.", expected=1, staff="nurse")


@pytest.mark.parametrize("batch", [500, 1], ids=["one batch", "one id a statement"])
def test_entries_and_sections_can_move_between_files_in_an_import(app, runner, tmp_path, batch, monkeypatch):
    from bot.store import knowledge

    monkeypatch.setattr(knowledge, "READ_BATCH", batch)  # 100,000 ids in one IN (...) are more than PostgreSQL takes
    folder = export_to(runner, tmp_path / "kb")
    faq = folder / "faq" / "ketamine-cancer-pain.yaml"
    text = faq.read_text()
    start = text.index("- id: how-effective")
    end = text.index("\n- id:", start + 1)
    (folder / "faq" / "effectiveness.yaml").write_text(text[start:end] + "\n")
    faq.write_text(text[:start] + text[end + 1:])
    result = runner.invoke(args=["kb", "import", str(folder)])
    assert result.exit_code == 0, result.output
    exported = export_to(runner, tmp_path / "after")
    assert "id: how-effective" in (exported / "faq" / "effectiveness.yaml").read_text()
    assert "id: how-effective" not in (exported / "faq" / "ketamine-cancer-pain.yaml").read_text()


@pytest.mark.parametrize("form, field", [({"source": "s" * 301}, "source"), ({"url": "https://x.example/" + "a" * 2000}, "url")])
def test_text_longer_than_the_store_keeps_is_a_field_error_on_every_database(app, form, field):
    from bot.store import knowledge

    item = {"id": "long", "question": "A long one?", "answer": "Yes.", **form}
    with app.app_context(), pytest.raises(knowledge.Invalid) as refused:
        knowledge.save_faq(item, replacing=None, expected=0, staff="nurse")
    assert field in refused.value.errors


def test_a_folder_with_a_heading_too_long_is_refused_with_its_line(runner, tmp_path):
    folder = export_to(runner, tmp_path / "kb")
    document = folder / "documents" / "ketamine-cancer-pain.md"
    document.write_text(document.read_text() + "\n## " + "Very long heading " * 20 + "\n\nText.\n")
    result = runner.invoke(args=["kb", "import", str(folder)])
    assert result.exit_code == 1 and "the limit is 300" in result.output and "Traceback" not in result.output


def test_a_topic_cannot_take_an_entrys_id(app):
    from bot.store import knowledge

    with app.app_context(), pytest.raises(knowledge.Invalid) as refused:
        knowledge.save_file("not-covered.yaml", "- id: how-effective\n  topic: Costs\n  phrasings:\n    - How much is it?\n",
                            expected=knowledge.file_version("not-covered.yaml"), staff="nurse")
    assert "used twice" in refused.value.errors["text"]


def test_positions_stay_distinct_when_files_interleave(app, runner, tmp_path):
    from sqlalchemy import select

    from bot.store import db, knowledge
    from bot.store.models import FaqEntry

    with app.app_context():
        knowledge.save_faq({"id": "made-in-admin", "question": "Is there a quiet room?", "answer": "Yes."}, replacing=None, expected=0, staff="nurse")
    rows = tmp_path / "ketamine-cancer-pain.jsonl"  # the shipped file's name: 22 entries in place of its 20, before the admin's one
    rows.write_text("".join(f'{{"id": "x{n}", "question": "Question number {n}?", "answer": "Yes."}}\n' for n in range(22)))
    result = runner.invoke(args=["kb", "import", str(rows), "--replace"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        positions = list(db.session.execute(select(FaqEntry.position)).scalars())
    assert len(positions) == len(set(positions))


def test_the_setting_of_the_version_before_the_store_still_names_its_database(legacy_database, knowledge_dir):
    from app import create_app
    from bot.store import db

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "KNOWLEDGE_DIR": str(knowledge_dir), "DATABASE": str(legacy_database)})
    assert AuthActions(app.test_client(), app.test_cli_runner()).login().status_code == 302
    with app.app_context():
        db.engine.dispose()


def test_the_start_up_check_knows_alembics_newest_migration(app):
    from bot import store

    with app.app_context():
        assert store.HEAD_REVISION == store.head_revision()


def test_flask_db_lists_flask_migrates_commands(runner):
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0, result.output
    assert "upgrade" in result.output and "downgrade" in result.output


@pytest.mark.parametrize(
    "stored, alternates",
    [(None, []), ("", []), ("[]", []), ("null", []), ('["can it help?", "¿ayuda?"]', ["can it help?", "¿ayuda?"]), (["as a list"], ["as a list"]), ([], [])],
)
def test_alternates_read_the_same_from_either_database(stored, alternates):
    """SQLite gives the JSON column as text, PostgreSQL's driver as a list."""
    from bot.store.knowledge import stored_list

    assert stored_list(stored) == alternates


def test_an_entrys_alternates_come_back_from_the_store(app):
    """Read back as plain rows on every database: the shipped entries keep their phrasings."""
    from bot.kbformat.reader import load
    from bot.store import knowledge

    with app.app_context():
        stored = {item["id"]: item["alternates"] for item in knowledge.read_content().faqs}
    shipped = load(Path(__file__).resolve().parent.parent / "knowledge")
    with_alternates = [e for e in shipped.entries if e.kind == "faq" and len(e.questions) > 1]
    assert with_alternates and all(stored[e.id] == list(e.questions[1:]) for e in with_alternates)


PARKING = {"id": "parking", "question": "Is there parking for patients?", "answer": "Yes, behind the building."}


def test_a_reading_after_a_few_faq_changes_reads_only_those(app):
    """Each entry keeps the revision of its last write: an edit, a new entry, a delete are read as
    such; an entry deleted and made again with the same id is read again too."""
    from bot.store import knowledge

    with app.app_context():
        first = knowledge.read_knowledge()
        assert first.whole and len(first.faqs) == len(first.keys) > 0
        knowledge.save_faq(PARKING, replacing=None, expected=0, staff="nurse")
        added = knowledge.read_knowledge(first)
        assert not added.whole and [i["id"] for i in added.faqs] == ["parking"] and not added.removed
        knowledge.delete_faq("parking", expected=1, staff="nurse")
        knowledge.save_faq({**PARKING, "answer": "No, use the public lot."}, replacing=None, expected=0, staff="nurse")
        again = knowledge.read_knowledge(added)
        assert [i["answer"] for i in again.faqs] == ["No, use the public lot."] and not again.removed
        knowledge.delete_faq("parking", expected=1, staff="nurse")
        gone = knowledge.read_knowledge(again)
        assert gone.faqs == [] and gone.removed == {"parking"}
        unchanged = knowledge.read_knowledge(gone)
        assert not unchanged.whole and unchanged.faqs == [] and not unchanged.removed


@pytest.mark.parametrize("change", ["section", "synonyms", "too many"])
def test_a_reading_after_other_changes_is_whole(app, change):
    from bot.kbformat.reader import Content
    from bot.store import knowledge

    with app.app_context():
        first = knowledge.read_knowledge()
        if change == "section":
            knowledge.save_section("symptoms", "Symptoms", "Changed.", expected=1, staff="nurse")
        elif change == "synonyms":
            knowledge.save_file("synonyms.txt", "car park, parking\n", expected=knowledge.file_version("synonyms.txt"), staff="nurse")
        else:
            items = [{**PARKING, "id": f"parking-{n}", "question": f"Is there parking number {n}?", "file": "many"} for n in range(3)]
            knowledge.import_content(Content(faqs=items), staff="nurse", whole=False)
        after = knowledge.read_knowledge(first, most=2)
        assert after.whole and len(after.faqs) == len(after.keys)


def test_an_edit_is_live_at_once_and_the_full_fit_follows(make_app, knowledge_dir):
    """The worker's bot takes one changed entry without a new fit; REFIT_DELAY after it, the full fit
    replaces that bot in the background, with the same answer."""
    import time

    from bot.store import knowledge

    worker = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "REFIT_DELAY": 0.3})
    live = worker.extensions["knowledge"]
    fitted = live.get()
    with worker.app_context():
        knowledge.save_faq(PARKING, replacing=None, expected=0, staff="nurse")
    live.refresh()
    quick = live.get()
    assert quick.retriever.vectorizer_ is fitted.retriever.vectorizer_ and live.refit_at is not None  # updated, not fitted
    deadline = time.monotonic() + 30
    while live.get() is quick or live.building is not None and live.building.is_alive():
        assert time.monotonic() < deadline, "the full fit never came"
        time.sleep(0.05)
    refitted = live.get()
    assert refitted.retriever.vectorizer_ is not fitted.retriever.vectorizer_ and live.refit_at is None
    body = worker.test_client().post("/api/ask", json={"question": "Is there parking for patients?"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "parking"


def test_a_build_pauses_the_garbage_collector_freezes_what_it_made_and_switches_threads_often():
    import gc
    import sys

    from bot.web.live import BUILD_SWITCH_INTERVAL, quiet_build

    interval, frozen = sys.getswitchinterval(), gc.get_freeze_count()
    assert gc.isenabled()
    with quiet_build():
        assert not gc.isenabled() and sys.getswitchinterval() == min(interval, BUILD_SWITCH_INTERVAL)
        with quiet_build():  # two builds that overlap (two apps in one process)
            pass
        assert not gc.isenabled() and sys.getswitchinterval() == min(interval, BUILD_SWITCH_INTERVAL)
        made = [[n] for n in range(1000)]
    assert gc.isenabled() and sys.getswitchinterval() == interval
    assert gc.get_freeze_count() - frozen >= len(made)
    with pytest.raises(RuntimeError), quiet_build():
        raise RuntimeError("a failed build")
    assert gc.isenabled() and sys.getswitchinterval() == interval


def test_workers_take_turns_at_the_full_fit(tmp_path):
    """While one worker of the server fits (holds the lock file), another one waits for its turn."""
    from bot.web.live import refit_turn

    lock = str(tmp_path / "refit.lock")
    with refit_turn(lock) as first:
        assert first
        import subprocess
        import sys

        other = subprocess.run([sys.executable, "-c", f"from bot.web.live import refit_turn\nwith refit_turn({lock!r}) as t: print(t)"],
                               capture_output=True, text=True, check=True)
        assert other.stdout.strip() == "False"
    with refit_turn(lock) as again:
        assert again
    with refit_turn(str(tmp_path / "no such folder" / "refit.lock")) as anyway, refit_turn("") as unset:
        assert anyway and unset


def test_a_worker_without_the_turn_tries_again_later(make_app, knowledge_dir, tmp_path):
    from bot.store import knowledge
    from bot.web.live import refit_turn

    worker = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "REFIT_DELAY": 3600})
    live = worker.extensions["knowledge"]
    live.interval, live.refit_lock = 3600, str(tmp_path / "refit.lock")  # no check from a request: the test drives it
    fitted = live.get()
    with worker.app_context():
        knowledge.save_faq(PARKING, replacing=None, expected=0, staff="nurse")
    live.refresh()
    quick = live.current
    assert quick is not fitted and live.refit_at is not None
    with refit_turn(live.refit_lock) as other:  # another worker is fitting
        assert other
        live.refit()
        assert live.current is quick and live.refit_at is not None
    live.refit()
    assert live.current is not quick and live.refit_at is None


def test_a_failed_full_fit_is_tried_again_later_not_at_every_check(make_app, knowledge_dir, tmp_path, monkeypatch):
    import time

    from bot.kbformat.reader import KnowledgeError
    from bot.store import knowledge

    worker = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "REFIT_DELAY": 3600})
    live = worker.extensions["knowledge"]
    live.interval, live.refit_lock = 3600, str(tmp_path / "refit.lock")
    live.get()
    with worker.app_context():
        knowledge.save_faq(PARKING, replacing=None, expected=0, staff="nurse")
    live.refresh()
    quick = live.current
    live.refit_at = time.monotonic()  # due now

    def broken(kb):
        raise KnowledgeError("the store", None, "broken")

    monkeypatch.setattr(live, "fitted_bot", broken)
    live.refit()
    assert live.current is quick and live.refit_at > time.monotonic() + 60  # the quick bot answers; the next try is far off
