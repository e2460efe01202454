"""Visitor feedback ("Was this helpful?"), stored for staff.

Stored: when, the question with personal details redacted, the source id and
the answer. Never stored: IP addresses or anything else about the visitor.
"""

from __future__ import annotations

from datetime import datetime, timezone

from bot.db import get_db
from bot.privacy import redact


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
