"""A second opinion on which entry a question asks for: a classifier fitted on the entries' own phrasings (no Flask).

The retriever ranks entries by the words a question shares with each of them.
A classifier fitted on the phrasings (the FAQ's questions and alternates, and
the not-covered topics') and on the questions visitors asked in their own words
that an entry answers (its `examples`: "ngl my nan's cancer pain is brutal, can
ketamine sort it") learns instead which words tell one entry from the others
("cost" against "covered", "how long" against "how soon"). Where both
choose the same entry the answer is far more often right, and where they
disagree it often is not; the confidence model reads that agreement as
features (see confidence.py). The opinion is never an answer on its own: the
retriever still finds what is shown.

The classifier is ridge regression, one entry against the rest (targets +1 and
-1, with an intercept), over character and word n-grams, fitted in its dual
form: a closed-form solve over the phrasings (milliseconds for a clinic's FAQ),
no iterations and no scikit-learn at run time. A question is scored against
the phrasings it shares n-grams with, so memory and time grow with the
phrasings, not with the vocabulary. It is fitted for a knowledge base of up to
MAX_PHRASINGS phrasings whose FAQ entries have at least
MIN_PHRASINGS_PER_ENTRY each on average; any other bot answers without it,
and the confidence model has a plain half for that.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple, Sequence

import numpy as np

from bot.engine.fitfiles import FitFiles
from bot.engine.knowledge import Entry
from bot.engine.text import normalize
from bot.engine.tfidf import TfidfVectorizer

# Above this many phrasings the opinion is left out: its fit is a dense solve over the phrasings
# (0.2 s at 2,000), done again after an edit of any phrasing. Examples count too, but never decide
# whether there is a model: past this many in all, the examples that do not fit are left out.
MAX_PHRASINGS = 2000
# A classifier learns what tells entries apart from several phrasings of each; fitted on one
# question per FAQ entry (an imported FAQ) it only repeats the retriever, and its agreement means
# nothing. Below this many phrasings per FAQ entry on average, it is left out.
MIN_PHRASINGS_PER_ENTRY = 2
# How strongly the fit is held back from the phrasings (ridge's alpha; scikit-learn's default).
RIDGE = 1.0
CHAR_SIZES = range(3, 6)
# The last fits, by what they were fitted on (each phrasing's n-grams, in order, and whose it is): a bot
# built again on the same phrasings and examples (another app in the process, the full refit that follows
# an edit of something else) takes the fit made before instead of solving again (about 0.2 s for the shipped
# knowledge base with its examples). A fit's arrays are never changed once made, so bots share them.
MAX_KEPT_FITS = 2
# How a fit is made from its texts, part of every fit's digest: a fit kept on disk by a release that made
# it otherwise is never taken. Change it with anything in _solve or in the TF-IDF weighting.
FIT_RECIPE = f"ridge {RIDGE!r}; dual solve with an intercept; tf-idf sublinear, smoothed idf, unit rows; float32 dual"
_fits: OrderedDict[bytes, tuple] = OrderedDict()
_fits_lock = threading.Lock()


def terms(text: str, read: Sequence[str] = ()) -> list[str]:
    """The n-grams a question is read by: characters (3 to 5, within each word padded with spaces,
    like scikit-learn's `char_wb`) survive misspellings; words and word pairs keep the wording; and
    `read`, the retriever's terms of the text (stems, typos mended, staff's synonyms as one term), so
    that "zorblax" is glutamate here too once staff say so."""
    words = normalize(text).split()
    grams = [gram for word in words for gram in (word_grams(word) if len(word) <= MAX_KEPT_WORD else _grams_of(word))]
    plain = ["w:" + w for w in "".join(c if c.isalnum() else " " for c in " ".join(words)).split() if len(w) > 1]
    return grams + plain + [f"{a} {b}" for a, b in zip(plain, plain[1:])] + ["r:" + t for t in read]


# Words up to this long have their n-grams kept (at most 16,384 words, a few MB): a visitor's "word" of
# a thousand letters is read, never kept.
MAX_KEPT_WORD = 24


@lru_cache(maxsize=16384)
def word_grams(word: str) -> tuple[str, ...]:
    """A word's character n-grams, padded with spaces (kept: words repeat from question to question)."""
    return _grams_of(word)


def _grams_of(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i:i + n] for n in CHAR_SIZES for i in range(max(1, len(padded) - n + 1)))


class Opinion(NamedTuple):
    """What the classifier says of the entry the retriever chose."""

    known: bool  # the entry is one the classifier was fitted on (an entry with phrasings)
    agrees: bool  # the classifier's own first choice is that entry
    score: float  # its score for that entry (near 1 for a phrasing of it, below 0 for most others)
    margin: float  # that score less the best score of any other entry


NO_OPINION = Opinion(False, False, 0.0, 0.0)


class IntentModel:
    """`fit(entries, read)`, then `scores(question, read(question))` and `opinion(scores, entry_id)`.

    `read` is the retriever's reading of a text (Retriever.query_terms); it is used while fitting and
    never kept, so an old retriever is never held in memory by the model."""

    def fit(self, entries: Sequence[Entry], read: Callable[[str], Sequence[str]] = lambda text: (), *, files: FitFiles | None = None) -> "IntentModel":
        """Fit on every phrasing of every entry that has one, and on the entries' examples (as many as
        MAX_PHRASINGS leaves room for: see examples_with_room); raises ValueError for fewer than two such entries.
        With `files`, a fit kept there by an earlier process is taken, and a new one is kept there."""
        phrasings = [(q, e.id) for e in entries for q in e.questions]
        phrasings += examples_with_room([e for e in entries if e.questions], max(MAX_PHRASINGS - len(phrasings), 0))
        self.entry_ids_ = tuple(dict.fromkeys(entry_id for _, entry_id in phrasings))
        if len(self.entry_ids_) < 2:
            raise ValueError(f"an intent model needs phrasings of at least two entries, got {len(self.entry_ids_)}")
        self.column_ = {entry_id: i for i, entry_id in enumerate(self.entry_ids_)}
        analysed = [terms(q, read(q)) for q, _ in phrasings]
        key = _fit_key(analysed, [entry_id for _, entry_id in phrasings])
        with _fits_lock:
            kept = _fits.get(key)
            if kept is not None:
                _fits.move_to_end(key)
        if kept is not None and files is not None and not files.has(key):
            files.save(key, kept)  # made in this process without a folder (a preview's trial): kept for the next start
        if kept is None:
            kept = files.load(key) if files is not None else None
            if kept is not None and kept[0].shape != (len(phrasings), len(self.entry_ids_)):
                kept = None  # never so for a digest of the same phrasings, but a file is not trusted blindly
            if kept is None:
                kept = self._solve(analysed, [entry_id for _, entry_id in phrasings])
                if files is not None:
                    files.save(key, kept)
            with _fits_lock:
                _fits[key] = kept
                while len(_fits) > MAX_KEPT_FITS:
                    _fits.popitem(last=False)
        self.dual_, self.intercept_, self.postings_, self.vocabulary_, self.idf_ = kept
        self.weights_ = primal_weights(self.dual_, self.postings_)
        return self

    def _solve(self, analysed: list[list[str]], owners: list[str]) -> tuple:
        """The fit itself, over the phrasings' n-grams: (dual_, intercept_, postings_, vocabulary_, idf_)."""
        vectorizer = TfidfVectorizer(analyzer=lambda grams: grams)
        matrix = vectorizer.fit_transform(analysed).astype(np.float64)
        phrasings = list(zip(analysed, owners))
        targets = -np.ones((len(phrasings), len(self.entry_ids_)))
        targets[np.arange(len(phrasings)), [self.column_[entry_id] for _, entry_id in phrasings]] = 1.0
        # A constant feature of 1 beside the n-grams is the intercept: 1 more in every cell of the Gram matrix.
        gram = (matrix @ matrix.T).toarray() + 1.0
        gram[np.diag_indices_from(gram)] += RIDGE
        dual = np.linalg.solve(gram, targets)
        by_term = matrix.tocsc()  # for each n-gram, the phrasings that hold it
        return (dual.astype(np.float32), dual.sum(axis=0).astype(np.float32), (by_term.indptr, by_term.indices, by_term.data.astype(np.float32)),
                vectorizer.vocabulary_, vectorizer.idf_.astype(np.float64))

    def scores(self, question: str, read: Sequence[str] = ()) -> np.ndarray:
        """The score of every entry for `question`, whose retriever terms are `read`, in `entry_ids_`
        order (all 0 when it holds no known n-gram)."""
        if not hasattr(self, "dual_"):
            raise ValueError("this IntentModel is not fitted yet; call fit(entries) first")
        columns, values = self.vector(question, read)
        if not len(columns):
            return np.zeros(len(self.entry_ids_))
        if self.weights_ is not None:
            return values @ self.weights_[columns] + self.intercept_
        indptr, rows, weights = self.postings_
        starts, lengths = indptr[columns], indptr[columns + 1] - indptr[columns]
        at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        similarity = np.bincount(rows[at], weights=weights[at] * np.repeat(values, lengths), minlength=len(self.dual_))
        return similarity.astype(np.float32) @ self.dual_ + self.intercept_

    def vector(self, text: str, read: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """The text's TF-IDF row in the fitted vocabulary (sublinear counts, unit length): its columns and values."""
        counts: dict[int, int] = {}
        for term in terms(text, read):
            column = self.vocabulary_.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf_[columns]
        if len(values):
            values /= np.linalg.norm(values)
        return columns, values.astype(np.float32)

    def opinion(self, scores: np.ndarray, entry_id: str) -> Opinion:
        """What `scores` (of one question) say of the entry `entry_id`: none for an entry it was not
        fitted on, or for a question that holds no n-gram it knows."""
        i = self.column_.get(entry_id)
        if i is None or not scores.any():
            return NO_OPINION
        others = np.delete(scores, i)
        rival = float(others.max()) if len(others) else 0.0
        score = float(scores[i])
        return Opinion(True, score > rival, score, score - rival)

    def knows(self, entry_id: str) -> bool:
        """Whether the model was fitted on phrasings of this entry."""
        return entry_id in self.column_


# The fit in its primal form, one row of weights a term (terms x entries), is kept beside the dual when it
# is this small (float32 values): a question is then scored by one product over its own terms' rows, a
# tenth of the time of gathering the phrasings that hold them. The shipped FAQ's is 15,000 x 29 (1.7 MB).
MAX_PRIMAL_VALUES = 4_000_000


def primal_weights(dual: np.ndarray, postings: tuple) -> np.ndarray | None:
    """Each term's weight for each entry (the sum, over the phrasings that hold it, of its value in the
    phrasing times the phrasing's dual weights), or None when that table would exceed MAX_PRIMAL_VALUES."""
    indptr, rows, values = postings
    terms = len(indptr) - 1
    if terms * dual.shape[1] > MAX_PRIMAL_VALUES:
        return None
    from scipy import sparse  # as the fit's own (see TfidfVectorizer.fit_transform)

    by_term = sparse.csr_matrix((values.astype(np.float64), rows, indptr), shape=(terms, dual.shape[0]))
    return np.asarray(by_term @ dual.astype(np.float64), dtype=np.float32)


def examples_with_room(entries: Sequence[Entry], room: int) -> list[tuple[str, str]]:
    """(example, entry id) pairs, at most `room`: every example when they fit, else taken in turns, one
    of each entry's in its order, so that each entry keeps a fair share and an edit of one entry's
    examples never decides which of another's are left out."""
    if sum(len(e.examples) for e in entries) <= room:
        return [(q, e.id) for e in entries for q in e.examples]
    taken: list[tuple[str, str]] = []
    for turn in range(max((len(e.examples) for e in entries), default=0)):
        for e in entries:
            if turn < len(e.examples):
                if len(taken) == room:
                    return taken
                taken.append((e.examples[turn], e.id))
    return taken


def _fit_key(analysed: list[list[str]], owners: list[str]) -> bytes:
    """A digest of what a fit is made from: every phrasing's n-grams, in order, and its entry."""
    digest = hashlib.blake2b(FIT_RECIPE.encode(), digest_size=32)
    for grams, owner in zip(analysed, owners):
        digest.update("\x1e".join([owner, *grams]).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1d")
    return digest.digest()


def fitted(entries: Sequence[Entry], read: Callable[[str], Sequence[str]] = lambda text: (), *, files: FitFiles | None = None) -> IntentModel | None:
    """An intent model for these entries (its fit taken from `files` when kept there), or None when
    `left_out_because` gives a reason."""
    if left_out_because(entries):
        return None
    return IntentModel().fit(entries, read, files=files)


def left_out_because(entries: Sequence[Entry]) -> str | None:
    """Why these entries get no intent model (too many phrasings, too few per FAQ entry, phrasings of
    fewer than two entries), or None when they get one."""
    count = sum(len(e.questions) for e in entries)
    faq = [e for e in entries if e.kind == "faq"]
    faq_phrasings = sum(len(e.questions) for e in faq)
    if count > MAX_PHRASINGS:
        return f"{count} phrasings, over {MAX_PHRASINGS}"
    if faq_phrasings < MIN_PHRASINGS_PER_ENTRY * len(faq) or not faq:
        return f"{faq_phrasings} phrasings for {len(faq)} FAQ entries, under {MIN_PHRASINGS_PER_ENTRY} an entry"
    if sum(1 for e in entries if e.questions) < 2:
        return "phrasings of fewer than two entries"
    return None


def refit_needed(model: IntentModel | None, changed: Sequence[Entry], removed: Iterable[str]) -> bool:
    """Whether an edit can change the intent model: it touches an entry with phrasings, or one the model knows."""
    known = model.knows if model is not None else (lambda entry_id: False)
    return any(e.questions or known(e.id) for e in changed) or any(known(entry_id) for entry_id in removed)
