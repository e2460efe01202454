"""Visitor feedback ("Was this helpful?") in SQLite in the instance folder.

Stored: when, the question with personal details redacted, the source id and
the answer. Never stored: IP addresses or anything else about the visitor.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flask import Flask, current_app, g

from bot.privacy import redact

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    source_id TEXT,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1))
);
"""


def get_db() -> sqlite3.Connection:
    """The request's connection to the feedback database, created on first use."""
    if "db" not in g:
        path = Path(current_app.config["DATABASE"])
        path.parent.mkdir(parents=True, exist_ok=True)
        g.db = sqlite3.connect(path, timeout=10)
        g.db.row_factory = sqlite3.Row
        g.db.executescript(SCHEMA)
    return g.db


def close_db(_error=None) -> None:
    """Close the request's connection, if any."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def store(question: str, source_id: str | None, helpful: bool) -> None:
    """Record one piece of feedback, with the question redacted."""
    db = get_db()
    with db:
        db.execute(
            "INSERT INTO feedback (created_at, question, source_id, helpful) VALUES (?, ?, ?, ?)",
            (datetime.now(timezone.utc).isoformat(timespec="seconds"), redact(question), source_id, int(helpful)),
        )


def recent(limit: int = 100) -> list[dict]:
    """The newest feedback, newest first."""
    rows = get_db().execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [dict(row) for row in rows]


def init_app(app: Flask) -> None:
    """Close the database connection at the end of each request."""
    app.teardown_appcontext(close_db)
