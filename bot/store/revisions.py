"""The history of knowledge changes: who changed what and when, with both versions."""

from __future__ import annotations

import difflib

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from bot.store import db
from bot.store.models import Revision

COLUMNS = ("id", "at", "staff", "kind", "target", "action", "before", "after")


def as_dict(row: Revision, *, texts: bool = True) -> dict:
    """A history row as a dict (without the texts, for lists)."""
    return {c: getattr(row, c) for c in COLUMNS if texts or c not in ("before", "after")}


def recent(limit: int = 200, kind: str | None = None, target: str | None = None) -> list[dict]:
    """Changes, newest first; optionally only those of one entry, section or file (texts left out)."""
    query = select(Revision).options(defer(Revision.before), defer(Revision.after)).order_by(Revision.id.desc()).limit(limit)
    if kind and target:
        query = query.where(Revision.kind == kind, Revision.target == target)
    return [as_dict(r, texts=False) for r in db.session.execute(query).scalars()]


def get(change_id: int) -> dict | None:
    """One change by id, with both texts."""
    row = db.session.get(Revision, change_id)
    return as_dict(row) if row else None


def deleted() -> list[dict]:
    """The newest delete of each entry or section that is not back since."""
    newest = select(Revision.kind, Revision.target, func.max(Revision.id).label("id")).group_by(Revision.kind, Revision.target).subquery()
    query = (select(Revision).join(newest, Revision.id == newest.c.id).where(Revision.action == "delete")
             .options(defer(Revision.before), defer(Revision.after)).order_by(Revision.id.desc()))
    return [as_dict(r, texts=False) for r in db.session.execute(query).scalars()]


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """A line diff as (kind, text) pairs: kind is "add", "remove", "same" or "info"."""
    kinds = {"+": "add", "-": "remove", " ": "same", "@": "info"}
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=3)
    return [(kinds.get(line[:1], "info"), line) for line in list(lines)[2:]]
