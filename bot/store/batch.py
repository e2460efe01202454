"""Staff batch tests: the question sets they upload, and each run's results to compare with the next."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from bot.store import db
from bot.store.models import BatchRun, QuestionSet


def set_names() -> list[str]:
    """The names of the stored question sets."""
    return list(db.session.execute(select(QuestionSet.name).order_by(QuestionSet.name)).scalars())


def get_set(name: str) -> str | None:
    """A stored question set's text."""
    row = db.session.get(QuestionSet, name)
    return row.text if row else None


def keep_set(name: str, text: str) -> None:
    """Store (or replace) a question set to run again after an edit."""
    db.session.merge(QuestionSet(name=name, text=text))
    db.session.commit()


def adopt_legacy_sets(folder: Path) -> int:
    """Question sets the version before the store kept as files (instance/question-sets/*.jsonl) go
    into the store once; returns how many."""
    if not folder.is_dir() or set_names():
        return 0
    sets = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.jsonl"))}
    db.session.add_all(QuestionSet(name=name, text=text) for name, text in sets.items())
    db.session.commit()
    return len(sets)


def previous_run(name: str) -> dict | None:
    """The last stored run of a question set."""
    row = db.session.execute(select(BatchRun).where(BatchRun.name == name).order_by(BatchRun.id.desc()).limit(1)).scalar()
    if row is None:
        return None
    return {"id": row.id, "at": row.at, "staff": row.staff, "name": row.name, "accuracy": row.accuracy, "report": json.loads(row.report)}


def store_run(name: str, staff: str, accuracy: float, report: dict) -> None:
    """Keep a run's per-kind results and failures."""
    db.session.add(BatchRun(at=datetime.now(timezone.utc).isoformat(timespec="seconds"), staff=staff, name=name, accuracy=accuracy,
                            report=json.dumps(report)))
    db.session.commit()
