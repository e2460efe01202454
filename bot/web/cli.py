"""Command line: `flask ask`, `flask kb check|import|export`, `flask staff ...`, `flask eval`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from bot.engine.answer import Bot
from bot.engine.contact import NO_CONTACT, has_contact
from bot.engine.evaluation import EvalFileError, evaluate, parse_items
from bot.engine.shadowing import shadows
from bot.kbformat import rows as importer
from bot.kbformat import writer
from bot.kbformat.reader import Content, KnowledgeError, check_unique_ids, file_name, load, problems, questions_claimed_twice, read_folder
from bot.store import db, knowledge, staff
from bot.store.models import FaqEntry
from bot.web.live import get_bot

kb_cli = AppGroup("kb", help="Check, import and export the knowledge.")
staff_cli = AppGroup("staff", help="Manage staff accounts for the admin.")


@staff_cli.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@click.option("--role", type=click.Choice(staff.ROLES), default="admin", show_default=True,
              help="admin: also manages accounts and the bot's messages; editor: edits the content.")
def staff_add_command(name: str, password_stdin: bool, role: str) -> None:
    """Create a staff account NAME; the password is asked for and stored hashed. The first account
    comes from here; after that, an admin can invite others from the admin's Accounts page."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        staff.add(name, password, role)
    except staff.StaffError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Created the staff account {name!r} ({role}). Sign in at /admin.")


@staff_cli.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input instead of a prompt.")
def staff_password_command(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every session of the account ends."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        staff.set_password(name, password)
    except staff.StaffError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Changed the password of {name!r}; its sessions have ended.")


@staff_cli.command("remove")
@click.argument("name")
def staff_remove_command(name: str) -> None:
    """Delete the staff account NAME (not the only admin)."""
    try:
        removed = staff.remove(name)
    except staff.StaffError as err:
        raise click.ClickException(str(err)) from None
    if not removed:
        raise click.ClickException(f"There is no staff account named {name!r}.")
    click.echo(f"Removed the staff account {name!r}.")


@staff_cli.command("list")
def staff_list_command() -> None:
    """List the staff accounts and their roles."""
    accounts = staff.accounts()
    if not accounts:
        click.echo("No staff accounts yet: create the first with `flask staff add NAME`.", err=True)
    for account in accounts:
        click.echo(f"{account['name']}\t{account['role']}")


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the reply as the API's JSON.")
@with_appcontext
def ask_command(question: str, as_json: bool) -> None:
    """Print the bot's reply to QUESTION."""
    reply = get_bot().ask(question)
    if as_json:
        click.echo(json.dumps(reply.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"[{reply.status}] confidence {reply.confidence:.2f}")
    click.echo(reply.answer)
    for source in reply.sources:
        click.echo(f"  source: {source.id} ({source.score:.2f}) {source.title} {source.url}")
    for suggestion in reply.suggestions:
        click.echo(f"  did you mean: {suggestion}")


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` things in words: "1 document", "2 documents"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@kb_cli.command("check")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), help="Check a knowledge folder instead of the store.")
def check_command(folder: Path | None) -> None:
    """Validate the store's knowledge, or every file of a knowledge folder (each bad one is an error line, exit status 1)."""
    if folder is not None:
        found = problems(folder)
        for err in found:
            click.echo(f"Error: {err}", err=True)
        if found:
            raise SystemExit(1)
        kb, where = load(folder), str(folder)
    else:
        kb, where = knowledge.read_kb(), "the store"
        try:
            check_unique_ids(kb.entries)
        except KnowledgeError as err:
            raise click.ClickException(f"the store: {err.message}") from None
        if not any(e.kind != "not_covered" for e in kb.entries):
            raise click.ClickException("the store has no documents or FAQ entries to answer from; import a knowledge folder")
    kinds = {k: sum(e.kind == k for e in kb.entries) for k in ("faq", "passage", "not_covered")}
    click.echo(
        f"{where}: OK - {counted(len(kb.documents), 'document')}, {counted(kinds['passage'], 'passage')}, "
        f"{counted(kinds['faq'], 'FAQ entry', 'FAQ entries')}, {counted(kinds['not_covered'], 'not-covered topic')}, "
        f"{counted(len(kb.synonyms), 'synonym group')}"
    )
    if not has_contact(kb.messages.get("clinic", {})):
        click.echo(f"Warning: {NO_CONTACT}", err=True)
    for twice in questions_claimed_twice(kb.entries):
        click.echo(f"Warning: {twice}: the bot cannot tell which of the two a visitor asking it means.", err=True)
    for h in shadows(Bot(kb)):
        click.echo(f"Warning: visitors asking {h.question!r} are told it is not covered: the not-covered topic {h.topic_id!r} "
                   f"(phrasing {h.phrasing!r}) matches it better than {h.entry_id!r}.", err=True)


PROGRESS_FROM = 1000


@kb_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="A file: put its entries in place of those imported from a file of the same name before.")
@click.option("--into", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="A file: write its entries into this knowledge folder (new or not) as faq/<name>.yaml, instead of the store.")
def import_command(path: Path, replace: bool, folder: Path | None) -> None:
    """Import PATH into the store: a knowledge folder (it becomes the whole knowledge), or FAQ entries
    from a .jsonl or .csv file (id, question, answer[, url, source, alternates])."""
    try:
        if path.is_dir():
            changes = knowledge.import_content(read_folder(path), staff="flask kb import", whole=True)
            removed = [c.target for c in changes if c.action == "delete"]
            changed = len(changes) - len(removed)
            click.echo(f"Imported the knowledge folder {path} as the whole knowledge: {changed} file{'' if changed == 1 else 's'} changed"
                       + (f", {len(removed)} removed: {', '.join(sorted(removed))}" if removed else ""))
            return
        name = file_name(path.stem)
        if folder is not None:
            written = import_into_folder(path, name, folder, replace)
            click.echo(f"Imported {written} FAQ {'entry' if written == 1 else 'entries'} into {folder / 'faq' / f'{name}.yaml'}")
            return
        imported_before = db.session.execute(select(FaqEntry.id).where(FaqEntry.file == name).limit(1)).first()
        if imported_before and not replace:
            raise importer.ImportFileError(None, f"entries were imported from a file named {name!r} before; use --replace to put these in their place")
        known = set(db.session.execute(select(FaqEntry.key).where(FaqEntry.file != name)).scalars())
        known |= {e.id for e in knowledge.read_kb().entries if e.kind != "faq"}
        items = [{**row.to_item(), "file": name} for row in checked_rows(path, known)]
        knowledge.import_content(Content(faqs=items), staff="flask kb import", whole=False)
        if imported_before:
            click.echo(f"Replaced the entries imported before from a file named {name!r}.")
    except importer.ImportFileError as err:
        raise click.ClickException(f"{path}: {err} (nothing was imported)") from None
    except KnowledgeError as err:
        raise click.ClickException(f"{err} (nothing was imported)") from None
    except knowledge.Invalid as err:
        raise click.ClickException(f"{path}: {'; '.join(err.errors.values())} (nothing was imported)") from None
    click.echo(f"Imported {len(items)} FAQ {'entry' if len(items) == 1 else 'entries'} from {path}")


def checked_rows(path: Path, known: set[str]) -> list[importer.FaqRow]:
    """The rows of a JSONL or CSV file, every one checked (a progress bar for large files). The raw
    rows are read one at a time, each dropped once checked."""
    data, fmt = path.read_bytes(), importer.format_for(path)
    raw = importer.read_rows(data, fmt)
    if fmt == "jsonl":
        count = len(re.findall(rb"^[ \t]*[^\s]", data, re.M))  # a row a line that is not blank
    else:
        raw = list(raw)  # a CSV row may span lines: counted by reading them
        count = len(raw)
    with click.progressbar(raw, length=count, label=f"Checking {count} entries", file=sys.stderr, hidden=count < PROGRESS_FROM) as bar:
        return importer.parse_rows(bar, known)


def import_into_folder(path: Path, name: str, folder: Path, replace: bool) -> int:
    """Convert a JSONL or CSV file into faq/<name>.yaml of a knowledge folder (the store is not touched)."""
    target = folder / "faq" / f"{name}.yaml"
    if target.exists() and not replace:
        raise importer.ImportFileError(None, f"{target} already exists; use --replace to overwrite it")
    has_content = any(folder.glob("documents/*.md")) or any(folder.glob("faq/*.yaml"))
    known = {e.id for e in load(folder).entries if Path(e.path) != target} if has_content else set()
    rows = checked_rows(path, known)
    writer.write_atomic(target, writer.faq_file_text([row.to_item() for row in rows]))
    return len(rows)


@kb_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(folder: Path) -> None:
    """Write the store's knowledge to FOLDER as a knowledge folder (to review in git, back up, or import elsewhere)."""
    written = knowledge.export(folder)
    click.echo(f"Exported the knowledge to {folder}: {len(written)} files")


@click.command("eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min", "minimum", type=click.FloatRange(0, 1), help="Exit with status 1 below this overall score (0..1).")
@click.option("--failures/--no-failures", default=True, help="List each item the bot got wrong (the default).")
@with_appcontext
def eval_command(path: Path, minimum: float | None, failures: bool) -> None:
    """Score the bot on a question set (JSONL, the format of dev.jsonl)."""
    try:
        items = parse_items(path.read_text(encoding="utf-8").splitlines())
    except (EvalFileError, UnicodeDecodeError) as err:
        raise click.ClickException(f"{path}: {err}") from None
    bot = get_bot()
    report = evaluate(lambda q: bot.ask(q).to_dict(), items)
    for kind, (right, total) in report.by_kind().items():
        click.echo(f"{kind:10s} {right}/{total}")
    for o in report.failures if failures else ():
        click.echo(f"FAIL {o.item.id} | expected {o.item.expect}, got {o.status} | {o.item.q} | {o.answer[:90]!r}")
    click.echo(f"wrong answers {report.wrong_answers} ({report.wrong_answers / len(items):.1%})")
    click.echo(f"overall {report.accuracy:.1%} of {len(items)}")
    if minimum is not None and report.accuracy < minimum:
        click.echo(f"Below --min: {report.accuracy:.1%} is under {minimum:.1%}.", err=True)
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    """Register the commands with the app's `flask` CLI."""
    app.cli.add_command(ask_command)
    app.cli.add_command(eval_command)
    app.cli.add_command(kb_cli)
    app.cli.add_command(staff_cli)
