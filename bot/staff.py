"""Staff accounts: hashed passwords, sign-in checks and throttling of failed sign-ins.

Passwords are hashed with werkzeug.security; an unknown name is checked
against a dummy hash, so it takes as long as a known one. Sign-in attempts are
counted before the password is checked (so parallel guesses cannot slip
past the count), under three keys, with addresses kept only as a keyed hash:

- this account from this address, and this address: after THROTTLE_LIMIT
  failures in THROTTLE_WINDOW seconds, sign-in is refused from there;
- this account from anywhere: after ACCOUNT_DELAY_AFTER failures, each further
  attempt waits a delay that doubles, up to MAX_DELAY seconds. Someone
  guessing from elsewhere can slow a staff member's sign-in, never lock it.

Every refusal has the same message as a wrong password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import datetime, timezone
from functools import lru_cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from bot.db import get_db

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
MIN_PASSWORD = 10
THROTTLE_LIMIT = 5
THROTTLE_WINDOW = 15 * 60
ACCOUNT_DELAY_AFTER = 10
MAX_DELAY = 60


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


def set_password(name: str, password: str) -> None:
    """Give an account a new password and end every session it had (a copied cookie stops working)."""
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"The password must be at least {MIN_PASSWORD} characters long.")
    db = get_db()
    with db:
        changed = db.execute("UPDATE staff SET password_hash = ? WHERE name = ?", (generate_password_hash(password), name)).rowcount
        if not changed:
            raise StaffError(f"There is no staff account named {name!r}.")
        db.execute("DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff WHERE name = ?)", (name,))


def remove(name: str) -> bool:
    """Delete a staff account and end its sessions; False if there was none."""
    db = get_db()
    with db:
        db.execute("DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff WHERE name = ?)", (name,))
        return db.execute("DELETE FROM staff WHERE name = ?", (name,)).rowcount > 0


def start_session(staff_id: int) -> str:
    """A new server-side session for a signed-in staff member: its token goes in the signed cookie."""
    token = secrets.token_urlsafe(32)
    db = get_db()
    with db:
        db.execute("INSERT INTO staff_sessions (token, staff_id, created_at) VALUES (?, ?, ?)", (token, staff_id, time.time()))
    return token


def session_staff(token: str | None, lifetime: float) -> dict | None:
    """The staff member a session token belongs to, while the session lives; ended sessions are gone.

    A copied cookie stops working when its session is ended (sign-out, account removed)."""
    if not token:
        return None
    db = get_db()
    row = db.execute("SELECT staff_id, created_at FROM staff_sessions WHERE token = ?", (token,)).fetchone()
    if row is None or time.time() - row["created_at"] > lifetime:
        return None
    return get(row["staff_id"])


def end_session(token: str | None) -> None:
    """End a session: its cookie no longer signs anyone in."""
    if token:
        db = get_db()
        with db:
            db.execute("DELETE FROM staff_sessions WHERE token = ?", (token,))


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


def throttle_keys(name: str, address: str | None) -> tuple[list[str], str]:
    """The keys attempts are counted under: (this account here, this address), and this account anywhere."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()[:32]
    return [f"pair:{name.lower()}:{digest}", f"address:{digest}"], f"account:{name.lower()}"


def account_delay(failures: int) -> float:
    """Seconds an account waits between attempts after `failures` failures from anywhere."""
    if failures < ACCOUNT_DELAY_AFTER:
        return 0.0
    return float(min(2 ** (failures - ACCOUNT_DELAY_AFTER), MAX_DELAY))


def reserve_attempt(local: list[str], account: str, now: float) -> bool:
    """Count this attempt first, in one transaction; whether it may go on to the password check."""
    db = get_db()
    db.isolation_level = None  # the transaction is ours: BEGIN IMMEDIATE serializes parallel attempts
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - THROTTLE_WINDOW,))
        counts = [db.execute("SELECT COUNT(*) FROM sign_in_failures WHERE key = ?", (key,)).fetchone()[0] for key in local]
        account_rows = db.execute("SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE key = ?", (account,)).fetchone()
        waiting = account_rows[1] is not None and now - account_rows[1] < account_delay(account_rows[0])
        allowed = all(count < THROTTLE_LIMIT for count in counts) and not waiting
        db.executemany("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)", [(key, now) for key in [*local, account]])
        db.execute("COMMIT")
    except Exception:
        db.execute("ROLLBACK")
        raise
    finally:
        db.isolation_level = ""
    return allowed


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A password hash no password matches, checked for unknown names so they take as long as known ones."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(name: str, password: str, address: str | None) -> dict | None:
    """The account if the name and password are right and sign-in is not throttled, else None."""
    local, account = throttle_keys(name, address)
    now = time.time()
    if not reserve_attempt(local, account, now):
        return None
    db = get_db()
    row = db.execute("SELECT id, name, password_hash FROM staff WHERE name = ?", (name,)).fetchone()
    if check_password_hash(row["password_hash"] if row is not None else dummy_hash(), password) and row is not None:
        with db:  # a right password clears this account's attempts, and this attempt from the address
            db.execute("DELETE FROM sign_in_failures WHERE key IN (?, ?)", (local[0], account))
            db.execute("DELETE FROM sign_in_failures WHERE key = ? AND at = ?", (local[1], now))
        return {"id": row["id"], "name": row["name"]}
    return None
