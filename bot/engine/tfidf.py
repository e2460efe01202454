"""TF-IDF weighting as scikit-learn's TfidfVectorizer computes it, without importing scikit-learn (no Flask).

The retriever needs only the fitted weights of its own analyzer's terms:
sublinear term frequency, smoothed IDF and unit rows, in float32. Importing
scikit-learn for that costs most of a second of every start; this computes
the same numbers (a test compares them with scikit-learn's, value for value).
"""

from __future__ import annotations

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
        columns: list[int] = []
        counts: list[int] = []
        indptr = [0]
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
        indices = order[np.asarray(columns, dtype=np.int32)]
        data = np.asarray(counts, dtype=np.float32)
        matrix = sparse.csr_matrix((data, indices, np.asarray(indptr, dtype=np.int32)), shape=(len(indptr) - 1, len(terms)))
        matrix.sort_indices()
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


def _unit_rows(matrix: sparse.csr_matrix) -> None:
    """Scale every non-empty row to length 1, in place (float32 squares summed in float64, as scikit-learn does)."""
    squares = np.square(matrix.data).astype(np.float64)
    lengths = np.diff(matrix.indptr)
    sums = np.zeros(len(lengths))
    filled = lengths > 0
    sums[filled] = np.add.reduceat(squares, matrix.indptr[:-1][filled])
    norms = np.sqrt(np.repeat(sums, lengths))
    matrix.data[:] = matrix.data / norms
