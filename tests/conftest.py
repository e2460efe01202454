"""Shared fixtures: an app over a temporary copy of the shipped knowledge base, with a fresh store
per test, on SQLite and on a throwaway PostgreSQL server (each app test runs on both)."""

import gc
import itertools
import re
import shutil
from pathlib import Path

import pytest

from app import create_app
from tests import pgserver

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "store_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A throwaway PostgreSQL server with a migrated, empty store as a template database; or the
    reason there is none (PostgreSQL tests are then skipped with it)."""
    server, reason = pgserver.start_or_skip_reason()
    if server is None:
        yield None, reason
        return
    try:
        pgserver.create_database(server.url, TEMPLATE)
        empty = tmp_path_factory.mktemp("empty-knowledge")
        template = create_app({"TESTING": True, "KNOWLEDGE_DIR": str(empty), "SECRET_KEY": "s", "DATABASE_URL": pgserver.url_for_database(server.url, TEMPLATE)})
        close_connections(template)  # a template database must have none
        yield server, None
    finally:
        server.stop()


def fresh_database(backend: str, tmp_path: Path, postgres, template: str | None):
    """A new database for one test (a generator for a fixture): a SQLite file, or a PostgreSQL
    database, copied from `template` or with no tables at all; dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'store-{next(_numbers)}.sqlite'}"
        return
    server, reason = postgres
    if server is None:
        pytest.skip(f"no PostgreSQL server: {reason}")
    name = f"test_{next(_numbers)}"
    pgserver.create_database(server.url, name, template=template)
    yield pgserver.url_for_database(server.url, name)
    pgserver.drop_database(server.url, name)


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, postgres):
    """A fresh database for one test, its tables made (on PostgreSQL, copied from the migrated template)."""
    yield from fresh_database(request.param, tmp_path, postgres, TEMPLATE)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path, postgres):
    """A database with nothing in it: no tables at all."""
    yield from fresh_database(request.param, tmp_path, postgres, None)


TESTS_PER_COLLECTION = 40  # of the tests that build apps
_tests_with_apps = itertools.count(1)


@pytest.fixture
def make_app(database_url):
    """Build an app for this test: the test's database unless the config names another."""
    apps = []

    def _make_app(config: dict):
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "RELOAD_INTERVAL": 0, "KEEP_FITS": False, "DATABASE_URL": database_url, **config})
        apps.append(app)
        return app

    yield _make_app
    for app in apps:  # so the test's database can be dropped
        close_connections(app)
    # A build moves everything alive into the collector's permanent generation (live.quiet_build): in a
    # server, its one app and bot; here, every earlier test's app too. Handing them back lets the
    # collector free the apps this test is done with; an app is a web of reference cycles, which only
    # a full collection frees, and with half a million long-lived objects one seldom runs by itself:
    # one every TESTS_PER_COLLECTION tests keeps the suite near 1 GB instead of 10 (about a second each).
    gc.unfreeze()
    if next(_tests_with_apps) % TESTS_PER_COLLECTION == 0:
        gc.collect()


def close_connections(app) -> None:
    """Close an app's pooled database connections (after its rebuild, if one is running, and after
    writing what it kept in memory, as a worker does when it exits)."""
    from bot.store import db
    from bot.web import usage

    live = app.extensions.get("knowledge")
    if live is not None:
        live.stop()
    usage.forget(app)  # written now, and no longer held for the exit
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge folder."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


@pytest.fixture
def app(make_app, knowledge_dir: Path):
    """The app, with its own store seeded from the temporary knowledge folder."""
    return make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})


@pytest.fixture
def reimport(app, knowledge_dir: Path):
    """After a test changed files of the knowledge folder: import the folder into the store (as
    `flask kb import` does) and wait until the bot answers from it."""

    def _reimport(folder: Path = knowledge_dir):
        from bot.kbformat.reader import read_folder
        from bot.store import knowledge

        with app.app_context():
            knowledge.import_content(read_folder(folder), staff="test", whole=True)
        app.extensions["knowledge"].refresh()

    return _reimport


@pytest.fixture
def client(app):
    """A test client for HTTP requests."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the `flask` CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def ask(client):
    """POST a question to /api/ask and return the JSON reply (asserting 200)."""

    def _ask(question: str) -> dict:
        response = client.post("/api/ask", json={"question": question})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    return _ask


CSRF_RE = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
PASSWORD = "correct horse battery"


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form at `path`."""
    found = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


class AuthActions:
    """Create a staff account, sign in and out, through the public surface."""

    def __init__(self, client, runner):
        self._client, self._runner = client, runner

    def create(self, name: str = "nurse", password: str = PASSWORD):
        result = self._runner.invoke(args=["staff", "add", name, "--password-stdin"], input=password + "\n")
        assert result.exit_code == 0, result.output

    def login(self, name: str = "nurse", password: str = PASSWORD):
        token = csrf_token(self._client, "/admin/login")
        return self._client.post("/admin/login", data={"name": name, "password": password, "csrf_token": token})

    def logout(self):
        return self._client.post("/admin/logout", data={"csrf_token": csrf_token(self._client, "/admin/")})


@pytest.fixture
def auth(client, runner):
    """Staff account helpers (see AuthActions)."""
    return AuthActions(client, runner)
