"""The intent classifier's fits kept in a folder between processes (no Flask).

A new process (`flask ask`, a server's start, a second worker) takes the fit an
earlier one made of the same phrasings and examples rather than solving it again
(about a tenth of a second for the shipped FAQ with its examples, a tenth of
`flask ask`). A fit is a few arrays of numbers and its vocabulary, kept as one
.npz file named by the digest of what it was fitted on, and read with
`allow_pickle=False`: a file in the folder can hold numbers and text, never code.
A file that cannot be read, or whose arrays do not fit together, is passed over
and the fit solved again; a folder that cannot be written costs time, never a reply.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Part of every file's name: a fit kept by an earlier layout of the arrays is never read.
FORMAT = 1
# The newest fits kept; older files are removed when a new one is written (an edit of a phrasing
# makes a new fit, and the old one is rarely wanted again).
KEEP = 4
_PATTERN = f"intent-{FORMAT}-*.npz"
_TEMPORARY = ".intent-"
STALE_SECONDS = 3600  # a half-written file this old was left by a process that died while writing


class FitFiles:
    """`load(key)` a fit kept under the digest `key`, or None; `save(key, fit)` one (see intent.IntentModel._solve
    for the tuple: dual_, intercept_, postings_, vocabulary_, idf_)."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path(self, key: bytes) -> Path:
        """Where the fit of `key` is kept."""
        return self.folder / f"intent-{FORMAT}-{key.hex()}.npz"

    def load(self, key: bytes) -> tuple | None:
        """The fit kept under `key`, or None when there is none or it cannot be read whole."""
        try:
            with open(self.path(key), "rb") as handle:
                arrays = np.load(handle, allow_pickle=False)
                if not isinstance(arrays, np.lib.npyio.NpzFile):
                    raise ValueError("not an .npz file")
                fit = from_arrays({name: arrays[name] for name in _NAMES})
            usable = consistent(fit)
        except FileNotFoundError:
            return None
        except Exception as err:  # whatever a spoilt file raises (a wrong kind of array, a header claiming too much), never a failed start
            log.warning("passing over the kept intent fit %s: %s: %s", self.path(key).name, type(err).__name__, err)
            return None
        if not usable:
            log.warning("passing over the kept intent fit %s: its arrays do not fit together", self.path(key).name)
            return None
        return fit

    def save(self, key: bytes, fit: tuple) -> None:
        """Keep `fit` under `key` (written whole, then renamed into place), and only the KEEP newest fits."""
        written = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=_TEMPORARY, suffix=".tmp", delete=False) as out:
                written = out.name
                np.savez(out, **to_arrays(fit))
            os.replace(written, self.path(key))
            written = None
            self.prune(keeping=self.path(key))
        except OSError as err:
            log.warning("the intent fit could not be kept in %s: %s", self.folder, err)
        finally:
            if written is not None:  # a write or rename that failed leaves nothing behind
                Path(written).unlink(missing_ok=True)

    def has(self, key: bytes) -> bool:
        """Whether a fit is kept under `key`."""
        return self.path(key).exists()

    def prune(self, *, keeping: Path) -> None:
        """Remove all but the KEEP newest fits (never `keeping`, the one just written, whatever the clock
        says), and half-written files a killed process left over an hour ago."""
        def modified(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except FileNotFoundError:  # another process removed it meanwhile
                return 0.0

        others = sorted((p for p in self.folder.glob(_PATTERN) if p != keeping), key=modified, reverse=True)
        for old in others[KEEP - 1:]:
            old.unlink(missing_ok=True)
        for left in self.folder.glob(_TEMPORARY + "*.tmp"):
            if 0 < modified(left) < time.time() - STALE_SECONDS:
                left.unlink(missing_ok=True)


_NAMES = ("dual", "intercept", "indptr", "indices", "data", "terms", "term_ends", "idf")


def to_arrays(fit: tuple) -> dict[str, np.ndarray]:
    """A fit as named arrays; the vocabulary as its terms' UTF-8 bytes end to end and where each ends."""
    dual, intercept, (indptr, indices, data), vocabulary, idf = fit
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    encoded = [term.encode("utf-8", "surrogatepass") for term in terms]
    return {
        "dual": dual, "intercept": intercept, "indptr": indptr, "indices": indices, "data": data,
        "terms": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "term_ends": np.cumsum([len(e) for e in encoded], dtype=np.int64),
        "idf": idf,
    }


def from_arrays(arrays: dict[str, np.ndarray]) -> tuple:
    """The fit `to_arrays` wrote (raises ValueError when its vocabulary cannot be read)."""
    text, ends = arrays["terms"].tobytes(), arrays["term_ends"]
    if arrays["terms"].dtype != np.uint8 or ends.dtype.kind not in "iu":
        raise ValueError("the vocabulary is not stored as bytes and their ends")
    if ends.ndim != 1 or (len(ends) and (ends[-1] != len(text) or (np.diff(ends) < 0).any() or ends[0] < 0)):
        raise ValueError("the vocabulary's ends do not fit its text")
    starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
    terms = [text[start:end].decode("utf-8", "surrogatepass") for start, end in zip(starts.tolist(), ends.tolist())]
    vocabulary = {term: column for column, term in enumerate(terms)}
    if len(vocabulary) != len(terms):
        raise ValueError("a term is in the vocabulary twice")
    postings = (arrays["indptr"], arrays["indices"], arrays["data"])
    return arrays["dual"], arrays["intercept"], postings, vocabulary, arrays["idf"]


def consistent(fit: tuple) -> bool:
    """Whether a fit's arrays have the shapes, kinds and bounds its use needs (a cut or mixed-up file has not)."""
    dual, intercept, (indptr, indices, data), vocabulary, idf = fit
    kinds = [(dual, "f"), (intercept, "f"), (indptr, "iu"), (indices, "iu"), (data, "f"), (idf, "f")]  # terms and term_ends: see from_arrays
    if any(array.dtype.kind not in kind for array, kind in kinds):
        return False
    if dual.ndim != 2 or intercept.shape != (dual.shape[1],) or idf.shape != (len(vocabulary),):
        return False
    if indptr.shape != (len(vocabulary) + 1,) or indices.shape != data.shape or indptr[0] != 0 or indptr[-1] != len(indices):
        return False
    if (np.diff(indptr) < 0).any() or (len(indices) and (indices.min() < 0 or indices.max() >= dual.shape[0])):
        return False
    return all(np.isfinite(array).all() for array in (dual, intercept, data, idf))
