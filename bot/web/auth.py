"""Staff sign-in and sign-out, and `login_required` for the admin."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from bot.store import staff
from bot.web.limits import limiter, sign_in_limit
from bot.web.live import page_bot

bp = Blueprint("auth", __name__, url_prefix="/admin")
# Every form that changes anything carries a CSRF token. The check runs in the
# staff views (after the sign-in check), so visitors' JSON and question form,
# which change nothing of anyone's, need no token.
csrf = CSRFProtect()
GENERIC_ERROR = "That name and password did not work. Check them and try again in a few minutes."


@bp.before_app_request
def load_signed_in_staff() -> None:
    """Put the signed-in staff member, if any, on `g.staff`."""
    token = session.get("staff_session")
    g.staff = staff.session_staff(token, current_app.permanent_session_lifetime.total_seconds()) if token else None


def login_required(view):
    """Send anyone not signed in to the sign-in page; check the CSRF token of a signed-in POST."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.staff is None:
            return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
        if request.method == "POST":
            csrf.protect()
        return view(**kwargs)

    return wrapped


def admin_required(view):
    """`login_required`, for admins only: an editor gets a plain 403 page."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.staff is not None and g.staff.get("role") != "admin":
            abort(403, description="Only an admin can do this. Ask an admin of the clinic's staff.")
        return view(**kwargs)

    return login_required(wrapped)


def safe_next(target: str | None) -> str:
    """Where to go after sign-in: a path inside the admin only, with no control characters
    (a "%0d%0a" in it would be a header injection; Werkzeug refuses it with a 500)."""
    if target and target.startswith("/admin") and not target.startswith("//") and target.isprintable():
        return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
def login():
    """The sign-in form; one generic error for every failure."""
    if not staff.any_exist():
        return render_template("admin/no_staff.html", bot=page_bot()), 200
    status = 200
    if request.method == "POST":
        csrf.protect()
        name = (request.form.get("name") or "").strip()[:64]
        password = request.form.get("password") or ""
        account = staff.authenticate(name, password, request.remote_addr) if name and password else None
        if account:
            session.clear()
            session["staff_session"] = staff.start_session(account["id"])
            session.permanent = True
            return redirect(safe_next(request.args.get("next")))
        flash(GENERIC_ERROR, "error")
        status = 401
    return render_template("admin/login.html", bot=page_bot()), status


@bp.post("/logout")
def logout():
    """Sign out and go back to the sign-in page."""
    csrf.protect()
    staff.end_session(session.get("staff_session"))
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
