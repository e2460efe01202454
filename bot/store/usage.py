"""How the bot is used, for the staff dashboard: counts only, never a visitor's words.

Each reply adds one to its day's outcome (answered, fallback, crisis, smalltalk)
and to the entries it answered from. The counts are kept in the worker's memory
and written to the store at most every FLUSH_SECONDS (config USAGE_FLUSH_SECONDS),
added to what other workers wrote (one upsert a key), so a reply never waits for a
database write of its own. A write that fails is tried again with the next one;
counts not yet written when a worker is killed are lost (at most FLUSH_SECONDS' worth).
Days are UTC days.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from bot.store import db
from bot.store.models import Feedback, UsageCount

OUTCOMES = ("answered", "fallback", "crisis", "smalltalk")
FLUSH_SECONDS = 30.0


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def counts_of(reply, day: str) -> Counter:
    """What one reply adds: its outcome, and each entry a part of it answered from."""
    added = Counter({(day, "outcome", reply.status if reply.status in OUTCOMES else "fallback"): 1})
    for part in reply.parts or [reply]:
        if part.status == "answered" and part.sources:
            added[(day, "entry", part.sources[0].id[:200])] += 1
    return added


class Recorder:
    """The counts of one worker not yet written to the store."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: Counter = Counter()
        self._last_flush = time.monotonic()

    def record(self, reply) -> None:
        with self._lock:
            self._pending.update(counts_of(reply, today()))

    def due(self, every: float) -> bool:
        return bool(self._pending) and time.monotonic() - self._last_flush >= every

    def flush(self) -> None:
        """Add the pending counts to the store; on failure they stay pending."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if not pending:
            return
        try:
            add_counts(pending)
        except Exception:
            db.session.rollback()
            with self._lock:
                self._pending.update(pending)
            raise


def add_counts(counts: Counter) -> None:
    """Upsert: each key's count goes up by its value (several workers add to the same rows)."""
    dialect = db.session.get_bind().dialect.name
    # The dialect's own insert, imported when first used: PostgreSQL's takes 25 ms to import, and a
    # server on SQLite never needs it.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for (day, kind, key), n in sorted(counts.items()):
        statement = insert(UsageCount).values(day=day, kind=kind, key=key, count=n)
        db.session.execute(statement.on_conflict_do_update(index_elements=["day", "kind", "key"],
                                                           set_={"count": UsageCount.count + statement.excluded.count}))
    db.session.commit()


def days_back(days: int, until: date | None = None) -> list[str]:
    """The last `days` days, oldest first, ending today (UTC)."""
    end = until or datetime.now(timezone.utc).date()
    return [(end - timedelta(days=i)).isoformat() for i in range(days - 1, -1, -1)]


def outcomes_per_day(days: list[str]) -> list[dict]:
    """For each day: its count of each outcome (0 where none)."""
    rows = db.session.execute(select(UsageCount.day, UsageCount.key, UsageCount.count)
                              .where(UsageCount.kind == "outcome", UsageCount.day >= days[0], UsageCount.day <= days[-1]))
    found = {(r.day, r.key): r.count for r in rows}
    return [{"day": d, **{o: found.get((d, o), 0) for o in OUTCOMES}} for d in days]


def most_used_entries(days: list[str], limit: int = 10) -> list[tuple[str, int]]:
    """The entries answered from most often in these days: (id, times), most first."""
    total = func.sum(UsageCount.count)
    rows = db.session.execute(select(UsageCount.key, total.label("times"))
                              .where(UsageCount.kind == "entry", UsageCount.day >= days[0], UsageCount.day <= days[-1])
                              .group_by(UsageCount.key).order_by(total.desc(), UsageCount.key).limit(limit))
    return [(r.key, int(r.times)) for r in rows]


def helpful_rate(days: list[str]) -> tuple[int, int]:
    """(helpful, rated) among the "Was this helpful?" answers of these days."""
    rated, helpful = db.session.execute(select(func.count(), func.coalesce(func.sum(Feedback.helpful), 0))
                                        .where(Feedback.created_at >= days[0])).one()
    return int(helpful), int(rated)
