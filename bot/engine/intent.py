"""A second opinion on which entry a question asks for: a classifier fitted on the entries' own phrasings (no Flask).

The retriever ranks entries by the words a question shares with each of them.
A classifier fitted on the FAQ's phrasings learns instead which words tell one
entry from the others ("cost" against "covered", "how long" against "how
soon"). Where both choose the same entry the answer is nearly always right,
and where they disagree it often is not; the confidence model reads that
agreement as features (see confidence.py). The opinion is never an answer on
its own: the retriever still chooses what is shown.

The classifier is ridge regression, one entry against the rest, over
character and word n-grams, fitted in its dual form: a closed-form solve over
the phrasings (milliseconds for a clinic's FAQ), no iterations and no
scikit-learn at run time. Its cost grows with the number of phrasings, so it
is fitted for a knowledge base of up to MAX_PHRASINGS of them; a bigger one
answers without it, as does one with no FAQ entries, and the confidence model
learned from both kinds.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from bot.engine.knowledge import Entry
from bot.engine.text import normalize
from bot.engine.tfidf import TfidfVectorizer

# Above this many phrasings, or this many weights (n-grams x entries, float32: 20 MB), the opinion is
# left out: its fit is a dense solve over the phrasings, and its weights one column per entry.
MAX_PHRASINGS = 2000
MAX_WEIGHTS = 5_000_000
# A classifier learns what tells entries apart from several phrasings of each; fitted on one
# question per entry (an imported FAQ) it only repeats the retriever, and its agreement means
# nothing. Below this many phrasings per entry on average, it is left out.
MIN_PHRASINGS_PER_ENTRY = 2
# How strongly the fit is held back from the phrasings (ridge's alpha); 1 as in RidgeClassifier.
RIDGE = 1.0
CHAR_SIZES = range(3, 6)


def terms(text: str) -> list[str]:
    """The n-grams a question is read by: characters (3 to 5, within each word, as scikit-learn's
    `char_wb`) survive misspellings; words and word pairs keep the wording."""
    words = normalize(text).split()
    grams = []
    for word in words:
        padded = f" {word} "
        grams += [padded[i:i + n] for n in CHAR_SIZES for i in range(max(1, len(padded) - n + 1))]
    plain = ["w:" + w for w in "".join(c if c.isalnum() else " " for c in " ".join(words)).split() if len(w) > 1]
    return grams + plain + [f"{a} {b}" for a, b in zip(plain, plain[1:])]


class Opinion(NamedTuple):
    """What the classifier says of the entry the retriever chose."""

    known: bool  # the entry is one the classifier was fitted on (an entry with phrasings)
    agrees: bool  # the classifier's own first choice is that entry
    score: float  # its score for that entry (about 1 for a phrasing of it, about -1 for none)
    margin: float  # that score less the best score of any other entry


NO_OPINION = Opinion(False, False, 0.0, 0.0)


class IntentModel:
    """`fit(entries)`, then `scores(question)` and `opinion(scores, entry_id)`."""

    def fit(self, entries: Sequence[Entry]) -> "IntentModel":
        """Fit on every phrasing of every entry that has one; raises ValueError for fewer than two such entries."""
        phrasings = [(q, e.id) for e in entries for q in e.questions]
        self.entry_ids_ = tuple(dict.fromkeys(entry_id for _, entry_id in phrasings))
        if len(self.entry_ids_) < 2:
            raise ValueError(f"an intent model needs phrasings of at least two entries, got {len(self.entry_ids_)}")
        vectorizer = TfidfVectorizer(analyzer=terms)
        matrix = vectorizer.fit_transform([q for q, _ in phrasings]).astype(np.float64)
        if matrix.shape[1] * len(self.entry_ids_) > MAX_WEIGHTS:
            raise ValueError(f"{matrix.shape[1]} n-grams x {len(self.entry_ids_)} entries is over {MAX_WEIGHTS} weights")
        self.column_ = {entry_id: i for i, entry_id in enumerate(self.entry_ids_)}
        targets = -np.ones((len(phrasings), len(self.entry_ids_)))
        targets[np.arange(len(phrasings)), [self.column_[entry_id] for _, entry_id in phrasings]] = 1.0
        gram = (matrix @ matrix.T).toarray()
        gram[np.diag_indices_from(gram)] += RIDGE
        self.weights_ = np.asarray(matrix.T @ np.linalg.solve(gram, targets), dtype=np.float32)  # one column per entry
        self.vocabulary_, self.idf_ = vectorizer.vocabulary_, vectorizer.idf_.astype(np.float64)
        return self

    def scores(self, question: str) -> np.ndarray:
        """The score of every entry for `question`, in `entry_ids_` order."""
        if not hasattr(self, "weights_"):
            raise ValueError("this IntentModel is not fitted yet; call fit(entries) first")
        columns, values = self.vector(question)
        return values @ self.weights_[columns] if len(columns) else np.zeros(len(self.entry_ids_))

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's TF-IDF row in the fitted vocabulary (sublinear counts, unit length): its columns and values."""
        counts: dict[int, int] = {}
        for term in terms(text):
            column = self.vocabulary_.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf_[columns]
        if len(values):
            values /= np.linalg.norm(values)
        return columns, values.astype(np.float32)

    def opinion(self, scores: np.ndarray, entry_id: str) -> Opinion:
        """What `scores` (of one question) say of the entry `entry_id`."""
        i = self.column_.get(entry_id)
        if i is None:
            return NO_OPINION
        others = np.delete(scores, i)
        rival = float(others.max()) if len(others) else 0.0
        score = float(scores[i])
        return Opinion(True, score > rival, score, score - rival)


def fitted(entries: Sequence[Entry]) -> IntentModel | None:
    """An intent model for these entries, or None when they have too many phrasings, too few per entry,
    or too few entries with one."""
    count = sum(len(e.questions) for e in entries)
    if count > MAX_PHRASINGS or count < MIN_PHRASINGS_PER_ENTRY * sum(1 for e in entries if e.questions):
        return None
    try:
        return IntentModel().fit(entries)
    except ValueError:
        return None
