"""Staff import: a Markdown or plain-text document, or a CSV of questions and answers, previewed before anything is written."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.kbformat import rows as importer
from bot.kbformat.reader import Content, KnowledgeError, parse_document, slugify
from bot.store import db, knowledge
from bot.store.models import Document, FaqEntry
from bot.web.auth import login_required
from bot.web.content import warn_if_hidden
from bot.web.live import get_bot

bp = Blueprint("imports", __name__, url_prefix="/admin")
KINDS = {"document": "A document (Markdown or plain text)", "faq": "Questions and answers (CSV with question and answer columns)"}


@bp.before_request
@login_required
def require_staff():
    """Import needs a signed-in staff member."""


def submitted_text() -> tuple[str, str]:
    """The uploaded or pasted text, and a name for it."""
    upload = request.files.get("file")
    if upload and upload.filename:
        data = upload.read()
        name = Path(upload.filename).stem
    else:
        data = request.form.get("text", "").encode("utf-8")
        name = request.form.get("name", "")
    return importer.decode(data), slugify(request.form.get("name") or name or "imported")


# A clinic's FAQ page is a few hundred questions. Past this, an import through a web request
# (parsing, writing, rebuilding the index) would hold a worker long enough to keep visitors
# waiting; `flask kb import` on the server has no such limit.
MAX_ROWS = 5000


def preview_of(kind: str, text: str, name: str):
    """What would be imported: a parsed document or checked FAQ rows (errors raise)."""
    if kind == "document":
        if db.session.execute(select(Document.id).where(Document.key == name)).first():
            raise importer.ImportFileError(None, f"a document named {name!r} exists already; pick another name")
        markdown = importer.plain_to_markdown(text)
        try:
            document = parse_document(Path(f"documents/{name}.md"), markdown)
        except KnowledgeError as err:
            raise importer.ImportFileError(err.line, err.message) from None
        known = set(get_bot().kb.sections())
        clash = next((s.id for s in document.sections if s.id in known), None)
        if clash:
            raise importer.ImportFileError(None, f"the section id {clash!r} is already used; rename that heading")
        return markdown, document
    raw = list(importer.with_ids(importer.read_simple_csv(text.encode("utf-8"))))
    if len(raw) > MAX_ROWS:
        raise importer.ImportFileError(None, f"the file has {len(raw):,} rows; the admin imports up to {MAX_ROWS:,} at a time "
                                             "(larger files: flask kb import on the server)")
    rows = importer.parse_rows(raw, {e.id for e in get_bot().kb.entries})
    if db.session.execute(select(FaqEntry.id).where(FaqEntry.file == name)).first():
        raise importer.ImportFileError(None, f"questions were imported under the name {name!r} before; pick another name")
    return text, rows


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """Upload or paste, see the preview, then import it (all or nothing)."""
    kind = request.form.get("kind", "document")
    if request.method == "GET" or kind not in KINDS:
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind="document", preview=None)
    try:
        text, name = submitted_text()
        content, preview = preview_of(kind, text, name)
    except importer.ImportFileError as err:
        flash(f"Nothing was imported: {err}.", "error")
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind=kind, preview=None, text=request.form.get("text", "")), 400
    if request.form.get("action") != "write":
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind=kind, preview=preview, content=content, name=name)
    try:
        message = write(kind, name, preview)
    except knowledge.Invalid as err:
        flash(f"Nothing was imported: {'; '.join(err.errors.values())}", "error")
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind=kind, preview=None), 400
    current_app.extensions["knowledge"].refresh()
    flash(message, "info")
    warn_if_hidden(None)
    return redirect(url_for("content.content"))


def write(kind: str, name: str, preview) -> str:
    """Import the previewed document or rows in one transaction, with its history row; says what was done."""
    if kind == "document":
        knowledge.import_content(Content(documents=[preview]), staff=g.staff["name"], whole=False)
        return f"Imported the document {name!r}: {len(preview.sections)} sections."
    items = [{**row.to_item(), "file": name} for row in preview]
    knowledge.import_content(Content(faqs=items), staff=g.staff["name"], whole=False)
    return f"Imported {len(preview)} FAQ {'entry' if len(preview) == 1 else 'entries'} as {name!r}."
