"""The store itself: migrations match the models, and a database from the version before the
store is upgraded in place with its accounts, history and visitor questions kept."""

import sqlite3

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
        assert store.current_revision() == store.head_revision() == "0001"


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
