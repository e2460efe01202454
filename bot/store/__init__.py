"""The store: one database for the knowledge, its history, staff and visitor questions.

SQLAlchemy 2 through Flask-SQLAlchemy, migrations with Alembic through
Flask-Migrate (`flask db upgrade`). One setting, DATABASE_URL: SQLite in the
instance folder by default, `postgresql+psycopg://...` for several servers.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from bot.store.models import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's id. Start-up compares the database's with it without loading Alembic
# (a quarter of a second of every start); a test checks that it is Alembic's head.
HEAD_REVISION = "0004"
db = SQLAlchemy(model_class=Base)


def database_url(app: Flask) -> str:
    """DATABASE_URL; or the SQLite file the version before the store was told to use (DATABASE);
    or SQLite in the instance folder."""
    if app.config.get("DATABASE_URL"):
        return app.config["DATABASE_URL"]
    legacy = app.config.get("DATABASE")
    return f"sqlite:///{Path(legacy).resolve() if legacy else Path(app.instance_path) / 'clinic-bot.sqlite'}"


def is_sqlite(url: str) -> bool:
    """Whether a database URL is SQLite's."""
    return make_url(url).get_backend_name() == "sqlite"


def engine_options(url: str) -> dict:
    """Connection options: a wait for SQLite's write lock; for a server, a pool check and a
    connect timeout (a database that drops packets must not hold a worker for minutes)."""
    if is_sqlite(url):
        return {"connect_args": {"timeout": 10, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "connect_args": {"connect_timeout": 5}}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, _record) -> None:
    """SQLite: readers and one writer at once across workers, and foreign keys enforced."""
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_app(app: Flask) -> None:
    """Bind the store to the app and register `flask db`."""
    url = database_url(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))
    db.init_app(app)
    app.cli.add_command(MigrationCommands("db", help="Upgrade the database's tables (Flask-Migrate)."))


def migrations(app: Flask):
    """The app's Flask-Migrate extension, set up on first use (it loads Alembic)."""
    from flask_migrate import Migrate

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(MIGRATIONS), render_as_batch=True, command="db")
    return app.extensions["migrate"].migrate


class MigrationCommands(click.Group):
    """`flask db ...`: stands for Flask-Migrate's command group, loaded (with Alembic) only when it runs."""

    def _commands(self, ctx: click.Context | None) -> click.Group:
        from flask_migrate.cli import db as commands

        migrations(ctx.ensure_object(ScriptInfo).load_app() if ctx is not None else current_app)
        return commands

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        """Flask-Migrate's group parses the arguments (its options, its subcommands, its --help)."""
        return self._commands(parent).make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        """Flask-Migrate's group runs the command."""
        return self._commands(ctx).invoke(ctx)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for a server or memory)."""
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") else None


@contextlib.contextmanager
def setup_lock(url: str):
    """Held while the schema is upgraded and the knowledge seeded: several workers starting at
    once take turns (a file lock beside a SQLite file; an advisory lock on PostgreSQL)."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".setup-lock"), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif make_url(url).get_backend_name() == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(724311)"))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(724311)"))
                conn.commit()
    else:
        yield


def head_revision() -> str:
    """The newest migration's id, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(migrations(current_app).get_config(directory=str(MIGRATIONS))).get_current_head()


def current_revision() -> str | None:
    """The database's migration id, or None for an empty (or pre-store) database."""
    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError:
        return None


def upgrade() -> None:
    """Bring the database's tables up to date (what `flask db upgrade` does)."""
    from flask_migrate import upgrade as migrate_upgrade

    migrations(current_app)
    migrate_upgrade(directory=str(MIGRATIONS))


def protect_file(url: str) -> None:
    """A SQLite file holds visitor questions and password hashes: the owner only may read it."""
    path = sqlite_path(url)
    for file in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))) if path is not None else ():
        if file.exists():
            os.chmod(file, 0o600)
