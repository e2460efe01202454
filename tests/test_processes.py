"""Crash safety and several server processes, with real processes."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
ANSWERS = ["A" * 3000 + " old.", "B" * 3000 + " new."]

WRITER = """
import os
from app import create_app
from bot.store import knowledge
app = create_app({"DATABASE_URL": os.environ["DATABASE_URL"], "KNOWLEDGE_DIR": os.environ["KNOWLEDGE_DIR"], "SECRET_KEY": "s"})
answers = ["A" * 3000 + " old.", "B" * 3000 + " new."]
i = 0
print("ready", flush=True)
with app.app_context():
    while True:
        item, version = knowledge.get_faq("what-is-glutamate")
        knowledge.save_faq({**item, "answer": answers[i % 2]}, replacing="what-is-glutamate", expected=version, staff="writer")
        i += 1
"""


@pytest.mark.parametrize("delay", [0.05, 0.5])
def test_save_killed_mid_transaction_leaves_the_change_with_its_history_or_neither(make_app, database_url, knowledge_dir, delay):
    from sqlalchemy import select

    from bot.store import db, knowledge
    from bot.store.models import Revision

    make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})  # the store, set up and seeded
    env = {**os.environ, "DATABASE_URL": database_url, "KNOWLEDGE_DIR": str(knowledge_dir)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    with app.app_context():
        item, version = knowledge.get_faq("what-is-glutamate")
        newest = db.session.execute(select(Revision).where(Revision.target == "what-is-glutamate").order_by(Revision.id.desc()).limit(1)).scalar()
        saves = db.session.execute(select(Revision.id).where(Revision.target == "what-is-glutamate")).all()
    assert len(saves) == version - 1, "one history row for every save that is live"
    if saves:
        assert item["answer"] in ANSWERS
        assert yaml.safe_load(newest.after)["answer"] == item["answer"], "the live answer is the one the newest history row saved"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not start")


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request, timeout=5).read())


def flask_command(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `flask ARGS` as a process of its own, as an administrator would."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env, input=stdin, text=True, capture_output=True, timeout=120)


def start_servers(env: dict, count: int = 2) -> tuple[list[subprocess.Popen], list[str]]:
    """`count` gunicorn servers (2 workers each) on the same database."""
    ports = [free_port() for _ in range(count)]
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind"]
    servers = [subprocess.Popen([*gunicorn, f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for port in ports]
    return servers, [f"http://127.0.0.1:{port}" for port in ports]


def stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def server_env(database_url, knowledge_dir):
    """The environment of every server and command of one clinic: one database, one secret key."""
    return {**os.environ, "FLASK_KNOWLEDGE_DIR": str(knowledge_dir), "FLASK_DATABASE_URL": database_url, "FLASK_SECRET_KEY": "shared-secret",
            "FLASK_RELOAD_INTERVAL": "1"}


@pytest.fixture
def two_servers(server_env):
    result = flask_command(server_env, "staff", "add", "nurse", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    servers, urls = start_servers(server_env)
    try:
        for url in urls:
            wait_until_up(url)
        yield urls
    finally:
        stop(servers)


class Browser:
    """A staff member's browser: cookies kept, forms posted with their CSRF token."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def post(self, url: str, fields: dict, form_url: str | None = None) -> tuple[int, str]:
        page = self.get(form_url or url)[1]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=data), timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()


def test_edit_through_one_server_is_answered_by_the_other_within_2_s(two_servers):
    first, second = two_servers
    question = "Can I bring my service dog to the infusion?"
    assert post_json(second + "/api/ask", {"question": question})["status"] == "fallback"
    staff = Browser()
    staff.post(first + "/admin/login", {"name": "nurse", "password": PASSWORD})
    staff.post(first + "/admin/faq/new", {"version": "0", "id": "service-dogs", "question": question, "answer": "Yes, service dogs are welcome."})
    saved_at = time.time()
    while True:
        body = post_json(second + "/api/ask", {"question": question})
        if body["status"] == "answered":
            break
        assert time.time() - saved_at < 2.0, "the other server did not answer from the edit within 2 s"
        time.sleep(0.05)
    assert body["sources"][0]["id"] == "service-dogs"
    status, page = staff.get(second + "/admin/history")
    assert status == 200 and "service-dogs" in page, "the staff session made on one server is valid on the other"
    staff.post(first + "/admin/logout", {}, form_url=first + "/admin/")
    assert "Sign in" in staff.get(second + "/admin/")[1], "signing out on one server ends the session on both"


def test_sign_in_throttling_counts_are_shared_between_servers(two_servers):
    first, second = two_servers
    guesser = Browser()
    for i in range(5):  # the limit, spread over both servers
        guesser.post((first, second)[i % 2] + "/admin/login", {"name": "nurse", "password": "wrong password!"})
    status, _ = guesser.post(second + "/admin/login", {"name": "nurse", "password": PASSWORD})
    assert status == 401, "the right password from the guessing address waits: both servers counted the guesses"


def test_an_empty_database_is_set_up_and_imported_by_commands_then_served(empty_database_url, tmp_path):
    """The bar of the store issue: `flask db upgrade`, then `flask kb import one-entry.jsonl` in one
    process; another process answers that entry with its id."""
    env = {**os.environ, "FLASK_DATABASE_URL": empty_database_url, "FLASK_SECRET_KEY": "shared-secret"}
    entry = tmp_path / "one-entry.jsonl"
    entry.write_text(json.dumps({"id": "parking-garage", "question": "Where can I park for my infusion?",
                                 "answer": "Park in the garage on Elm Street; we validate your ticket."}) + "\n")
    upgrade = flask_command(env, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    imported = flask_command(env, "kb", "import", str(entry))
    assert imported.returncode == 0 and "Imported 1 FAQ entry" in imported.stdout, imported.stderr
    servers, (url,) = start_servers(env, count=1)
    try:
        wait_until_up(url)
        body = post_json(url + "/api/ask", {"question": "Where can I park for my infusion?"})
    finally:
        stop(servers)
    assert body["status"] == "answered" and body["sources"][0]["id"] == "parking-garage"


def test_questions_kept_in_memory_are_written_when_the_server_stops(server_env, make_app, knowledge_dir):
    from bot.store import questions

    asked = ["Do you validate parking tickets?", "Is the parking lot open on weekends?", "Do you take Blue Cross insurance?", "Can I bring my service dog?"]
    servers, (url,) = start_servers({**server_env, "FLASK_USAGE_FLUSH_SECONDS": "3600"}, count=1)
    reader = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    try:
        wait_until_up(url)
        for question in asked * 3:  # spread over the server's two workers
            assert post_json(url + "/api/ask", {"question": question})["status"] == "fallback"
        with reader.app_context():
            assert questions.groups() == [], "kept in the workers' memory: no reply waited for the store"
    finally:
        stop(servers)
    with reader.app_context():
        assert sorted((g["question"], g["times"]) for g in questions.groups()) == sorted((q, 3) for q in asked), "all written when it stopped"
