"""Speed and memory of the retriever at the shipped size and at 1k, 10k, 100k passages.

Runs each (system, size) in a fresh subprocess so peak memory is its own, and
prints a Markdown table: index build time, query latency p50/p99 and the peak
memory the build and queries added. Peers on the same passages in the same
run: bm25s (all sizes) and rank_bm25 (up to 10k; its pure-Python scoring
takes about a second a query at 100k).

Usage: python benchmarks/speed.py [--sizes shipped,1000,10000,100000] [--queries N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYSTEMS = ("clinic-bot", "bm25s", "rank_bm25")
RANK_BM25_MAX = 10_000


def shipped_entries():
    """The shipped knowledge base's entries."""
    from bot.kbformat.reader import load

    return load(ROOT / "knowledge")


def generated_entries(n: int, seed: int = 7):
    """`n` passages made of 2-4 random sentences of the shipped documents and FAQ answers."""
    from bot.engine.text import sentences
    from bot.kbformat.reader import Entry

    kb = shipped_entries()
    pool = sorted({s for e in kb.entries for s in sentences(e.answer)})
    titles = sorted({s.title for d in kb.documents for s in d.sections})
    rng = random.Random(seed)
    return [
        Entry(f"gen-{i}", "passage", rng.choice(titles), (), " ".join(rng.sample(pool, rng.randint(2, 4))))
        for i in range(n)
    ]


def queries(limit: int) -> list[str]:
    """Visitor questions from the test sets, cycled to `limit`."""
    texts = []
    for name in ("dev.jsonl", "questions/train-early.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text().splitlines():
            if line.strip():
                texts.append(json.loads(line)["q"])
    return [texts[i % len(texts)] for i in range(limit)]


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return rss_mb()


def build(system: str, entries):
    """Build one system's index; returns a search function (query -> ids)."""
    if system == "clinic-bot":
        from bot.engine.retriever import Retriever

        kb = shipped_entries()
        retriever = Retriever(synonyms=kb.synonyms).fit(entries)
        return lambda q: [m.entry.id for m in retriever.search(q, k=5)]
    texts = [f"{' '.join(e.questions)} {e.answer}" for e in entries]
    if system == "bm25s":
        import bm25s

        index = bm25s.BM25()
        index.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)

        def search(q):
            tokens = bm25s.tokenize([q], stopwords="en", show_progress=False)
            if not tokens.vocab:
                return []
            docs, _ = index.retrieve(tokens, k=min(5, len(texts)), show_progress=False, n_threads=1)
            return list(docs[0])

        return search
    from rank_bm25 import BM25Okapi

    tokenize = lambda t: re.findall(r"[a-z0-9]+", t.lower())  # noqa: E731
    index = BM25Okapi([tokenize(t) for t in texts])
    return lambda q: list(index.get_top_n(tokenize(q), list(range(len(texts))), n=5))


def measure(system: str, size: str, n_queries: int) -> dict:
    """Build time, latency percentiles and added peak memory for one system and size."""
    entries = shipped_entries().entries if size == "shipped" else generated_entries(int(size))
    build(system, shipped_entries().entries[:3])  # import the system's modules before the baseline
    base = current_rss_mb()
    started = time.perf_counter()
    search = build(system, entries)
    build_s = time.perf_counter() - started
    asked = queries(n_queries)
    for q in asked[:5]:
        search(q)
    latencies = []
    for q in asked:
        t = time.perf_counter()
        search(q)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    return {
        "system": system,
        "size": size,
        "passages": len(entries),
        "build_s": build_s,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "peak_mb": rss_mb() - base,
    }


def main() -> None:
    """Run every system at every size in subprocesses and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--one", nargs=2, metavar=("SYSTEM", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], args.one[1], args.queries)))
        return
    rows = []
    for size in args.sizes.split(","):
        for system in SYSTEMS:
            if system == "rank_bm25" and size != "shipped" and int(size) > RANK_BM25_MAX:
                continue
            n = args.queries if system != "rank_bm25" else min(args.queries, 100)
            done = subprocess.run([sys.executable, __file__, "--one", system, size, "--queries", str(n)], capture_output=True, text=True, check=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  measured {system} at {size}", file=sys.stderr)
    print("| system | entries | build (s) | query p50 (ms) | query p99 (ms) | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['system']} | {r['passages']:,} | {r['build_s']:.2f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()
