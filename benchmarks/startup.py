"""Start-up as whole processes: `import app` and `flask ask` beside `import flask`, interleaved.

    python benchmarks/startup.py [--rounds 7]      # from the project root

Each round runs the three commands once, one after another, so that the machine's noise falls on
all of them alike; the table gives each command's wall time (median and fastest) and CPU time
(user + system, median) over the rounds. `flask ask` answers "what is ketamine" from the store in
the instance folder (made and seeded by a first run that is not timed, which also keeps the intent
classifier's fit in the instance folder's fits/ for the runs after it; the last row solves it each time). Bytecode is written and
used as in a normal install (PYTHONDONTWRITEBYTECODE is unset for the runs).
Targets (issue #13): `import app` under 0.6 s, `flask ask` under 1 s.
A benchmark, not a test: figures vary from run to run and machine to machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ASK = [sys.executable, "-m", "flask", "--app", "app", "ask", "what is ketamine"]
# Each command with what it adds to the environment.
COMMANDS = {
    'python -c "import flask" (the peer)': ([sys.executable, "-c", "import flask"], {}),
    'python -c "import app"': ([sys.executable, "-c", "import app"], {}),
    'flask ask "what is ketamine"': (ASK, {}),
    'flask ask ..., its fit not kept (FLASK_KEEP_FITS=false)': (ASK, {"FLASK_KEEP_FITS": "false"}),
}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` (CPU: the children's user + system time it added)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    for command, extra in COMMANDS.values():  # the first start makes the store, writes the bytecode and keeps the fit
        timed(command, env | extra)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, (command, extra) in COMMANDS.items():
            runs[name].append(timed(command, env | extra))
    print(f"| command ({rounds} rounds, interleaved) | wall median (fastest) | CPU median |")
    print("|---|---:|---:|")
    for name, times in runs.items():
        walls, cpus = [wall for wall, _ in times], [cpu for _, cpu in times]
        print(f"| `{name}` | {statistics.median(walls):.2f} s ({min(walls):.2f}) | {statistics.median(cpus):.2f} s |")


if __name__ == "__main__":
    main()
