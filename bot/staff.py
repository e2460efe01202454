"""Staff accounts: hashed passwords, sign-in checks and throttling of failed sign-ins.

Passwords are hashed with werkzeug.security. Failed sign-ins are counted per
account and per client address (kept only as a keyed hash, and only for the
throttling window): after THROTTLE_LIMIT failures in THROTTLE_WINDOW seconds,
sign-in is refused with the same message as a wrong password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import datetime, timezone

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from bot.db import get_db

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
MIN_PASSWORD = 10
THROTTLE_LIMIT = 5
THROTTLE_WINDOW = 15 * 60


class StaffError(ValueError):
    """A staff account request that cannot be done, with a sentence saying why."""


def check_new(name: str, password: str) -> None:
    """Raise StaffError unless `name` and `password` are acceptable for a new account."""
    if not NAME_RE.match(name):
        raise StaffError("A name is 2-64 letters, digits or . _ @ - and starts with a letter or digit.")
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"The password must be at least {MIN_PASSWORD} characters long.")


def add(name: str, password: str) -> None:
    """Create a staff account."""
    check_new(name, password)
    db = get_db()
    if db.execute("SELECT 1 FROM staff WHERE name = ?", (name,)).fetchone():
        raise StaffError(f"There is already a staff account named {name!r}.")
    with db:
        db.execute(
            "INSERT INTO staff (name, password_hash, created_at) VALUES (?, ?, ?)",
            (name, generate_password_hash(password), datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )


def remove(name: str) -> bool:
    """Delete a staff account; False if there was none."""
    db = get_db()
    with db:
        return db.execute("DELETE FROM staff WHERE name = ?", (name,)).rowcount > 0


def names() -> list[str]:
    """The names of all staff accounts."""
    return [row["name"] for row in get_db().execute("SELECT name FROM staff ORDER BY name")]


def any_exist() -> bool:
    """Whether at least one staff account exists."""
    return get_db().execute("SELECT 1 FROM staff LIMIT 1").fetchone() is not None


def get(staff_id: int) -> dict | None:
    """The account with this id, or None."""
    row = get_db().execute("SELECT id, name FROM staff WHERE id = ?", (staff_id,)).fetchone()
    return dict(row) if row else None


def throttle_keys(name: str, address: str | None) -> list[str]:
    """The keys failures are counted under: the account, and a keyed hash of the address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()[:32]
    return [f"account:{name.lower()}", f"address:{digest}"]


def throttled(keys: list[str], now: float | None = None) -> bool:
    """Whether any key has reached the failure limit within the window."""
    now = time.time() if now is None else now
    db = get_db()
    with db:
        db.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - THROTTLE_WINDOW,))
    return any(
        db.execute("SELECT COUNT(*) FROM sign_in_failures WHERE key = ? AND at >= ?", (key, now - THROTTLE_WINDOW)).fetchone()[0] >= THROTTLE_LIMIT
        for key in keys
    )


def authenticate(name: str, password: str, address: str | None) -> dict | None:
    """The account if the name and password are right and sign-in is not throttled, else None."""
    keys = throttle_keys(name, address)
    if throttled(keys):
        return None
    db = get_db()
    row = db.execute("SELECT id, name, password_hash FROM staff WHERE name = ?", (name,)).fetchone()
    if row is not None and check_password_hash(row["password_hash"], password):
        with db:
            db.execute("DELETE FROM sign_in_failures WHERE key = ?", (keys[0],))
        return {"id": row["id"], "name": row["name"]}
    with db:
        db.executemany("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)", [(key, time.time()) for key in keys])
    return None
