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
from bot.store.models import SignInFailure, Staff, StaffInvite, StaffSession

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
MIN_PASSWORD = 10
THROTTLE_LIMIT = 5
THROTTLE_WINDOW = 15 * 60
ACCOUNT_DELAY_AFTER = 10
MAX_DELAY = 60
ROLES = ("admin", "editor")  # an admin also manages accounts and the bot's own messages
INVITE_DAYS = 7


class StaffError(ValueError):
    """A staff account request that cannot be done, with a sentence saying why."""


def check_new(name: str, password: str) -> None:
    """Raise StaffError unless `name` and `password` are acceptable for a new account."""
    if not NAME_RE.match(name):
        raise StaffError("A name is 2-64 letters, digits or . _ @ - and starts with a letter or digit.")
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"The password must be at least {MIN_PASSWORD} characters long.")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise StaffError("A role is admin (manages accounts and the bot's messages too) or editor (edits the content).")


def add(name: str, password: str, role: str = "admin") -> None:
    """Create a staff account."""
    check_new(name, password)
    check_role(role)
    if find(name) is not None:
        raise StaffError(f"There is already a staff account named {name!r}.")
    db.session.add(Staff(name=name, password_hash=generate_password_hash(password), role=role, created_at=now_text()))
    db.session.commit()


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def accounts() -> list[dict]:
    """Every staff account: name, role and since when, by name."""
    rows = db.session.execute(select(Staff).order_by(func.lower(Staff.name))).scalars()
    return [{"id": r.id, "name": r.name, "role": r.role, "created_at": r.created_at} for r in rows]


def admins() -> int:
    return db.session.execute(select(func.count()).select_from(Staff).where(Staff.role == "admin")).scalar()


def set_role(name: str, role: str) -> None:
    """Give an account another role; the last admin stays an admin."""
    check_role(role)
    account = find(name)
    if account is None:
        raise StaffError(f"There is no staff account named {name!r}.")
    if account.role == "admin" and role != "admin" and admins() <= 1:
        raise StaffError("This is the only admin account: make another admin first.")
    account.role = role
    db.session.commit()


def change_own_password(staff_id: int, current: str, new: str) -> str:
    """Check the current password, set the new one, end every session of the account; a new session's token."""
    account = db.session.get(Staff, staff_id)
    if account is None or not check_password_hash(account.password_hash, current):
        raise StaffError("Your current password is not right.")
    if len(new) < MIN_PASSWORD:
        raise StaffError(f"The new password must be at least {MIN_PASSWORD} characters long.")
    if new == current:
        raise StaffError("The new password must differ from the current one.")
    set_password(account.name, new)
    return start_session(account.id)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(name: str, role: str, invited_by: str) -> str:
    """An invitation for a new account NAME: the token of its link (only its hash is kept), valid INVITE_DAYS."""
    if not NAME_RE.match(name):
        raise StaffError("A name is 2-64 letters, digits or . _ @ - and starts with a letter or digit.")
    check_role(role)
    if find(name) is not None:
        raise StaffError(f"There is already a staff account named {name!r}.")
    db.session.execute(delete(StaffInvite).where(func.lower(StaffInvite.name) == name.lower()))  # a new link replaces an old one
    token = secrets.token_urlsafe(32)
    db.session.add(StaffInvite(token_hash=token_hash(token), name=name, role=role, invited_by=invited_by, created_at=now_text(),
                               expires_at=time.time() + INVITE_DAYS * 86400))
    db.session.commit()
    return token


def pending_invites() -> list[dict]:
    """Invitations not yet used and not expired, by name."""
    db.session.execute(delete(StaffInvite).where(StaffInvite.expires_at < time.time()))
    db.session.commit()
    rows = db.session.execute(select(StaffInvite).order_by(func.lower(StaffInvite.name))).scalars()
    return [{"name": r.name, "role": r.role, "invited_by": r.invited_by, "created_at": r.created_at, "expires_at": r.expires_at} for r in rows]


def invitation(token: str) -> dict | None:
    """The invitation a link's token stands for, while it is valid."""
    row = db.session.get(StaffInvite, token_hash(token)) if token else None
    if row is None or row.expires_at < time.time():
        return None
    return {"name": row.name, "role": row.role}


def accept_invite(token: str, password: str) -> dict:
    """Make the invited account with its own password; the link works once."""
    found = invitation(token)
    if found is None:
        raise StaffError("This invitation link has expired or has been used. Ask an admin for a new one.")
    check_new(found["name"], password)
    db.session.execute(delete(StaffInvite).where(StaffInvite.token_hash == token_hash(token)))
    add(found["name"], password, found["role"])  # commits both
    account = find(found["name"])
    return {"id": account.id, "name": account.name, "role": account.role}


def withdraw_invite(name: str) -> bool:
    """Cancel the invitation for NAME; False if there was none."""
    done = db.session.execute(delete(StaffInvite).where(func.lower(StaffInvite.name) == name.lower())).rowcount
    db.session.commit()
    return bool(done)


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
    """Delete a staff account and end its sessions; False if there was none. The last admin stays
    while other accounts remain (they would have no one to manage them)."""
    account = find(name)
    if account is None:
        return False
    others = db.session.execute(select(func.count()).select_from(Staff).where(Staff.id != account.id)).scalar()
    if account.role == "admin" and admins() <= 1 and others:
        raise StaffError("This is the only admin account: make another admin first.")
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


def any_exist() -> bool:
    """Whether at least one staff account exists."""
    return db.session.execute(select(Staff.id).limit(1)).first() is not None


def get(staff_id: int) -> dict | None:
    """The account with this id, or None."""
    row = db.session.get(Staff, staff_id)
    return {"id": row.id, "name": row.name, "role": row.role} if row else None


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
        return {"id": row.id, "name": row.name, "role": row.role}
    return None
