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
from sqlalchemy import delete, func, select, text
from werkzeug.security import check_password_hash, generate_password_hash

from bot.store import db
from bot.store.models import SignInFailure, Staff, StaffSession

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
    if find(name) is not None:
        raise StaffError(f"There is already a staff account named {name!r}.")
    db.session.add(Staff(name=name, password_hash=generate_password_hash(password), created_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
    db.session.commit()


def find(name: str) -> Staff | None:
    """The account with this name, whatever its case."""
    return db.session.execute(select(Staff).where(func.lower(Staff.name) == name.lower())).scalar()


def set_password(name: str, password: str) -> None:
    """Give an account a new password and end every session it had (a copied cookie stops working)."""
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"The password must be at least {MIN_PASSWORD} characters long.")
    account = find(name)
    if account is None:
        raise StaffError(f"There is no staff account named {name!r}.")
    account.password_hash = generate_password_hash(password)
    db.session.execute(delete(StaffSession).where(StaffSession.staff_id == account.id))
    db.session.commit()


def remove(name: str) -> bool:
    """Delete a staff account and end its sessions; False if there was none."""
    account = find(name)
    if account is None:
        return False
    db.session.execute(delete(StaffSession).where(StaffSession.staff_id == account.id))
    db.session.delete(account)
    db.session.commit()
    return True


def start_session(staff_id: int) -> str:
    """A new server-side session for a signed-in staff member: its token goes in the signed cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token=token, staff_id=staff_id, created_at=time.time()))
    db.session.commit()
    return token


def session_staff(token: str | None, lifetime: float) -> dict | None:
    """The staff member a session token belongs to, while the session lives; ended sessions are gone.

    A copied cookie stops working when its session is ended (sign-out, account removed)."""
    if not token:
        return None
    row = db.session.get(StaffSession, token)
    if row is None or time.time() - row.created_at > lifetime:
        return None
    return get(row.staff_id)


def end_session(token: str | None) -> None:
    """End a session: its cookie no longer signs anyone in."""
    if token:
        db.session.execute(delete(StaffSession).where(StaffSession.token == token))
        db.session.commit()


def names() -> list[str]:
    """The names of all staff accounts."""
    return list(db.session.execute(select(Staff.name).order_by(Staff.name)).scalars())


def any_exist() -> bool:
    """Whether at least one staff account exists."""
    return db.session.execute(select(Staff.id).limit(1)).first() is not None


def get(staff_id: int) -> dict | None:
    """The account with this id, or None."""
    row = db.session.get(Staff, staff_id)
    return {"id": row.id, "name": row.name} if row else None


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
    """Count this attempt first, in one transaction; whether it may go on to the password check.

    Parallel attempts take turns: the transaction starts with a write (SQLite's write lock) and, on
    PostgreSQL, a transaction-scoped advisory lock, so no two attempts read the same counts."""
    session = db.session
    session.rollback()
    failure = SignInFailure
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(724312)"))
        session.execute(delete(failure).where(failure.at < now - THROTTLE_WINDOW))
        counts = [session.execute(select(func.count()).where(failure.key == key)).scalar() for key in local]
        failures, last = session.execute(select(func.count(), func.max(failure.at)).where(failure.key == account)).one()
        waiting = last is not None and now - last < account_delay(failures)
        allowed = all(count < THROTTLE_LIMIT for count in counts) and not waiting
        session.add_all(failure(key=key, at=now) for key in [*local, account])
        session.commit()
    except BaseException:
        session.rollback()
        raise
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
    row = find(name)
    if check_password_hash(row.password_hash if row is not None else dummy_hash(), password) and row is not None:
        # a right password clears this account's attempts, and this attempt from the address
        db.session.execute(delete(SignInFailure).where(SignInFailure.key.in_((local[0], account))))
        db.session.execute(delete(SignInFailure).where(SignInFailure.key == local[1], SignInFailure.at == now))
        db.session.commit()
        return {"id": row.id, "name": row.name}
    return None
