"""Visitor feedback ("Was this helpful?"), stored for staff.

Stored: when, the question with personal details redacted, the source id and
the answer. Never stored: IP addresses or anything else about the visitor.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.engine.privacy import redact
from bot.store import db
from bot.store.models import Feedback


def store(question: str, source_id: str | None, helpful: bool) -> None:
    """Record one piece of feedback, with the question redacted."""
    # PostgreSQL's text cannot hold NUL: a visitor's stray NUL would otherwise refuse the whole write.
    db.session.add(Feedback(created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), question=redact(question.replace("\x00", "")),
                            source_id=source_id, helpful=int(helpful)))
    db.session.commit()


def recent(limit: int = 100) -> list[dict]:
    """The newest feedback, newest first."""
    rows = db.session.execute(select(Feedback).order_by(Feedback.id.desc()).limit(limit)).scalars()
    return [{"id": r.id, "created_at": r.created_at, "question": r.question, "source_id": r.source_id, "helpful": r.helpful} for r in rows]
