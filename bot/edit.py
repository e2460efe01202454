"""The knowledge-base editor for staff: FAQ entries, document sections, synonyms and messages, history."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from bot import editor, history
from bot.auth import login_required
from bot.chat import render_markdown
from bot.knowledge import get_bot
from bot.loader import KnowledgeError

bp = Blueprint("edit", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_staff():
    """Every editor view needs a signed-in staff member."""


@bp.errorhandler(KnowledgeError)
def broken_file(err: KnowledgeError):
    """A hand-edited file that does not parse: say where, and change nothing."""
    flash(f"Nothing was changed: {err}", "error")
    return redirect(url_for("admin.index"))


def folder() -> Path:
    """The knowledge folder being edited."""
    return Path(current_app.config["KNOWLEDGE_DIR"])


def saved(change: editor.Change, message: str):
    """Make a change live now (its history row was written before the file), and say so."""
    current_app.extensions["knowledge"].refresh()
    flash(message, "info")


def conflict(err: editor.Conflict, yours: str, back: str):
    """The page shown when a save is refused because of someone else's change."""
    return render_template("admin/conflict.html", bot=get_bot(), message=str(err), current=err.current, yours=yours, diff=history.diff_lines(err.current, yours), back=back), 409


@bp.get("/content")
def content():
    """All FAQ entries and document sections, searchable, and the editable files."""
    bot, query = get_bot(), (request.args.get("q") or "").strip().lower()
    faqs = [e for e in bot.kb.entries if e.kind == "faq" and (not query or query in " ".join([e.id, *e.questions, e.answer]).lower())]
    sections = [s for d in bot.kb.documents for s in d.sections if not query or query in f"{s.id} {s.title} {' '.join(s.paragraphs)}".lower()]
    return render_template("admin/content.html", bot=bot, faqs=faqs, sections=sections, query=query, files=editor.EDITABLE_FILES, deleted=history.deleted())


def faq_from_form() -> dict:
    """The FAQ fields of the submitted form."""
    form = request.form
    return {
        "id": form.get("id", ""),
        "question": form.get("question", ""),
        "alternates": [line for line in form.get("alternates", "").splitlines() if line.strip()],
        "answer": form.get("answer", ""),
        "section": form.get("section", ""),
        "url": form.get("url", ""),
        "source": form.get("source", ""),
    }


@bp.route("/faq/new", methods=["GET", "POST"])
@bp.route("/faq/<path:entry_id>", methods=["GET", "POST"])
def edit_faq(entry_id: str | None = None):
    """Create or edit an FAQ entry (question, phrasings, answer, source link)."""
    found = editor.find_faq(folder(), entry_id) if entry_id else None
    if entry_id and found is None:
        abort(404)
    item, errors = found[2] if found else {"id": "", "question": request.args.get("question", "")}, {}
    expected = request.form.get("version") or editor.version(editor.faq_text(item) if found else None)
    if request.method == "POST":
        item = faq_from_form()
        try:
            change = editor.save_faq(folder(), item, replacing=entry_id, expected=expected)
        except editor.Conflict as err:
            return conflict(err, editor.faq_text(item), request.path)
        except editor.Invalid as err:
            errors = err.errors
        else:
            saved(change, f"Saved {change.target!r}. Visitors get the new answer now.")
            return redirect(url_for("edit.edit_faq", entry_id=change.target))
    sections = [f"{s.doc_id}#{s.id}" for d in get_bot().kb.documents for s in d.sections]
    return render_template("admin/faq.html", bot=get_bot(), item=item, entry_id=entry_id, errors=errors, version=expected, sections=sections,
                           changes=history.recent(20, "faq", entry_id) if entry_id else []), 400 if errors else 200


@bp.post("/faq/<path:entry_id>/delete")
def delete_faq(entry_id: str):
    """Delete an FAQ entry (it stays in the history and can be restored)."""
    try:
        change = editor.delete_faq(folder(), entry_id, expected=request.form.get("version", ""))
    except editor.Conflict as err:
        return conflict(err, "", url_for("edit.edit_faq", entry_id=entry_id))
    saved(change, f"Deleted {entry_id!r}. You can restore it from the history.")
    return redirect(url_for("edit.content"))


@bp.route("/section/new", methods=["GET", "POST"])
@bp.route("/section/<section_id>", methods=["GET", "POST"])
def edit_section(section_id: str | None = None):
    """Create or edit a document section, with a Markdown preview."""
    found = editor.find_section(folder(), section_id) if section_id else None
    if section_id and found is None:
        abort(404)
    title, body = (found.title, found.body) if found else ("", "")
    expected = request.form.get("version") or editor.version(found.text if found else None)
    errors, preview = {}, None
    if request.method == "POST":
        new_id = section_id or request.form.get("id", "").strip()
        title, body = request.form.get("title", ""), request.form.get("body", "")
        if request.form.get("action") == "preview":
            preview = render_markdown(body)
        else:
            try:
                change = editor.save_section(folder(), new_id, title, body, expected=expected, document=request.form.get("document"), creating=found is None)
            except editor.Conflict as err:
                return conflict(err, f"## {title}\n\n{body.strip()}\n", request.path)
            except editor.Invalid as err:
                errors = err.errors
            else:
                saved(change, f"Saved the section {new_id!r}.")
                return redirect(url_for("edit.edit_section", section_id=new_id))
    documents = [d.id for d in get_bot().kb.documents]
    return render_template("admin/section.html", bot=get_bot(), section_id=section_id, title=title, body=body, errors=errors, version=expected,
                           preview=preview, documents=documents, changes=history.recent(20, "section", section_id) if section_id else []), 400 if errors else 200


@bp.post("/section/<section_id>/delete")
def delete_section(section_id: str):
    """Delete a document section (restorable from the history)."""
    try:
        change = editor.delete_section(folder(), section_id, expected=request.form.get("version", ""))
    except editor.Conflict as err:
        return conflict(err, "", url_for("edit.edit_section", section_id=section_id))
    except editor.Invalid as err:
        flash(next(iter(err.errors.values())), "error")
        return redirect(url_for("edit.edit_section", section_id=section_id))
    saved(change, f"Deleted the section {section_id!r}. You can restore it from the history.")
    return redirect(url_for("edit.content"))


@bp.route("/file/<name>", methods=["GET", "POST"])
def edit_file(name: str):
    """Edit synonyms.txt or messages.yaml as text, validated before saving."""
    if name not in editor.EDITABLE_FILES:
        abort(404)
    text = editor.read_file(folder(), name) or ""
    expected = request.form.get("version") or editor.version(editor.read_file(folder(), name))
    errors = {}
    if request.method == "POST":
        text = request.form.get("text", "")
        try:
            change = editor.save_file(folder(), name, text, expected=expected)
        except editor.Conflict as err:
            return conflict(err, text, request.path)
        except editor.Invalid as err:
            errors = err.errors
        else:
            saved(change, f"Saved {name}.")
            return redirect(url_for("edit.edit_file", name=name))
    return render_template("admin/file.html", bot=get_bot(), name=name, text=text, errors=errors, version=expected,
                           changes=history.recent(20, "file", name)), 400 if errors else 200


@bp.get("/history")
def audit():
    """Every change, newest first."""
    return render_template("admin/history.html", bot=get_bot(), changes=history.recent(500))


@bp.get("/history/<int:change_id>")
def show_change(change_id: int):
    """One change: who, when, and the difference."""
    change = history.get(change_id) or abort(404)
    return render_template("admin/change.html", bot=get_bot(), change=change, diff=history.diff_lines(change["before"], change["after"]))


@bp.post("/history/<int:change_id>/restore")
def restore(change_id: int):
    """Put back the version before or after a change (also brings back deleted entries)."""
    change = history.get(change_id) or abort(404)
    text = change["before"] if request.form.get("which") == "before" else change["after"]
    try:
        restored = editor.restore(folder(), change["kind"], change["target"], text)
    except editor.Invalid as err:
        flash("That version cannot be restored as it is: " + "; ".join(err.errors.values()), "error")
        return redirect(url_for("edit.show_change", change_id=change_id))
    except editor.Conflict as err:
        flash(f"Not restored: {err}", "error")
        return redirect(url_for("edit.show_change", change_id=change_id))
    restored.action = "restore"
    saved(restored, f"Restored {change['target']!r} as it was {'before' if request.form.get('which') == 'before' else 'after'} change #{change_id}.")
    return redirect(url_for("edit.show_change", change_id=change_id))
