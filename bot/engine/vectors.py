"""Static word vectors for the retriever's semantic check (no Flask, no model at run time).

`bot/data/word-vectors.npz` holds one vector per WordPiece token, distilled
from all-MiniLM-L6-v2 (see benchmarks/build_word_vectors.py). A word's vector
is the mean of its pieces' vectors, so every word has one, typos included.
The retriever sums them into text vectors, weighted by IDF, so "the"
counts for little and "pregnant" for a lot.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "word-vectors.npz"
MAX_WORD_CHARS = 40


class WordVectors:
    """Word -> unit vector, from WordPiece token vectors."""

    def __init__(self, tokens: Sequence[str], vectors: np.ndarray):
        if len(tokens) != len(vectors):
            raise ValueError(f"{len(tokens)} tokens but {len(vectors)} vectors")
        self.index = {token: i for i, token in enumerate(tokens)}
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.dims = self.vectors.shape[1]
        self._cache: dict[str, np.ndarray | None] = {}

    def pieces(self, word: str) -> list[str]:
        """WordPiece split, longest piece first ("destigmatize" -> des ##ti ##gm ##ati ##ze)."""
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    break
                end -= 1
            else:
                return []
            out.append(piece)
            start = end
        return out

    def vector(self, word: str) -> np.ndarray | None:
        """The unit vector of a lower-case word, or None when it has none."""
        if word not in self._cache:
            pieces = self.pieces(word[:MAX_WORD_CHARS])
            vector = self.vectors[[self.index[p] for p in pieces]].mean(axis=0) if pieces else None
            norm = float(np.linalg.norm(vector)) if vector is not None else 0.0
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = vector / norm if norm else None
        return self._cache[word]


@lru_cache(maxsize=1)
def shipped() -> WordVectors:
    """The word vectors shipped in bot/data (loaded once per process)."""
    with np.load(DATA, allow_pickle=False) as data:
        tokens = str(data["tokens"]).split("\n")
        vectors = data["vectors"].astype(np.float32) * data["scale"][:, None]
    return WordVectors(tokens, vectors)
