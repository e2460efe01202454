"""Staff review: questions the bot could not answer, and batch tests of question sets."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from bot.engine.evaluation import EvalFileError, evaluate, parse_csv_items, parse_items
from bot.engine.review import after_adding, after_adding_example, group_similar
from bot.kbformat import reader
from bot.store import batch, knowledge
from bot.store import questions as unanswered
from bot.web.auth import login_required
from bot.web.live import get_bot

bp = Blueprint("review", __name__, url_prefix="/admin")
SET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.(jsonl|csv)$")


@bp.before_request
@login_required
def require_staff():
    """Every review view needs a signed-in staff member."""


@bp.get("/unanswered")
def unanswered_list():
    """Fallbacks and "not helpful" answers, grouped, most frequent first, with a date filter."""
    since, until = request.args.get("since") or None, request.args.get("until") or None
    for value in (since, until):
        if value and not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            flash("Dates are written YYYY-MM-DD.", "error")
            since = until = None
    rows = unanswered.groups(since, until, include_handled=bool(request.args.get("all")))
    bot = get_bot()
    return render_template("admin/unanswered.html", bot=bot, groups=group_similar(bot, rows), since=since or "", until=until or "",
                           retention=current_app.config["RETENTION_DAYS"])


@bp.route("/unanswered/preview", methods=["GET", "POST"])
def preview_phrasing():
    """Before adding a question to an entry: what the bot will answer afterwards, as a phrasing and as a
    visitor example, or why it would still refuse."""
    question, entry_id = (request.values.get("question") or "").strip(), request.values.get("entry_id", "")
    bot = get_bot()
    entry = bot.kb.entry(entry_id)
    if not question or entry is None or entry.kind != "faq":
        flash("Pick the entry the question belongs to.", "error")
        return redirect(url_for("review.unanswered_list"))
    return render_template("admin/phrasing_preview.html", bot=bot, question=question, entry=entry, prediction=after_adding(bot, question, entry_id),
                           example=after_adding_example(bot, question, entry_id, longest=reader.MAX_QUESTION),
                           normalized=request.values.getlist("normalized"))


@bp.post("/unanswered/phrasing")
def add_phrasing():
    """Add a visitor's question as another phrasing of an FAQ entry, mark its group handled, and say what the bot now answers."""
    return add_to_entry("alternates", lambda bot, question, entry_id: after_adding(bot, question, entry_id), "as a way visitors ask")


@bp.post("/unanswered/example")
def add_example():
    """Add a visitor's question as an example of an FAQ entry (teaching the bot how visitors word it), mark its group handled,
    and say what the bot now answers."""
    predict = lambda bot, question, entry_id: after_adding_example(bot, question, entry_id, longest=reader.MAX_QUESTION)  # noqa: E731
    return add_to_entry("examples", predict, "as an example of how visitors ask")


def add_to_entry(field: str, predict, how: str):
    """Add the form's question to the entry's `field` (alternates or examples) when `predict` says it helps; mark its group handled."""
    question, entry_id = request.form.get("question", "").strip(), request.form.get("entry_id", "")
    found = knowledge.get_faq(entry_id)
    if not question or found is None:
        flash("Pick the entry the question belongs to.", "error")
        return redirect(url_for("review.unanswered_list"))
    prediction = predict(get_bot(), question, entry_id)
    if prediction.refusal:
        flash(f"Not added. {prediction.why}", "error")
        return redirect(url_for("review.unanswered_list"))
    item = {**found[0], field: [*(found[0].get(field) or []), question]}
    try:
        knowledge.save_faq(item, replacing=entry_id, expected=found[1], staff=g.staff["name"], kb=get_bot().kb)
    except (knowledge.Invalid, knowledge.Conflict) as err:
        flash(f"Not added: {'; '.join(err.errors.values()) if isinstance(err, knowledge.Invalid) else err}", "error")
        return redirect(url_for("review.unanswered_list"))
    current_app.extensions["knowledge"].refresh()
    for normalized in request.form.getlist("normalized"):
        unanswered.mark_handled(normalized)
    reply = get_bot().ask(question)
    if reply.status == "answered" and reply.sources[0].id == entry_id:
        flash(f"Added “{question}” {how} “{found[0]['question']}”. The bot now answers it from that entry.", "info")
    else:
        flash(f"Added “{question}” to “{found[0]['question']}”, but the bot still replies {reply.status} ({reply.reason}). "
              "Test the question to see why.", "error")
    return redirect(url_for("review.unanswered_list"))


@bp.post("/unanswered/handled")
def mark_handled():
    """Mark a group of questions handled (similar questions together)."""
    count = sum(unanswered.mark_handled(n) for n in request.form.getlist("normalized"))
    flash(f"Marked {count} question{'s' if count != 1 else ''} handled.", "info")
    return redirect(url_for("review.unanswered_list"))


@bp.route("/batch", methods=["GET", "POST"])
def batch_test():
    """Run a question set (CSV: question,expected; or dev.jsonl's format): accuracy per kind and the failures, beside the last run."""
    names = batch.set_names()
    report = before = None
    name = request.form.get("name", "")
    if request.method == "POST":
        upload = request.files.get("file")
        if upload and upload.filename:
            name = Path(upload.filename).name
            if not SET_NAME.match(name):
                flash("Upload a .csv or .jsonl file with a simple name (letters, digits, - _ .).", "error")
                return redirect(url_for("review.batch_test"))
            data = upload.read()
        elif name in names:
            data = batch.get_set(name).encode("utf-8")
        else:
            flash("Pick a question set or upload one.", "error")
            return redirect(url_for("review.batch_test"))
        try:
            text = data.decode("utf-8-sig")
            items = parse_csv_items(text) if name.endswith(".csv") else parse_items(text.splitlines())
            unknown = next((i for i in items if i.entry and get_bot().kb.entry(i.entry) is None), None)
            if unknown is not None:
                raise EvalFileError(f"{unknown.id.replace('-', ' ')}: there is no entry “{unknown.entry}” (write its id, or “not covered”)")
        except (EvalFileError, UnicodeDecodeError) as err:
            flash(f"{name}: {err}", "error")
            return redirect(url_for("review.batch_test"))
        if upload and upload.filename:
            batch.keep_set(name, text)
        before = batch.previous_run(name)
        bot = get_bot()
        report = evaluate(lambda q: bot.ask(q).to_dict(), items)
        data = {"by_kind": report.by_kind(), "failures": [[o.item.id, o.item.q, o.item.expect, o.status] for o in report.failures]}
        batch.store_run(name, g.staff["name"], report.accuracy, data)
        names = batch.set_names()
    return render_template("admin/batch.html", bot=get_bot(), names=names, name=name, report=report, before=before)
