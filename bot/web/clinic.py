"""The staff's forms for the clinic's own words: its name and contact details, the bot's messages, and
the topics the content does not cover. Each save is a change of messages.yaml or not-covered.yaml
in the store (one transaction with its history row), so history and restore work as for any edit."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from bot.kbformat import writer
from bot.kbformat.reader import default_messages, messages_with_defaults
from bot.store import knowledge, revisions
from bot.web.auth import admin_required, login_required
from bot.web.content import conflict, expected_version, saved
from bot.web.forms import ClinicForm, MessagesForm, TopicsForm
from bot.web.live import get_bot

bp = Blueprint("clinic", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_staff():
    """Every form here needs a signed-in staff member."""


def overrides_of(values: dict, defaults: dict, old: dict) -> dict:
    """What the clinic sets over the defaults: every value that differs from its default, and every
    value the clinic had set before (so that clearing a contact detail clears it)."""
    out = {}
    for key, value in values.items():
        default, before = defaults.get(key), old.get(key)
        if isinstance(value, dict):
            inner = overrides_of(value, default if isinstance(default, dict) else {}, before if isinstance(before, dict) else {})
            if inner:
                out[key] = inner
        elif key in old or (value != default and value not in ("", [])):
            out[key] = value
    return out


def with_defaults(values: dict, defaults: dict) -> dict:
    """The form's values with the standard text wherever a message was left empty."""
    out = {}
    for key, value in values.items():
        default = defaults.get(key)
        if isinstance(value, dict):
            out[key] = with_defaults(value, default if isinstance(default, dict) else {})
        else:
            out[key] = default if value in ("", []) and default is not None else value
    return out


def save_overrides(old: dict, changes: dict, managed: tuple[str, ...], message: str):
    """Save the messages with the keys one form manages (`managed`) replaced by `changes`, and go back to the form."""
    new = {k: v for k, v in old.items() if k not in managed or k in changes}
    new.update(changes)
    try:
        change = knowledge.save_messages(new, expected=expected_version(), staff=g.staff["name"])
    except knowledge.Conflict as err:
        return conflict(err, writer.messages_text(new), request.path)
    except knowledge.Invalid as err:  # the forms check every field first: a message the store still refuses
        flash("Nothing was saved: " + "; ".join(err.errors.values()), "error")
    else:
        saved(change, message)
    return redirect(request.path)


@bp.route("/clinic", methods=["GET", "POST"])
@admin_required
def contact():
    """The clinic's name and contact details: what visitors are given when the bot cannot answer."""
    old = knowledge.read_messages()
    form = ClinicForm(request.form if request.method == "POST" else None, data=messages_with_defaults(old)["clinic"])
    if request.method == "POST" and form.validate():
        changes = overrides_of({"clinic": form.values()}, default_messages(), old)
        return save_overrides(old, changes, ("clinic",), "Saved the contact details. Visitors see them now.")
    version = expected_version() if request.method == "POST" else knowledge.file_version("messages.yaml")
    return render_template("admin/clinic.html", bot=get_bot(), form=form, version=version,
                           changes=revisions.recent(10, "file", "messages.yaml")), 400 if form.errors else 200


def messages_data(messages: dict) -> dict:
    """The messages as the form's data (the suggested questions one per line; room for one more button)."""
    data = {k: v for k, v in messages.items() if k != "clinic"}
    data["starters"] = "\n".join(messages.get("starters") or [])
    for key in ("urgent_help", "urgent_help_es"):
        links = list(data.get(key, {}).get("links") or [])
        data[key] = {**data.get(key, {}), "links": links + [{"label": "", "href": ""}]}
    return data


@bp.route("/messages", methods=["GET", "POST"])
@admin_required
def messages():
    """The bot's own messages, field by field; an empty field means the standard text."""
    old, defaults = knowledge.read_messages(), default_messages()
    form = MessagesForm(request.form if request.method == "POST" else None, data=messages_data(messages_with_defaults(old)))
    if request.method == "POST" and form.validate():
        values = with_defaults(form.values(), defaults)
        return save_overrides(old, overrides_of(values, defaults, old), tuple(values), "Saved the messages. Visitors get them now.")
    version = expected_version() if request.method == "POST" else knowledge.file_version("messages.yaml")
    return render_template("admin/messages.html", bot=get_bot(), form=form, version=version,
                           changes=revisions.recent(10, "file", "messages.yaml")), 400 if form.errors else 200


def kept_topics(form: TopicsForm, taken: set[str]) -> list[dict]:
    """The topics as the form leaves them (removed and empty rows left out); a new one gets an id made from its name."""
    kept: list[dict] = []
    for row in form.topics:
        topic = row.form
        if topic.remove.data or not topic.topic.data:
            continue
        topic_id = topic.id.data or knowledge.new_id(topic.topic.data, taken | {t["id"] for t in kept})
        kept.append({"id": topic_id, "topic": topic.topic.data, "phrasings": topic.lines()})
    return kept


@bp.route("/topics", methods=["GET", "POST"])
def topics():
    """The topics the content does not cover, with the ways visitors ask about them: edit, add, remove."""
    current = knowledge.read_topics()
    blank = {"id": "", "topic": "", "phrasings": ""}
    form = TopicsForm(request.form if request.method == "POST" else None,
                      data={"topics": [{**t, "phrasings": "\n".join(t["phrasings"])} for t in current] + [blank]})
    error = None
    if request.method == "POST" and form.validate():
        kept = kept_topics(form, {e.id for e in get_bot().kb.entries if e.kind != "not_covered"})
        try:
            change = knowledge.save_topics(kept, expected=expected_version(), staff=g.staff["name"])
        except knowledge.Conflict as err:
            return conflict(err, writer.topics_text(kept), request.path)
        except knowledge.Invalid as err:
            error = next(iter(err.errors.values()))
        else:
            saved(change, "Saved the topics. Questions like these now get the \u201cnot covered\u201d reply.")
            return redirect(url_for("clinic.topics"))
    version = expected_version() if request.method == "POST" else knowledge.file_version("not-covered.yaml")
    return render_template("admin/topics.html", bot=get_bot(), form=form, version=version, error=error,
                           changes=revisions.recent(10, "file", "not-covered.yaml")), 400 if form.errors or error else 200
