"""Visitor questions the bot could not answer, or whose answer was not helpful, for staff.

Stored: the date, the question with personal details redacted, and why it is
here. Never stored: IP addresses or anything else about the visitor. Rows
older than RETENTION_DAYS are deleted.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from bot.engine.privacy import redact
from bot.engine.text import normalize
from bot.store import db
from bot.store.models import Feedback, UnansweredQuestion

REASONS = ("fallback", "unhelpful")


def group_key(question: str) -> str:
    """The form identical questions share: lower case, no punctuation or extra space."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalize(question)).split())


def log(question: str, reason: str) -> None:
    """Keep a question for staff (redacted), and drop the ones past retention (stored questions
    and feedback both)."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}, got {reason!r}")
    clean = redact(question.strip())[:1000]
    today = datetime.now(timezone.utc).date().isoformat()
    stored_today = db.session.execute(select(func.count()).select_from(UnansweredQuestion).where(UnansweredQuestion.at >= today)).scalar()
    if stored_today >= int(current_app.config["MAX_STORED_PER_DAY"]):
        return  # a flood of questions must not fill the disk: past the day's cap, nothing more is kept
    db.session.add(UnansweredQuestion(at=datetime.now(timezone.utc).isoformat(timespec="seconds"), question=clean, normalized=group_key(clean),
                                      reason=reason, handled=0))
    db.session.commit()
    purge_now_and_then()


def log_quietly(question: str, reason: str) -> bool:
    """`log`, best effort: a visitor's reply never waits on or fails with the database.
    A database that cannot be written (full disk, read-only) is logged for the clinic."""
    try:
        log(question, reason)
    except (SQLAlchemyError, OSError) as err:
        db.session.rollback()
        current_app.logger.warning("could not keep an unanswered question: %s", err)
        return False
    return True


PURGE_EVERY = 3600.0  # seconds between retention purges in one process
_last_purge = {"at": float("-inf")}


def purge_now_and_then() -> None:
    """The retention purge, at most once every PURGE_EVERY seconds per process (not on every insert)."""
    now = time.monotonic()
    if now - _last_purge["at"] >= PURGE_EVERY:
        _last_purge["at"] = now
        purge()


def purge(today: date | None = None) -> int:
    """Delete stored questions older than RETENTION_DAYS; returns how many."""
    days = int(current_app.config["RETENTION_DAYS"])
    cutoff = (today or datetime.now(timezone.utc).date()) - timedelta(days=days)
    db.session.execute(delete(Feedback).where(Feedback.created_at < cutoff.isoformat()))
    count = db.session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.at < cutoff.isoformat())).rowcount
    db.session.commit()
    return count


def groups(since: str | None = None, until: str | None = None, include_handled: bool = False) -> list[dict]:
    """Questions grouped once normalized, most frequent first, within the dates given."""
    q = UnansweredQuestion
    query = (select(q.normalized, func.min(q.question).label("question"), func.count().label("times"), func.max(q.at).label("last"),
                    func.min(q.reason).label("first_reason"), func.max(q.reason).label("last_reason"), func.min(q.handled).label("handled"))
             .group_by(q.normalized).order_by(func.count().desc(), func.max(q.at).desc()).limit(500))
    if since:
        query = query.where(q.at >= since)
    if until:
        query = query.where(q.at < (date.fromisoformat(until) + timedelta(days=1)).isoformat())
    if not include_handled:
        query = query.where(q.handled == 0)
    rows = db.session.execute(query).mappings()
    return [{**{k: r[k] for k in ("normalized", "question", "times", "last", "handled")},
             "reasons": ",".join(sorted({r["first_reason"], r["last_reason"]}))} for r in rows]


def mark_handled(normalized: str) -> int:
    """Mark every stored question of a group handled; returns how many."""
    count = db.session.execute(update(UnansweredQuestion).where(UnansweredQuestion.normalized == normalized).values(handled=1)).rowcount
    db.session.commit()
    return count
