"""The staff's content editor: FAQ entries, document sections, synonyms and messages, history.

Every save is one transaction of the store (the change and its history row);
the bot is rebuilt right after, and the staff member sees their change at once.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from bot.engine.shadowing import shadows
from bot.kbformat import writer
from bot.kbformat.reader import KnowledgeError
from bot.store import knowledge, revisions
from bot.web import changes
from bot.web.auth import login_required
from bot.web.chat import render_markdown
from bot.web.live import get_bot

SETTINGS_FILE = "messages.yaml"  # the clinic's details and the bot's messages: admins only
bp = Blueprint("content", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_staff():
    """Every editor view needs a signed-in staff member."""


@bp.errorhandler(KnowledgeError)
def broken_file(err: KnowledgeError):
    """A hand-edited file that does not parse: say where, and change nothing."""
    flash(f"Nothing was changed: {err}", "error")
    return redirect(url_for("admin.index"))


def saved(change: knowledge.Change, message: str):
    """Make a committed change live in this worker now (the others pick it up within a second), and say so."""
    current_app.extensions["knowledge"].refresh()
    flash(message, "info")
    warn_if_hidden(change)


def saved_entries(change: knowledge.Change | None, entries: list) -> list | None:
    """The entries a change saved; None for a file or an import (every entry near a topic is checked)."""
    if change is not None and change.kind == "faq":
        return [e for e in entries if e.id == change.target]
    if change is not None and change.kind == "section":
        return [e for e in entries if e.kind == "passage" and e.section.split("#")[-1] == change.target]
    return None


def warn_if_hidden(change: knowledge.Change | None) -> None:
    """After a save: say so if a not-covered topic hides what was saved (the overview has the one-click fix)."""
    bot = get_bot()
    for h in shadows(bot, saved_entries(change, bot.retriever.entries_))[:5]:
        flash(f"Visitors asking “{h.question}” are told it is not covered: the not-covered topic “{h.topic_title}” "
              f"(phrasing “{h.phrasing}”) matches it better than “{h.entry_title}”. The overview has a one-click fix.", "error")


def expected_version() -> int:
    """The version the editor started from, as the form sent it back."""
    value = request.form.get("version", "")
    return int(value) if value.isascii() and value.isdigit() else -1


def conflict(err: knowledge.Conflict, yours: str, back: str):
    """The page shown when a save is refused because of someone else's change."""
    return render_template("admin/conflict.html", bot=get_bot(), message=str(err), current=err.current, yours=yours, diff=revisions.diff_lines(err.current, yours), back=back), 409


@bp.get("/content")
def content():
    """All FAQ entries and document sections, searchable, and the editable files."""
    bot, query = get_bot(), (request.args.get("q") or "").strip().lower()
    faqs = [e for e in bot.kb.entries if e.kind == "faq" and (not query or query in " ".join([e.id, *e.questions, e.answer]).lower())]
    sections = [s for d in bot.kb.documents for s in d.sections if not query or query in f"{s.id} {s.title} {' '.join(s.paragraphs)}".lower()]
    return render_template("admin/content.html", bot=bot, faqs=faqs, sections=sections, query=query, files=knowledge.FILES, deleted=revisions.deleted())


def faq_from_form() -> dict:
    """The FAQ fields of the submitted form."""
    form = request.form
    return {
        "id": form.get("id", "").strip(),
        "question": form.get("question", ""),
        "alternates": [line for line in form.get("alternates", "").splitlines() if line.strip()],
        "answer": form.get("answer", ""),
        "section": form.get("section", ""),
        "url": form.get("url", ""),
        "source": form.get("source", ""),
        "examples": [line for line in form.get("examples", "").splitlines() if line.strip()],
    }


NEW_ID_ERROR = "An id uses only lowercase letters, digits and hyphens, like parking-at-the-clinic. Leave it empty to make one from the question."


def new_entry_id(item: dict) -> tuple[str, dict]:
    """A new entry's id: the one typed under Advanced (checked), else one made from its question; and its error."""
    if item["id"]:
        return item["id"], {} if knowledge.NEW_ID_RE.match(item["id"]) and len(item["id"]) <= 200 else {"id": NEW_ID_ERROR}
    taken = {e.id for e in get_bot().kb.entries}
    return (knowledge.new_id(item["question"], taken) if item["question"].strip() else ""), {}


def section_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The sections an entry can name as its source, by document: (document title, [(value, section title)])."""
    return [(d.title, [(f"{s.doc_id}#{s.id}", s.title) for s in d.sections]) for d in get_bot().kb.documents]


@bp.route("/faq/new", methods=["GET", "POST"])
@bp.route("/faq/<path:entry_id>", methods=["GET", "POST"])
def edit_faq(entry_id: str | None = None):
    """Create or edit an FAQ entry (question, phrasings, answer, source); a new entry's id is made from its question."""
    found = knowledge.get_faq(entry_id) if entry_id else None
    if entry_id and found is None:
        abort(404)
    item, errors = found[0] if found else {"id": "", "question": request.args.get("question", "")}, {}
    version = found[1] if found else 0
    if request.method == "POST":
        item, version = faq_from_form(), expected_version()
        typed = item["id"]
        if entry_id:
            item["id"] = entry_id  # an id never changes once published
        else:
            item["id"], errors = new_entry_id(item)
        try:
            if errors:  # the other fields checked too, so that every mistake shows at once
                raise knowledge.Invalid({**invalid_fields({**item, "id": "x"}), **errors})
            change = knowledge.save_faq(item, replacing=entry_id, expected=version, staff=g.staff["name"], kb=get_bot().kb)
        except knowledge.Conflict as err:
            return conflict(err, writer.faq_text(item), request.path)
        except knowledge.Invalid as err:
            errors, item["id"] = err.errors, entry_id or typed
            if not entry_id and not typed and "question" in errors:
                errors.pop("id", None)  # the id is made from the question, once there is one
        else:
            saved(change, f"Saved \u201c{item['question'].strip()}\u201d. Visitors get the new answer now.")
            return redirect(url_for("content.edit_faq", entry_id=change.target))
    return render_template("admin/faq.html", bot=get_bot(), item=item, entry_id=entry_id, errors=errors, version=version, sections=section_choices(),
                           changes=revisions.recent(20, "faq", entry_id) if entry_id else []), 400 if errors else 200


def invalid_fields(item: dict) -> dict:
    """The field errors of an FAQ item, without saving it."""
    try:
        knowledge.validate_faq(item, None, get_bot().kb)
    except knowledge.Invalid as err:
        return err.errors
    return {}


@bp.get("/faq/<path:entry_id>/delete")
def confirm_delete_faq(entry_id: str):
    """Ask before deleting an entry, and say how to bring it back (works without JavaScript)."""
    found = knowledge.get_faq(entry_id) or abort(404)
    return render_template("admin/confirm_delete.html", bot=get_bot(), what="entry", name=found[0]["question"], version=found[1],
                           action=url_for("content.delete_faq", entry_id=entry_id), back=url_for("content.edit_faq", entry_id=entry_id))


@bp.post("/faq/<path:entry_id>/delete")
def delete_faq(entry_id: str):
    """Delete an FAQ entry (it stays in the history and can be restored)."""
    found = knowledge.get_faq(entry_id)
    try:
        change = knowledge.delete_faq(entry_id, expected=expected_version(), staff=g.staff["name"])
    except knowledge.Conflict as err:
        return conflict(err, "", url_for("content.edit_faq", entry_id=entry_id))
    saved(change, f"Deleted \u201c{found[0]['question'] if found else entry_id}\u201d. To bring it back, open it under Deleted below (or in History) and press "
                  "\u201cRestore the version before this change\u201d.")
    return redirect(url_for("content.content"))


@bp.route("/section/new", methods=["GET", "POST"])
@bp.route("/section/<section_id>", methods=["GET", "POST"])
def edit_section(section_id: str | None = None):
    """Create or edit a document section, with a Markdown preview."""
    found = knowledge.get_section(section_id) if section_id else None
    if section_id and found is None:
        abort(404)
    title, body = (found[0].title, found[0].body) if found else ("", "")
    version = found[0].version if found else 0
    errors, preview = {}, None
    if request.method == "POST":
        new_id = section_id or request.form.get("id", "").strip()
        title, body, version = request.form.get("title", ""), request.form.get("body", ""), expected_version()
        if request.form.get("action") == "preview":
            preview = render_markdown(body)
        else:
            try:
                change = knowledge.save_section(new_id, title, body, expected=version, staff=g.staff["name"], document=request.form.get("document"),
                                             creating=found is None)
            except knowledge.Conflict as err:
                return conflict(err, f"## {title}\n\n{body.strip()}\n", request.path)
            except knowledge.Invalid as err:
                errors = err.errors
            else:
                saved(change, f"Saved the section {new_id!r}.")
                return redirect(url_for("content.edit_section", section_id=new_id))
    documents = [d.id for d in get_bot().kb.documents]
    return render_template("admin/section.html", bot=get_bot(), section_id=section_id, title=title, body=body, errors=errors, version=version,
                           preview=preview, documents=documents, changes=revisions.recent(20, "section", section_id) if section_id else []), 400 if errors else 200


@bp.get("/section/<section_id>/delete")
def confirm_delete_section(section_id: str):
    """Ask before deleting a section, and say how to bring it back."""
    found = knowledge.get_section(section_id) or abort(404)
    return render_template("admin/confirm_delete.html", bot=get_bot(), what="section", name=found[0].title, version=found[0].version,
                           action=url_for("content.delete_section", section_id=section_id), back=url_for("content.edit_section", section_id=section_id))


@bp.post("/section/<section_id>/delete")
def delete_section(section_id: str):
    """Delete a document section (restorable from the history)."""
    try:
        change = knowledge.delete_section(section_id, expected=expected_version(), staff=g.staff["name"])
    except knowledge.Conflict as err:
        return conflict(err, "", url_for("content.edit_section", section_id=section_id))
    except knowledge.Invalid as err:
        flash(next(iter(err.errors.values())), "error")
        return redirect(url_for("content.edit_section", section_id=section_id))
    saved(change, f"Deleted the section {section_id!r}. To bring it back, open it under Deleted below (or in History) and press "
                  "\u201cRestore the version before this change\u201d.")
    return redirect(url_for("content.content"))


@bp.route("/file/<name>", methods=["GET", "POST"])
def edit_file(name: str):
    """Edit the synonyms, the not-covered topics or the messages as text, validated before saving."""
    if name not in knowledge.FILES:
        abort(404)
    if name == SETTINGS_FILE and g.staff.get("role") != "admin":
        abort(403, description="The clinic's details and the bot's own messages (the urgent help among them) are settings: only an admin can change them.")
    text, version, errors = knowledge.file_text(name) or "", knowledge.file_version(name), {}
    if request.method == "POST":
        text, version = request.form.get("text", ""), expected_version()
        try:
            change = knowledge.save_file(name, text, expected=version, staff=g.staff["name"])
        except knowledge.Conflict as err:
            return conflict(err, text, request.path)
        except knowledge.Invalid as err:
            errors = err.errors
        else:
            saved(change, f"Saved {name}.")
            return redirect(url_for("content.edit_file", name=name))
    return render_template("admin/file.html", bot=get_bot(), name=name, text=text, errors=errors, version=version,
                           changes=revisions.recent(20, "file", name)), 400 if errors else 200


@bp.app_template_filter("local_time")
def local_time_filter(stamp: str) -> str:
    """A stored UTC time in the clinic's time zone (TIMEZONE)."""
    return changes.local_time(stamp, current_app.config.get("TIMEZONE") or "")


@bp.app_template_filter("action_label")
def action_label_filter(action: str) -> str:
    """A history action in words: "Changed", "Deleted"..."""
    return changes.ACTIONS.get(action, action)


@bp.get("/history")
def audit():
    """Every change, newest first: when, who, and what it was about, in words."""
    kb, rows = get_bot().kb, revisions.recent(500)
    for row in rows:
        row["subject"] = changes.subject(row, kb)
        if row["subject"] == row["target"] and row["kind"] in ("faq", "section"):  # deleted since: its own text says what it was
            row["subject"] = changes.subject(revisions.get(row["id"]), kb)
        row["what"] = changes.kind_label(row)
    return render_template("admin/history.html", bot=get_bot(), changes=rows)


@bp.get("/history/<int:change_id>")
def show_change(change_id: int):
    """One change: who, when, what it was about, and field by field the words it took away and added."""
    change = revisions.get(change_id) or abort(404)
    return render_template("admin/change.html", bot=get_bot(), change=change, subject=changes.subject(change, get_bot().kb),
                           what=changes.kind_label(change), fields=changes.field_changes(change, {k: s.title for k, s in get_bot().kb.sections().items()}))


@bp.post("/history/<int:change_id>/restore")
def restore(change_id: int):
    """Put back the version before or after a change (also brings back deleted entries)."""
    change = revisions.get(change_id) or abort(404)
    text = change["before"] if request.form.get("which") == "before" else change["after"]
    try:
        restored = knowledge.restore(change["kind"], change["target"], text, staff=g.staff["name"], kb=get_bot().kb)
    except knowledge.Invalid as err:
        flash("That version cannot be restored as it is: " + "; ".join(err.errors.values()), "error")
        return redirect(url_for("content.show_change", change_id=change_id))
    except knowledge.Conflict as err:
        flash(f"Not restored: {err}", "error")
        return redirect(url_for("content.show_change", change_id=change_id))
    saved(restored, f"Restored {change['target']!r} as it was {'before' if request.form.get('which') == 'before' else 'after'} change #{change_id}.")
    return redirect(url_for("content.show_change", change_id=change_id))
