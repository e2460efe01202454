"""Shared fixtures: an app over a temporary copy of the shipped knowledge base."""

import re
import shutil
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge folder."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


@pytest.fixture
def app(knowledge_dir: Path, tmp_path: Path):
    """The app, serving the temporary knowledge folder, with its own database."""
    return create_app(
        {"TESTING": True, "KNOWLEDGE_DIR": str(knowledge_dir), "RELOAD_INTERVAL": 0, "DATABASE": str(tmp_path / "bot.sqlite"), "SECRET_KEY": "test-secret"}
    )


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


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
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
