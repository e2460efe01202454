"""Visitor questions the bot could not answer, or whose answer was not helpful, for staff.

Stored: the date, the question with personal details redacted, and why it is
here. Never stored: IP addresses or anything else about the visitor. Rows
older than RETENTION_DAYS are deleted.

A reply never waits for the database: each worker keeps the questions, already
redacted, in memory (at most MAX_PENDING; past that, while the store cannot be
written, the newer ones are dropped) and writes them in one transaction after a
response, every USAGE_FLUSH_SECONDS or as soon as WRITE_AT are waiting, when staff
read or mark the list, and when the worker exits (bot/web/usage.py). A worker that
is killed loses what it had not written yet.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import date, datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from bot.engine.privacy import redact
from bot.engine.text import normalize
from bot.store import db
from bot.store.models import Feedback, UnansweredQuestion

REASONS = ("fallback", "unhelpful")
MAX_PENDING = 1000  # questions one worker holds for the store at most
WRITE_AT = 100  # waiting questions that are written without waiting for USAGE_FLUSH_SECONDS


def group_key(question: str) -> str:
    """The form identical questions share: lower case, no punctuation or extra space."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalize(question)).split())


def row_for(question: str, reason: str) -> dict:
    """What is kept of one question, now: the time, the text redacted, its group and why."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}, got {reason!r}")
    clean = redact(question.replace("\x00", "").strip())[:1000]  # PostgreSQL's text cannot hold NUL
    return {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "question": clean, "normalized": group_key(clean),
            "reason": reason, "handled": 0}


def store(rows: list[dict]) -> int:
    """Write kept questions in one transaction, at most MAX_STORED_PER_DAY a day (a flood must not
    fill the disk: past a day's cap, nothing more of that day is kept). Returns how many were written."""
    cap = int(current_app.config["MAX_STORED_PER_DAY"])
    by_day: dict[str, list[dict]] = {}
    for row in rows:
        by_day.setdefault(row["at"][:10], []).append(row)
    kept = []
    for day, found in by_day.items():
        next_day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        stored = db.session.execute(select(func.count()).select_from(UnansweredQuestion)
                                    .where(UnansweredQuestion.at >= day, UnansweredQuestion.at < next_day)).scalar()
        kept += found[:max(cap - stored, 0)]
    if kept:
        db.session.execute(insert(UnansweredQuestion), kept)
        db.session.commit()
    return len(kept)


def store_each(rows: list[dict]) -> int:
    """`store`, one question at a time, leaving out (and logging) the ones the store refuses."""
    written = 0
    for row in rows:
        try:
            written += store([row])
        except SQLAlchemyError as err:
            db.session.rollback()
            current_app.logger.warning("could not keep an unanswered question: %s", err)
    return written


class Pending:
    """The questions of one worker not yet written to the store, oldest first."""

    def __init__(self, limit: int, batch: int):
        self.limit, self.batch = limit, batch
        self._lock = threading.Lock()
        self._rows: list[dict] = []
        self._dropped = 0
        self._failed = False
        self._last_flush = time.monotonic()

    def add(self, question: str, reason: str) -> bool:
        """Keep a question (redacted) for the next write; False when `limit` already wait."""
        row = row_for(question, reason)
        with self._lock:
            if len(self._rows) >= self.limit:
                self._dropped += 1
                return False
            self._rows.append(row)
        return True

    def due(self, every: float) -> bool:
        """Whether to write now: `every` seconds since the last write, or `batch` questions
        waiting (unless the last write failed: then the next try waits `every` seconds)."""
        return bool(self._rows) and (time.monotonic() - self._last_flush >= every or (len(self._rows) >= self.batch and not self._failed))

    def flush(self) -> int:
        """Write the pending questions, then purge past retention now and then. When the store
        cannot be written, they stay pending (the oldest `limit`) and the error is raised."""
        with self._lock:
            rows, self._rows = self._rows, []
            dropped, self._dropped = self._dropped, 0
            self._last_flush = time.monotonic()
        if dropped:
            current_app.logger.warning("%d unanswered questions were not kept: %d were already waiting for the store", dropped, self.limit)
        if not rows:
            return 0
        try:
            written = store(rows)
        except (DataError, IntegrityError):  # a value the store refuses must not hold the others back
            db.session.rollback()
            written = store_each(rows)
        except Exception:
            db.session.rollback()
            with self._lock:
                self._rows[:0] = rows
                self._dropped += max(len(self._rows) - self.limit, 0)
                del self._rows[self.limit:]
                self._failed = True
            raise
        self._failed = False
        purge_now_and_then()
        return written


def log_quietly(question: str, reason: str) -> bool:
    """Keep a question for staff, off the reply's path: in this worker's pending questions, written
    later (bot/web/usage.py). Never waits on or fails with the database: False when it was not kept
    (MAX_PENDING already wait: the store cannot be written, or a flood)."""
    return current_app.extensions["unanswered"].add(question, reason)


def write_pending() -> None:
    """Write this worker's pending questions now, best effort (staff reading the list see them)."""
    try:
        current_app.extensions["unanswered"].flush()
    except (SQLAlchemyError, OSError) as err:
        current_app.logger.warning("could not write the unanswered questions: %s", err)


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
    """Questions grouped once normalized, most frequent first, within the dates given (this
    worker's pending questions written first)."""
    write_pending()
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
    """Mark every stored question of a group handled (this worker's pending ones too); returns how many."""
    write_pending()
    count = db.session.execute(update(UnansweredQuestion).where(UnansweredQuestion.normalized == normalized).values(handled=1)).rowcount
    db.session.commit()
    return count
