"""Visitor questions the bot could not answer, or whose answer was not helpful, for staff.

Stored: the date, the question with personal details redacted, and why it is
here. Never stored: IP addresses or anything else about the visitor. Rows
older than RETENTION_DAYS are deleted.
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone

from flask import current_app

from bot.db import get_db
from bot.privacy import redact
from bot.text import normalize

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
    db = get_db()
    today = datetime.now(timezone.utc).date().isoformat()
    if db.execute("SELECT COUNT(*) FROM unanswered WHERE at >= ?", (today,)).fetchone()[0] >= int(current_app.config["MAX_STORED_PER_DAY"]):
        return  # a flood of questions must not fill the disk: past the day's cap, nothing more is kept
    with db:
        db.execute(
            "INSERT INTO unanswered (at, question, normalized, reason) VALUES (?, ?, ?, ?)",
            (datetime.now(timezone.utc).isoformat(timespec="seconds"), clean, group_key(clean), reason),
        )
    purge_now_and_then()


def log_quietly(question: str, reason: str) -> bool:
    """`log`, best effort: a visitor's reply never waits on or fails with the database.
    A database that cannot be written (full disk, read-only) is logged for the clinic."""
    try:
        log(question, reason)
    except (sqlite3.Error, OSError) as err:
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
    db = get_db()
    with db:
        db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff.isoformat(),))
        return db.execute("DELETE FROM unanswered WHERE at < ?", (cutoff.isoformat(),)).rowcount


def groups(since: str | None = None, until: str | None = None, include_handled: bool = False) -> list[dict]:
    """Questions grouped once normalized, most frequent first, within the dates given."""
    where, args = ["1 = 1"], []
    if since:
        where.append("at >= ?")
        args.append(since)
    if until:
        where.append("at < ?")
        args.append((date.fromisoformat(until) + timedelta(days=1)).isoformat())
    if not include_handled:
        where.append("handled = 0")
    rows = get_db().execute(
        f"SELECT normalized, MIN(question) AS question, COUNT(*) AS times, MAX(at) AS last, "
        f"GROUP_CONCAT(DISTINCT reason) AS reasons, MIN(handled) AS handled "
        f"FROM unanswered WHERE {' AND '.join(where)} GROUP BY normalized ORDER BY times DESC, last DESC LIMIT 500",
        args,
    ).fetchall()
    return [dict(r) for r in rows]


def mark_handled(normalized: str) -> int:
    """Mark every stored question of a group handled; returns how many."""
    db = get_db()
    with db:
        return db.execute("UPDATE unanswered SET handled = 1 WHERE normalized = ?", (normalized,)).rowcount
