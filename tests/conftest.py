"""Shared fixtures: an app over a temporary copy of the shipped knowledge base."""

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
    return create_app({"TESTING": True, "KNOWLEDGE_DIR": str(knowledge_dir), "RELOAD_INTERVAL": 0, "DATABASE": str(tmp_path / "bot.sqlite")})


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
