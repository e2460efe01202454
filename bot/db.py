"""The app's SQLite database in the instance folder: feedback, staff, sign-in attempts."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from flask import Flask, current_app, g

SCHEMA = """
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


_ready: set[str] = set()


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection to the database at `path`, with the schema in place (made once per process)."""
    path = Path(path)
    if str(path) not in _ready or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=10)) as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers and one writer at once, across workers
            db.executescript(SCHEMA)
        path.chmod(0o600)  # visitor questions and staff password hashes: the owner only
        _ready.add(str(path))
    db = sqlite3.connect(path, timeout=10)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA synchronous=NORMAL")
    return db


_connections = threading.local()


def get_db() -> sqlite3.Connection:
    """The connection of this worker thread to the configured database: opened once and kept,
    not opened and closed on every request."""
    if "db" not in g:
        path = str(current_app.config["DATABASE"])
        kept = getattr(_connections, "by_path", None)
        if kept is None:
            kept = _connections.by_path = {}
        if path not in kept or not Path(path).exists():
            kept[path] = connect(path)
        g.db = kept[path]
    return g.db


def close_db(_error=None) -> None:
    """At the end of a request, leave the kept connection clean: nothing half done."""
    db = g.pop("db", None)
    if db is not None and db.in_transaction:
        db.rollback()


def init_app(app: Flask) -> None:
    """Close the connection at the end of each request."""
    app.teardown_appcontext(close_db)
