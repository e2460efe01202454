"""TF-IDF weighting as scikit-learn's TfidfVectorizer computes it, without importing scikit-learn (no Flask).

The retriever needs only the fitted weights of its own analyzer's terms:
sublinear term frequency, smoothed IDF and unit rows, in float32. Importing
scikit-learn for that costs most of a second of every start; this computes
the same numbers (a test compares them with scikit-learn's, value for value).
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Callable, Iterable

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse


class TfidfVectorizer:
    """`TfidfVectorizer(analyzer=f, sublinear_tf=True, norm="l2", dtype=np.float32)` of scikit-learn:
    `fit_transform(texts)`, then `vocabulary_`, `idf_` and `get_feature_names_out()`."""

    def __init__(self, *, analyzer: Callable[[str], list[str]]):
        self.analyzer = analyzer

    def fit_transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """Learn the terms and their IDF from `texts`; their TF-IDF rows, each of length 1."""
        from scipy import sparse  # here, not at import: a tenth of a second that `import app` need not pay

        first_seen: dict[str, int] = {}
        columns, counts, indptr = array("i"), array("i"), array("i", [0])  # read by numpy without a copy: no long hold of the interpreter
        for text in texts:
            counted: dict[int, int] = {}
            for term in self.analyzer(text):
                column = first_seen.setdefault(term, len(first_seen))
                counted[column] = counted.get(column, 0) + 1
            columns.extend(counted)
            counts.extend(counted.values())
            indptr.append(len(columns))
        if not first_seen:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        terms = sorted(first_seen)
        self.vocabulary_ = {term: i for i, term in enumerate(terms)}
        order = np.empty(len(terms), dtype=np.int32)
        order[np.fromiter(first_seen.values(), np.int32, len(first_seen))] = [self.vocabulary_[t] for t in first_seen]
        indices = order[np.frombuffer(columns, dtype=np.int32)]
        data = np.frombuffer(counts, dtype=np.int32).astype(np.float32)
        matrix = sparse.csr_matrix((data, indices, np.frombuffer(indptr, dtype=np.int32).copy()), shape=(len(indptr) - 1, len(terms)))
        _sort_indices(matrix)
        df = np.bincount(matrix.indices, minlength=len(terms)).astype(np.float32) + np.float32(1)
        self.idf_ = np.full_like(df, len(indptr), dtype=np.float32)  # smoothed: one more document holding every term
        self.idf_ /= df
        np.log(self.idf_, out=self.idf_)
        self.idf_ += 1.0
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0
        matrix.data *= self.idf_[matrix.indices]
        _unit_rows(matrix)
        return matrix

    def get_feature_names_out(self) -> np.ndarray:
        """The terms, in column order."""
        return np.asarray(list(self.vocabulary_), dtype=object)


# Rows a long array operation of a fit takes at a time: a background fit never holds the interpreter
# long (under 50 ms a block at 100,000 entries).
FIT_BLOCK = 16384


def summed_by_term(matrix: sparse.csr_matrix, vectors: np.ndarray) -> np.ndarray:
    """`matrix @ vectors`, each row summed term by term (the same vectors to the last bit, however
    the rows are grouped), FIT_BLOCK rows at a time: one product over every row would hold the
    interpreter for half a second at 100,000 entries, and a background fit would stall the
    worker's visitors as long."""
    blocks = [matrix[start:start + FIT_BLOCK].tocsc() @ vectors for start in range(0, matrix.shape[0], FIT_BLOCK)]
    return np.vstack(blocks) if blocks else np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)


def _sort_indices(matrix: sparse.csr_matrix) -> None:
    """Sort each row's column indices, in place, FIT_BLOCK rows at a time (one sort of every row
    holds the interpreter for a tenth of a second at 100,000 entries)."""
    from scipy import sparse

    for first in range(0, matrix.shape[0], FIT_BLOCK):
        last = min(first + FIT_BLOCK, matrix.shape[0])
        start, stop = matrix.indptr[first], matrix.indptr[last]
        block = sparse.csr_matrix((matrix.data[start:stop], matrix.indices[start:stop], matrix.indptr[first:last + 1] - start),
                                  shape=(last - first, matrix.shape[1]))
        block.sort_indices()
        matrix.data[start:stop], matrix.indices[start:stop] = block.data, block.indices
    matrix.has_sorted_indices = True


def _unit_rows(matrix: sparse.csr_matrix) -> None:
    """Scale every non-empty row to length 1, in place (float32 squares summed in float64, as scikit-learn does)."""
    squares = np.square(matrix.data).astype(np.float64)
    lengths = np.diff(matrix.indptr)
    sums = np.zeros(len(lengths))
    filled = lengths > 0
    sums[filled] = np.add.reduceat(squares, matrix.indptr[:-1][filled])
    norms = np.sqrt(np.repeat(sums, lengths))
    matrix.data[:] = matrix.data / norms
