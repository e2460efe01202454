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
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bot.kbformat.reader import load

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"

WRITER = """
import sys
from pathlib import Path
from bot import editor
folder = Path(sys.argv[1])
answers = ["A" * 3000 + " old.", "B" * 3000 + " new."]
i = 0
print("ready", flush=True)
while True:
    found = editor.find_faq(folder, "what-is-glutamate")
    item = {**found[2], "answer": answers[i % 2]}
    editor.save_faq(folder, item, replacing="what-is-glutamate", expected=editor.version(editor.faq_text(found[2])))
    i += 1
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_save_killed_mid_write_leaves_old_or_new_content(knowledge_dir, delay):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(knowledge_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(delay + 0.3)  # the first save takes longer: imports and the first load
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    answer = load(knowledge_dir).entry("what-is-glutamate").answer  # the whole folder still loads
    assert answer in ("A" * 3000 + " old.", "B" * 3000 + " new.")


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


@pytest.fixture
def two_servers(knowledge_dir, tmp_path):
    env = {**os.environ, "FLASK_KNOWLEDGE_DIR": str(knowledge_dir), "FLASK_DATABASE": str(tmp_path / "bot.sqlite"), "FLASK_SECRET_KEY": "shared-secret", "FLASK_RELOAD_INTERVAL": "1"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "staff", "add", "nurse", "--password-stdin"], cwd=ROOT, env=env, input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    ports = [free_port(), free_port()]
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind"]
    servers = [subprocess.Popen([*gunicorn, f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until_up(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_edit_through_one_server_is_answered_by_the_other_within_2_s(two_servers):
    first, second = two_servers
    question = "Can I bring my service dog to the infusion?"
    assert post_json(second + "/api/ask", {"question": question})["status"] == "fallback"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def form_post(path: str, fields: dict):
        page = opener.open(first + path, timeout=5).read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return opener.open(urllib.request.Request(first + path, data=data), timeout=5)

    form_post("/admin/login", {"name": "nurse", "password": PASSWORD})
    form_post("/admin/faq/new", {"version": "absent", "id": "service-dogs", "question": "Can I bring my service dog to the infusion?", "answer": "Yes, service dogs are welcome."})
    saved_at = time.time()
    while True:
        body = post_json(second + "/api/ask", {"question": question})
        if body["status"] == "answered":
            break
        assert time.time() - saved_at < 2.0, "the other server did not answer from the edit within 2 s"
        time.sleep(0.05)
    assert body["sources"][0]["id"] == "service-dogs"
