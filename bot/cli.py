"""Command line: `flask ask`, `flask kb check`, `flask eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from bot import importer, staff
from bot.evaluation import EvalFileError, evaluate, parse_items
from bot.knowledge import get_bot
from bot.loader import KnowledgeError, load, problems

kb_cli = AppGroup("kb", help="Check and manage the knowledge folder.")
staff_cli = AppGroup("staff", help="Manage staff accounts for the admin.")


@staff_cli.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
def staff_add_command(name: str, password_stdin: bool) -> None:
    """Create a staff account NAME; the password is asked for and stored hashed."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        staff.add(name, password)
    except staff.StaffError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Created the staff account {name!r}. Sign in at /admin.")


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
    """Delete the staff account NAME."""
    if not staff.remove(name):
        raise click.ClickException(f"There is no staff account named {name!r}.")
    click.echo(f"Removed the staff account {name!r}.")


@staff_cli.command("list")
def staff_list_command() -> None:
    """List the staff accounts."""
    for name in staff.names():
        click.echo(name)


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


@kb_cli.command("check")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), help="Knowledge folder (default: KNOWLEDGE_DIR).")
def check_command(folder: Path | None) -> None:
    """Validate every file of the knowledge folder; each bad one is an error line (exit status 1)."""
    folder = folder or Path(current_app.config["KNOWLEDGE_DIR"])
    found = problems(folder)
    for err in found:
        click.echo(f"Error: {err}", err=True)
    if found:
        raise SystemExit(1)
    kb = load(folder)
    kinds = {k: sum(e.kind == k for e in kb.entries) for k in ("faq", "passage", "not_covered")}
    click.echo(
        f"{folder}: OK - {len(kb.documents)} documents, {kinds['passage']} passages, "
        f"{kinds['faq']} FAQ entries, {kinds['not_covered']} not-covered topics, {len(kb.synonyms)} synonym groups"
    )


PROGRESS_FROM = 1000


@kb_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "folder", type=click.Path(file_okay=False, path_type=Path), help="Knowledge folder to write to (default: KNOWLEDGE_DIR).")
@click.option("--replace", is_flag=True, help="Overwrite the entries imported from a file of the same name before.")
def import_command(file: Path, folder: Path | None, replace: bool) -> None:
    """Import FAQ entries from FILE (.jsonl or .csv: id, question, answer[, url, source, alternates])."""
    folder = folder or Path(current_app.config["KNOWLEDGE_DIR"])
    try:
        target = importer.target_path(file, folder, replace=replace)
        known = importer.existing_ids(folder, ignore=target if replace else None)
        raw = list(importer.read_rows(file.read_bytes(), importer.format_for(file)))
        with click.progressbar(raw, label=f"Checking {len(raw)} entries", file=sys.stderr, hidden=len(raw) < PROGRESS_FROM) as bar:
            rows = importer.parse_rows(bar, known)
        written = importer.write(rows, file, folder, replace=replace)
    except importer.ImportFileError as err:
        raise click.ClickException(f"{file}: {err} (nothing was written)") from None
    except KnowledgeError as err:
        raise click.ClickException(f"the knowledge folder has an error, fix it first: {err}") from None
    click.echo(f"Imported {len(rows)} FAQ entries into {written}")


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
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    """Register the commands with the app's `flask` CLI."""
    app.cli.add_command(ask_command)
    app.cli.add_command(eval_command)
    app.cli.add_command(kb_cli)
    app.cli.add_command(staff_cli)
