"""Staff accounts in the admin: an admin invites and removes staff and sets their roles; everyone
changes their own password. An invitation is a link the admin gives the person (no email is sent);
it works once, for INVITE_DAYS days, and the person chooses their own password."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from bot.store import staff
from bot.web.auth import admin_required, csrf, login_required
from bot.web.limits import limiter, sign_in_limit
from bot.web.live import page_bot

bp = Blueprint("accounts", __name__, url_prefix="/admin")
ROLE_CHOICES = [SelectChoice("editor", "Editor: edits the content"), SelectChoice("admin", "Admin: also manages accounts and the bot's messages")]
NAME_HELP = "2-64 letters, digits or . _ @ -, starting with a letter or digit"


PASSWORD_HINT = f"At least {staff.MIN_PASSWORD} characters. A few unrelated words are easy to remember and hard to guess."


class InviteForm(FlaskForm):
    name = StringField("Name they will sign in with", validators=[InputRequired("Type a name."), Regexp(staff.NAME_RE, message=f"A name is {NAME_HELP}.")],
                       description=f"{NAME_HELP}, for example maria.lopez", render_kw={"autocomplete": "off"})
    role = SelectField("Role", choices=ROLE_CHOICES, default="editor")


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[
        InputRequired("Type a password."),
        Length(min=staff.MIN_PASSWORD, max=200, message=f"A password is at least {staff.MIN_PASSWORD} characters long.")],
        description=PASSWORD_HINT, render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("The new password again", validators=[InputRequired("Type the password again."), EqualTo("password", "The two passwords differ.")],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Your current password", validators=[InputRequired("Type your current password.")], render_kw={"autocomplete": "current-password"})


@bp.get("/accounts")
@admin_required
def accounts():
    """The accounts and pending invitations, with the invitation form."""
    return render_template("admin/accounts.html", bot=page_bot(), accounts=staff.accounts(), invites=staff.pending_invites(),
                           form=InviteForm(), link=session.pop("invite_link", None), days=staff.INVITE_DAYS)


@bp.post("/accounts/invite")
@admin_required
def invite():
    """Make an invitation link for a new account; it is shown once."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            token = staff.invite(form.name.data.strip(), form.role.data, g.staff["name"])
        except staff.StaffError as err:
            form.name.errors = [str(err)]
        else:
            session["invite_link"] = {"name": form.name.data.strip(), "url": url_for("accounts.accept", token=token, _external=True)}
            return redirect(url_for("accounts.accounts") + "#invite-link", 303)
    return render_template("admin/accounts.html", bot=page_bot(), accounts=staff.accounts(), invites=staff.pending_invites(), form=form, link=None,
                           days=staff.INVITE_DAYS), 400


@bp.post("/accounts/withdraw")
@admin_required
def withdraw():
    name = request.form.get("name") or ""
    if staff.withdraw_invite(name):
        flash(f"The invitation for {name} is withdrawn: its link no longer works.", "info")
    return redirect(url_for("accounts.accounts"), 303)


@bp.post("/accounts/role")
@admin_required
def set_role():
    name, role = request.form.get("name") or "", request.form.get("role") or ""
    try:
        staff.set_role(name, role)
    except staff.StaffError as err:
        flash(str(err), "error")
    else:
        flash(f"{name} is now an {role}.", "info")
    return redirect(url_for("accounts.accounts"), 303)


@bp.route("/accounts/remove", methods=["GET", "POST"])
@admin_required
def remove():
    """Remove an account, after a confirmation page; its sessions end at once."""
    name = request.values.get("name") or ""
    account = staff.find(name)
    if account is None:
        flash(f"There is no staff account named {name}.", "error")
        return redirect(url_for("accounts.accounts"), 303)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        try:
            staff.remove(account.name)
        except staff.StaffError as err:
            flash(str(err), "error")
        else:
            flash(f"The account {account.name} is removed and signed out everywhere.", "info")
        return redirect(url_for("accounts.accounts"), 303)
    return render_template("admin/account_remove.html", bot=page_bot(), account=account, yourself=account.id == g.staff["id"])


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change your own password: every other session of yours ends."""
    form = ChangePasswordForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                session["staff_session"] = staff.change_own_password(g.staff["id"], form.current.data, form.password.data)
            except staff.StaffError as err:
                (form.current if "current" in str(err) else form.password).errors = [str(err)]
            else:
                flash("Your password is changed. You are signed out everywhere else.", "info")
                return redirect(url_for("admin.index"), 303)
        status = 400
    return render_template("admin/password.html", bot=page_bot(), form=form), status


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
def accept(token: str):
    """The invited person chooses a password, and is signed in."""
    found = staff.invitation(token)
    if found is None:
        return render_template("admin/invite.html", bot=page_bot(), invitation=None, form=None), 404
    form = NewPasswordForm()
    status = 200
    if request.method == "POST":
        csrf.protect()
        if form.validate_on_submit():
            try:
                account = staff.accept_invite(token, form.password.data)
            except staff.StaffError as err:
                form.password.errors = [str(err)]
            else:
                session.clear()
                session["staff_session"] = staff.start_session(account["id"])
                session.permanent = True
                flash(f"Welcome, {account['name']}. Your account is ready.", "info")
                return redirect(url_for("admin.index"), 303)
        status = 400
    return render_template("admin/invite.html", bot=page_bot(), invitation=found, form=form), status
