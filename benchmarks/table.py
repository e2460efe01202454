"""One table for every size: import, index build, per-question latency, boot, memory per worker,
an edit's way to every worker and throughput, with bm25s on the same entries in the same run.

For each size (the shipped knowledge, then the shipped knowledge plus 1k, 10k, 100k generated FAQ
entries):
- in process (benchmarks/speed.py, a fresh process each): index build, query p50 and p99, for
  clinic-bot and for bm25s on the same passages;
- `flask kb import` of the generated entries as JSONL into a fresh SQLite store: wall time and peak
  memory (ru_maxrss of that process);
- gunicorn, 2 sync workers, --preload: boot (start to a 200 from /healthz), memory per worker
  after the load below, from /proc/PID/smaps_rollup: RSS (counts the pages it shares with the
  other worker and the master in full), PSS (shared pages divided among the processes sharing
  them) and USS (its private pages only);
- throughput: POST /api/ask with a distinct question each request (visitor questions of the test
  sets, each with a number added) against the POST of a no-op Flask app (benchmarks/noop.py) under
  the same gunicorn settings, interleaved (no-op, ask, no-op, ask); wrk with 16 connections where it
  is installed, else a bounded Python load generator (the table says which). The visitor rate limit
  is lifted for the run; the bot has no reply cache. Responses that are not 2xx are counted;
- an edit live on every worker: one entry added in one transaction (as a staff save), its question
  asked until thirty replies in a row answer it (benchmarks/reload.py).

Usage: python benchmarks/table.py [--sizes shipped,1000,10000,100000] [--seconds 10]
A benchmark, not a test: figures vary from run to run and machine to machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reload import NEW_QUESTION, add_entry, ask  # noqa: E402
from benchmarks.speed import generated_entries, queries  # noqa: E402

CONNECTIONS = 16


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_process(system: str, size: str) -> dict:
    """benchmarks/speed.py's figures for one system and size, measured in a fresh process."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--one", system, size], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_run(args: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak MB) of one command, its own ru_maxrss."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def serve(target: str, env: dict, port: int) -> subprocess.Popen:
    """gunicorn with 2 sync workers and --preload."""
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "--preload", "--workers", "2", "--timeout", "600", "--bind", f"127.0.0.1:{port}", target],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(url: str) -> None:
    """Until the server at `url` answers (a 405 from the no-op app's GET counts; a 503 does not)."""
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except urllib.error.HTTPError as err:
            if err.code != 503:
                return
        except OSError:
            pass
        time.sleep(0.1)


def memory(server: subprocess.Popen) -> tuple[float, float, float]:
    """Mean (RSS, PSS, USS) of the server's workers in MB."""
    workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
    rss, pss, uss = [], [], []
    for pid in workers:
        fields = {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])}
        rss.append(fields["Rss"])
        pss.append(fields["Pss"])
        uss.append(fields["Private_Clean"] + fields["Private_Dirty"])
    return statistics.mean(rss), statistics.mean(pss), statistics.mean(uss)


def lua_script(path: Path, endpoint: str) -> Path:
    """A wrk script POSTing a distinct question each request (thread id and counter appended)."""
    openings = [json.dumps(q)[:-1] for q in queries(400)]  # each JSON string without its closing quote
    table = ",\n".join(f"[==[{q}]==]" for q in openings)
    path.write_text(f"""
local questions = {{
{table}
}}
local threads, id, n = {{}}, 0, 0
function setup(thread) id = id + 1; thread:set("id", id) end
function request()
  n = n + 1
  local body = '{{"question": ' .. questions[n % #questions + 1] .. ' ' .. id .. '-' .. n .. '"}}'
  return wrk.format("POST", "{endpoint}", {{["Content-Type"] = "application/json"}}, body)
end
""")
    return path


def load_wrk(url: str, endpoint: str, seconds: int, script: Path) -> tuple[float, int]:
    """(requests per second, non-2xx responses) of one wrk run."""
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "-s", str(lua_script(script, endpoint)), url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rps, (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in errors.groups()) if errors else 0)


def load_python(url: str, endpoint: str, seconds: int, script: Path) -> tuple[float, int]:
    """The same with threads of urllib (bounded: CONNECTIONS threads, `seconds` long)."""
    texts, stop, counts, bad = queries(400), time.perf_counter() + seconds, [], [0]

    def worker(k: int) -> None:
        n = 0
        while time.perf_counter() < stop:
            n += 1
            body = json.dumps({"question": f"{texts[(k * 997 + n) % len(texts)]} {k}-{n}"}).encode()
            request = urllib.request.Request(url + endpoint, data=body, headers={"Content-Type": "application/json"})
            try:
                urllib.request.urlopen(request, timeout=30).read()
            except (urllib.error.HTTPError, OSError):
                bad[0] += 1
        counts.append(n)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CONNECTIONS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - started), bad[0]


def edit_live(url: str, database_url: str) -> float:
    """Seconds from the commit of a one-entry edit until thirty replies in a row answer it."""
    add_entry(database_url)
    edited = time.perf_counter()
    last_miss, streak = edited, 0
    while streak < 30:
        _, body = ask(url, NEW_QUESTION)
        if body["status"] == "answered" and body["sources"][0]["id"] == "heated-room":
            streak += 1
        else:
            streak, last_miss = 0, time.perf_counter()
        if time.perf_counter() - edited > 900:
            return float("inf")
    return last_miss - edited


def measure(size: str, seconds: int, load, folder: Path) -> dict:
    """Every figure of one size."""
    row = {"size": size}
    for system in ("clinic-bot", "bm25s"):
        r = in_process(system, size)
        row[system] = r
        print(f"  {size}: {system} in process", file=sys.stderr, flush=True)
    database_url = f"sqlite:///{folder / 'bench.sqlite'}"
    env = {**os.environ, "FLASK_DATABASE_URL": database_url, "FLASK_SECRET_KEY": "bench",
           "FLASK_VISITOR_RATE_LIMIT": "10000000 per minute"}
    timed_run([sys.executable, "-m", "flask", "--app", "app", "kb", "check"], env)  # the first start: tables and the shipped knowledge
    if size != "shipped":
        rows = folder / f"generated-{size}.jsonl"
        with rows.open("w") as out:
            for entry in generated_entries(int(size)):
                out.write(json.dumps({"id": entry.id, "question": entry.answer.split(". ")[0] + "?", "answer": entry.answer}) + "\n")
        row["import_s"], row["import_mb"] = timed_run([sys.executable, "-m", "flask", "--app", "app", "kb", "import", str(rows)], env)
    app_port, noop_port = free_port(), free_port()
    started = time.perf_counter()
    server = serve("app:create_app()", env, app_port)
    noop = serve("benchmarks.noop:app", env, noop_port)
    try:
        wait_until_up(f"http://127.0.0.1:{app_port}/healthz")
        row["boot_s"] = time.perf_counter() - started
        wait_until_up(f"http://127.0.0.1:{noop_port}/noop")
        script = folder / "ask.lua"
        runs = {"noop": [], "ask": []}
        for _ in range(2):
            runs["noop"].append(load(f"http://127.0.0.1:{noop_port}", "/noop", seconds, script))
            runs["ask"].append(load(f"http://127.0.0.1:{app_port}", "/api/ask", seconds, script))
        row["noop_rps"] = statistics.mean(r for r, _ in runs["noop"])
        row["ask_rps"] = statistics.mean(r for r, _ in runs["ask"])
        row["non_2xx"] = sum(bad for r in runs.values() for _, bad in r)
        row["rss_mb"], row["pss_mb"], row["uss_mb"] = memory(server)
        print(f"  {size}: served", file=sys.stderr, flush=True)
        row["edit_live_s"] = edit_live(f"http://127.0.0.1:{app_port}", database_url)
    finally:
        for process in (server, noop):
            process.terminate()
            process.wait(timeout=60)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,1000,10000,100000")
    parser.add_argument("--seconds", type=int, default=10, help="length of each throughput run")
    args = parser.parse_args()
    load, tool = (load_wrk, "wrk") if shutil.which("wrk") else (load_python, "a Python load generator")
    rows = []
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure(size, args.seconds, load, Path(tmp)))
    print(f"Throughput measured with {tool}, {CONNECTIONS} connections, 2 x {args.seconds} s each, interleaved.\n")
    print("| entries | `flask kb import`: time / peak | index build: clinic-bot / bm25s | p50: clinic-bot / bm25s | p99: clinic-bot / bm25s "
          "| boot (2 workers) | memory per worker: RSS / PSS / USS | edit live on both workers | /api/ask vs no-op POST (req/s) | non-2xx |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        bot, bm = r["clinic-bot"], r["bm25s"]
        imported = f"{r['import_s']:.1f} s / {r['import_mb']:.0f} MB" if "import_s" in r else "(seeded at first start)"
        size = f"shipped ({bot['passages']})" if r["size"] == "shipped" else f"{int(r['size']):,}"
        print(f"| {size} | {imported} | {bot['build_s']:.2f} / {bm['build_s']:.2f} s | {bot['p50_ms']:.2f} / {bm['p50_ms']:.2f} ms "
              f"| {bot['p99_ms']:.2f} / {bm['p99_ms']:.2f} ms | {r['boot_s']:.1f} s | {r['rss_mb']:.0f} / {r['pss_mb']:.0f} / {r['uss_mb']:.0f} MB | {r['edit_live_s']:.1f} s "
              f"| {r['ask_rps']:.0f} / {r['noop_rps']:.0f} = {r['ask_rps'] / r['noop_rps']:.2f}x | {r['non_2xx']} |", flush=True)


if __name__ == "__main__":
    main()
