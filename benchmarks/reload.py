"""How long an edit takes to be live on every worker, and what visitors wait meanwhile.

For each size: a store with the shipped knowledge plus N generated FAQ entries
(`flask kb import`), served by gunicorn (2 sync workers, --preload) while a
visitor thread asks questions without pause. Then one entry is added in one transaction
(as a staff save is), and the script asks its question until every worker
answers it, timed from the commit; then it waits until every worker's index is fully
fitted again (REFIT_DELAY, 5 s here, after the edit). Printed per size: the import, the
boot, how long until every worker answers the edit, and the visitor requests' median and
longest wait before the edit, until it is live, and during the full fit that follows.

Usage: python benchmarks/reload.py [--sizes 1000,100000] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed import generated_entries, queries  # noqa: E402
from tests import pgserver  # noqa: E402

NEW_QUESTION = "Is the waiting room heated for winter visits?"


def ask(url: str, question: str) -> tuple[float, dict]:
    """(seconds, reply) of one POST /api/ask."""
    request = urllib.request.Request(url + "/api/ask", data=json.dumps({"question": question}).encode(), headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    body = json.loads(urllib.request.urlopen(request, timeout=300).read())
    return time.perf_counter() - started, body


def flask(env: dict, *args: str) -> float:
    """Run a `flask` command; its wall time."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def add_entry(database_url: str) -> None:
    """Add one FAQ entry in one transaction of the store, as a staff save does (timed from its commit).
    Its modules are imported before the visitor thread starts (`measure`): an import holds this
    process's interpreter, and the visitor's waits would count it."""
    from flask import Flask

    from bot import store
    from bot.kbformat.reader import Content
    from bot.store import knowledge

    app = Flask("bench")
    app.config["DATABASE_URL"] = database_url
    store.init_app(app)
    with app.app_context():
        item = {"id": "heated-room", "question": NEW_QUESTION, "answer": "Yes, it is kept warm all winter.", "file": "bench"}
        knowledge.import_content(Content(faqs=[item]), staff="bench", whole=False)
        store.db.engine.dispose()


def visitor(url: str, stop: threading.Event, log: list[tuple[float, float]]) -> None:
    """Ask question after question until told to stop; log (finished at, seconds)."""
    texts = queries(200)
    i = 0
    while not stop.is_set():
        seconds, _ = ask(url, texts[i % len(texts)])
        log.append((time.perf_counter(), seconds))
        i += 1


def p99(values: list[float]) -> float:
    """The 99th percentile (the largest value of fewer than 100)."""
    return sorted(values)[max(int(len(values) * 0.99) - 1, 0)] if len(values) >= 100 else max(values)


def measure(size: int, database_url: str, folder: Path) -> dict:
    """One size: import, boot, then the edit's way to every worker."""
    rows = folder / f"generated-{size}.jsonl"
    with rows.open("w") as out:
        for entry in generated_entries(size):
            out.write(json.dumps({"id": entry.id, "question": entry.answer.split(". ")[0] + "?", "answer": entry.answer}) + "\n")
    env = {**os.environ, "FLASK_DATABASE_URL": database_url, "FLASK_SECRET_KEY": "bench", "FLASK_REFIT_DELAY": "5"}
    result = {"size": size, "import_s": flask(env, "kb", "import", str(rows))}
    port = 18000 + size % 1000
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--preload", "--workers", "2", "--timeout", "600", "--bind", f"127.0.0.1:{port}", "app:create_app()"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        result["boot_s"] = time.perf_counter() - started
        import bot.kbformat.reader  # noqa: F401  (see add_entry)
        import bot.store.knowledge  # noqa: F401

        stop, log = threading.Event(), []
        thread = threading.Thread(target=visitor, args=(url, stop, log), daemon=True)
        thread.start()
        time.sleep(3)
        add_entry(database_url)
        edited = time.perf_counter()
        last_miss, streak = edited, 0
        while streak < 30:  # thirty answered in a row: both workers have it
            _, body = ask(url, NEW_QUESTION)
            if body["status"] == "answered" and body["sources"][0]["id"] == "heated-room":
                streak += 1
            else:
                streak, last_miss = 0, time.perf_counter()
            if time.perf_counter() - edited > 600:
                raise SystemExit("the edit was not live on every worker within 10 minutes")
        live = time.perf_counter()
        result["live_on_every_worker_s"] = last_miss - edited
        streak = 0
        while streak < 30:  # thirty fitted in a row: both workers have fitted again
            health = json.loads(urllib.request.urlopen(url + "/healthz", timeout=300).read())
            streak = streak + 1 if health.get("index") == "fitted" else 0
            time.sleep(0.05)
            if time.perf_counter() - edited > 900:
                raise SystemExit("the full fit did not come within 15 minutes")
        fitted = time.perf_counter()
        result["fitted_on_every_worker_s"] = fitted - edited
        time.sleep(1)
        stop.set()
        thread.join()
        before = [s for at, s in log if at < edited]
        during = [s for at, s in log if edited <= at <= live] or [0.0]
        refit = [s for at, s in log if live < at <= fitted] or [0.0]
        result |= {"visitor_p50_before_ms": statistics.median(before) * 1000, "visitor_max_before_ms": max(before) * 1000,
                   "visitor_p50_during_ms": statistics.median(during) * 1000, "visitor_max_during_ms": max(during) * 1000,
                   "visitor_requests_during": len(during),
                   "visitor_p50_refit_ms": statistics.median(refit) * 1000, "visitor_max_refit_ms": max(refit) * 1000,
                   "visitor_p99_before_ms": p99(before) * 1000, "visitor_p99_refit_ms": p99(refit) * 1000,
                   "visitor_requests_refit": len(refit)}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    print("| entries | database | import | boot (2 workers, --preload) | edit live on every worker | visitor p50 / p99 / max before | "
          "visitor p50 / max until live | full fit done on every worker | visitor p50 / p99 / max during the full fit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            server = None
            if args.database == "sqlite":
                url = f"sqlite:///{tmp}/bench.sqlite"
            else:
                server, reason = pgserver.start_or_skip_reason()
                if server is None:
                    raise SystemExit(reason)
                pgserver.create_database(server.url, "bench")
                url = pgserver.url_for_database(server.url, "bench")
            try:
                r = measure(size, url, Path(tmp))
            finally:
                if server is not None:
                    server.stop()
        print(f"| {size:,} | {args.database} | {r['import_s']:.1f} s | {r['boot_s']:.1f} s | {r['live_on_every_worker_s']:.1f} s | "
              f"{r['visitor_p50_before_ms']:.1f} / {r['visitor_p99_before_ms']:.0f} / {r['visitor_max_before_ms']:.0f} ms | "
              f"{r['visitor_p50_during_ms']:.1f} / {r['visitor_max_during_ms']:.0f} ms ({r['visitor_requests_during']} requests) | "
              f"{r['fitted_on_every_worker_s']:.1f} s | {r['visitor_p50_refit_ms']:.1f} / {r['visitor_p99_refit_ms']:.0f} / {r['visitor_max_refit_ms']:.0f} ms "
              f"({r['visitor_requests_refit']} requests) |",
              flush=True)


if __name__ == "__main__":
    main()
