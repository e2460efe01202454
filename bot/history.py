"""The history of staff changes: who changed what and when, with both versions."""

from __future__ import annotations

import difflib
from datetime import datetime, timezone

from bot.db import get_db
from bot.editor import Change


def record(change: Change, staff_name: str) -> int:
    """Store one change; returns its id."""
    db = get_db()
    with db:
        cursor = db.execute(
            "INSERT INTO history (at, staff, kind, target, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (datetime.now(timezone.utc).isoformat(timespec="seconds"), staff_name, change.kind, change.target, change.action, change.before, change.after),
        )
    return cursor.lastrowid


def recent(limit: int = 200, kind: str | None = None, target: str | None = None) -> list[dict]:
    """Changes, newest first; optionally only those of one entry, section or file."""
    query, args = "SELECT * FROM history", []
    if kind and target:
        query, args = query + " WHERE kind = ? AND target = ?", [kind, target]
    rows = get_db().execute(query + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
    return [dict(r) for r in rows]


def get(change_id: int) -> dict | None:
    """One change by id."""
    row = get_db().execute("SELECT * FROM history WHERE id = ?", (change_id,)).fetchone()
    return dict(row) if row else None


def deleted() -> list[dict]:
    """The newest delete of each entry or section that is not back since."""
    rows = get_db().execute(
        "SELECT h.* FROM history h WHERE h.action = 'delete' AND h.id = "
        "(SELECT MAX(id) FROM history WHERE kind = h.kind AND target = h.target) ORDER BY h.id DESC"
    ).fetchall()
    return [dict(r) for r in rows]


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """A line diff as (kind, text) pairs: kind is "add", "remove", "same" or "info"."""
    kinds = {"+": "add", "-": "remove", " ": "same", "@": "info"}
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=3)
    return [(kinds.get(line[:1], "info"), line) for line in list(lines)[2:]]
