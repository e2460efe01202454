"""TF-IDF retrieval over FAQ questions, their phrasings and passages (no Flask).

Each entry contributes several *units* to one TF-IDF matrix: every question
phrasing, and its answer or passage text. A query is scored against every unit
by cosine similarity. An entry's similarity is its best question score plus a
share (`text_weight`) of its answer score; a passage, which has no question
phrasings, counts its text score in full. That is combined with the entry's
*coverage*: how much of the query's information (IDF-weighted) its words hold
at all. Entries rank by the product; scores are reported capped at 1.

What keeps one threshold meaningful across questions:
- words the knowledge base has never seen still count in the query's length,
  with the weight of the rarest known word, so "is ketamine addictive?" does
  not look like a perfect match for "ketamine" alone;
- typos are first corrected against the knowledge base's own words, and two
  words the knowledge base writes as one are joined ("corona virus").
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, NamedTuple, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.loader import Entry
from bot.text import Analyzer, Speller, Synonyms, stem, tokenize


class Match(NamedTuple):
    """One retrieved entry with its score in 0..1 and the query terms it shares."""

    entry: Entry
    score: float
    terms: tuple[str, ...]


class NotFittedError(RuntimeError):
    """The retriever was used before `fit()`."""


class Retriever:
    """A TF-IDF index of knowledge entries: `fit(entries)`, then `search(query)`."""

    def __init__(self, *, synonyms: Iterable[Iterable[str]] = (), text_weight: float = 0.5, coverage_weight: float = 0.5, correct_typos: bool = True):
        if not 0 < text_weight <= 1:
            raise ValueError(f"text_weight must be in (0, 1], got {text_weight!r}")
        if not 0 <= coverage_weight <= 1:
            raise ValueError(f"coverage_weight must be in [0, 1], got {coverage_weight!r}")
        self.synonyms = [list(g) for g in synonyms]
        self.text_weight = text_weight
        self.coverage_weight = coverage_weight
        self.correct_typos = correct_typos

    def fit(self, entries: Sequence[Entry]) -> "Retriever":
        """Build the index over `entries`; returns self."""
        if not entries:
            raise ValueError("cannot fit a retriever on no entries")
        self.analyzer_ = Analyzer(Synonyms(self.synonyms))
        self.entries_ = list(entries)
        texts, owners, is_text = [], [], []
        for index, entry in enumerate(self.entries_):
            for question in entry.questions:
                texts.append(question)
                owners.append(index)
                is_text.append(False)
            if entry.answer:
                texts.append(f"{entry.title if entry.kind == 'passage' else ''} {entry.answer}")
                owners.append(index)
                is_text.append(True)
        self.vectorizer_ = TfidfVectorizer(analyzer=self.analyzer_, sublinear_tf=True, norm="l2", dtype=np.float32)
        self.matrix_ = self.vectorizer_.fit_transform(texts).tocsc()
        self.vocabulary_ = self.vectorizer_.vocabulary_
        self.idf_ = self.vectorizer_.idf_
        self.unknown_idf_ = float(self.idf_.max()) if len(self.idf_) else 1.0
        self.owners_ = np.asarray(owners, dtype=np.int32)
        self.starts_ = np.searchsorted(self.owners_, np.arange(len(self.entries_)))
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self.is_text_ = np.asarray(is_text, dtype=bool)
        # An entry with question phrasings gets a share of its text score; a passage, all of it.
        self.text_factor_ = np.array([self.text_weight if e.questions else 1.0 for e in self.entries_], dtype=np.float32)
        owner_matrix = sparse.csr_matrix((np.ones(len(owners), dtype=np.float32), (owners, np.arange(len(owners)))), shape=(len(self.entries_), len(owners)))
        bags = ((owner_matrix @ self.matrix_) > 0).astype(np.float32).tocsr()
        self.bag_terms_ = bags  # rows: which terms each entry holds (for matched terms)
        self.bags_ = bags.tocsc()
        df = np.asarray(self.bags_.sum(axis=0)).ravel()
        n = len(self.entries_)
        self.entry_idf_ = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        self.unknown_entry_idf_ = float(np.log(1 + n) + 1)
        self.speller_ = Speller(_surface_words(self.analyzer_.seen_words, self.synonyms))
        self.analyzer_.seen_words = set()
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "matrix_"):
            raise NotFittedError("this Retriever is not fitted yet; call fit(entries) first")

    def query_terms(self, query: str) -> list[str]:
        """The index terms of a query, after typo correction."""
        self._check_fitted()
        tokens = join_compounds(tokenize(query), self.speller_.words)
        if self.correct_typos:
            tokens = [self._correct(t) for t in tokens]
        return self.analyzer_.terms(tokens)

    def _correct(self, token: str) -> str:
        return token if stem(token) in self.vocabulary_ else self.speller_.correct(token)

    def search(self, query: str, k: int = 5) -> list[Match]:
        """The best `k` entries for `query`, best first; scores in 0..1."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k!r}")
        terms = self.query_terms(query)
        if not terms:
            return []
        counts = Counter(terms)
        known = [(self.vocabulary_[t], 1 + math.log(c)) for t, c in counts.items() if t in self.vocabulary_]
        if not known:
            return []
        columns = np.array([c for c, _ in known])
        tf = np.array([f for _, f in known])
        unknown_tf = sum(1 + math.log(c) for t, c in counts.items() if t not in self.vocabulary_)
        similarity = self._similarity(columns, tf * self.idf_[columns], unknown_tf * self.unknown_idf_)
        coverage = self._coverage(columns, tf * self.entry_idf_[columns], unknown_tf * self.unknown_entry_idf_)
        a = self.coverage_weight
        scores = np.power(coverage, a) * np.power(np.maximum(similarity, 0), 1 - a)
        return self._top(scores, k, columns)

    def _similarity(self, columns: np.ndarray, weights: np.ndarray, unknown: float) -> np.ndarray:
        """Per entry, its best question cosine plus its share of the text cosine."""
        norm = math.sqrt(float(weights @ weights) + unknown**2)
        unit_scores = self.matrix_[:, columns] @ (weights / norm)
        question_best = np.maximum.reduceat(np.where(self.is_text_, 0, unit_scores), self.starts_)
        text_best = np.maximum.reduceat(np.where(self.is_text_, unit_scores, 0), self.starts_)
        return question_best + self.text_factor_ * text_best  # ranks past 1; reported capped

    def _coverage(self, columns: np.ndarray, weights: np.ndarray, unknown: float) -> np.ndarray:
        """Per entry, the share of the query's information found among its words."""
        return (self.bags_[:, columns] @ (weights**2)) / (float(weights @ weights) + unknown**2)

    def _top(self, scores: np.ndarray, k: int, columns: np.ndarray) -> list[Match]:
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        matches = []
        for index in top:
            if scores[index] <= 0:
                break
            matches.append(Match(self.entries_[index], float(min(scores[index], 1.0)), self._shared(index, columns)))
        return matches

    def _shared(self, index: int, columns: np.ndarray) -> tuple[str, ...]:
        """The query terms that occur in any unit of entry `index`."""
        held = set(self.bag_terms_.indices[self.bag_terms_.indptr[index] : self.bag_terms_.indptr[index + 1]].tolist())
        return tuple(str(self.feature_names_[c]) for c in columns if c in held)


def _surface_words(indexed: set[str], synonyms: list[list[str]]) -> set[str]:
    """Words of the indexed texts and synonyms that a typo may be corrected to."""
    words = indexed | set(tokenize(" ".join(term for group in synonyms for term in group)))
    return {w for w in words if not w.isdigit()}


def join_compounds(tokens: list[str], known: frozenset[str]) -> list[str]:
    """Join two words the knowledge base writes as one ("corona virus" -> "coronavirus")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if pair in known and len(tokens[i]) > 2 and len(tokens[i + 1]) > 2:
            out.append(pair)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out
