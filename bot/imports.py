"""Staff import: a Markdown or plain-text document, or a CSV of questions and answers, previewed before anything is written."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from bot import editor, importer
from bot.auth import login_required
from bot.knowledge import get_bot
from bot.loader import KnowledgeError, parse_document, slugify

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


def preview_of(kind: str, text: str, name: str, folder: Path):
    """What would be written: a parsed document or checked FAQ rows (errors raise)."""
    if kind == "document":
        if (folder / "documents" / f"{name}.md").exists():
            raise importer.ImportFileError(None, f"a document named {name!r} exists already; pick another name")
        markdown = importer.plain_to_markdown(text)
        try:
            document = parse_document(folder / "documents" / f"{name}.md", markdown)
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
    rows = importer.parse_rows(raw, importer.existing_ids(folder))
    importer.target_path(Path(f"{name}.csv"), folder)
    return text, rows


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """Upload or paste, see the preview, then write it (all or nothing)."""
    kind = request.form.get("kind", "document")
    if request.method == "GET" or kind not in KINDS:
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind="document", preview=None)
    folder = Path(current_app.config["KNOWLEDGE_DIR"])
    try:
        text, name = submitted_text()
        content, preview = preview_of(kind, text, name, folder)
    except importer.ImportFileError as err:
        flash(f"Nothing was imported: {err}.", "error")
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind=kind, preview=None, text=request.form.get("text", "")), 400
    if request.form.get("action") != "write":
        return render_template("admin/import.html", bot=get_bot(), kinds=KINDS, kind=kind, preview=preview, content=content, name=name)
    write(kind, name, content, preview, folder)
    return redirect(url_for("edit.content"))


def write(kind: str, name: str, content: str, preview, folder: Path) -> None:
    """Record the previewed import in the history, then write it atomically."""
    if kind == "document":
        path = folder / "documents" / f"{name}.md"
        with editor.locked(folder):
            editor.commit(path, content, editor.Change("file", f"documents/{name}.md", "create", "", content))
        message = f"Imported the document {name!r}: {len(preview.sections)} sections."
    else:
        path = importer.target_path(Path(f"{name}.csv"), folder)
        text = importer.to_yaml(preview, f"{name}.csv")
        with editor.locked(folder):
            editor.commit(path, text, editor.Change("file", f"faq/{path.name}", "create", "", text))
        message = f"Imported {len(preview)} FAQ entries into {path.name}."
    current_app.extensions["knowledge"].refresh()
    flash(message, "info")
