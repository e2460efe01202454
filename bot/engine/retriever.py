"""TF-IDF retrieval over FAQ questions, their phrasings and passages (no Flask).

Each entry contributes several *units* to one TF-IDF matrix: every question
phrasing, and its answer or passage text. A query is scored against every unit
by cosine similarity. An entry's similarity is its best question score plus a
share (`text_weight`) of its answer score; a passage, which has no question
phrasings, counts its text score in full. That is combined with the entry's
*coverage*: how much of the query's information (IDF-weighted) its words hold
at all. The product is the word score.

A second, independent view checks it: the *semantic check*. Every unit also
gets a vector, the IDF-weighted sum of static word vectors (bot/engine/vectors.py),
so "vulnerable" is near "at risk" without sharing a word. An entry's semantic
similarity is its best question's cosine plus a small share of its text's.
`Match.semantic_gap` is how far an entry trails the semantically closest one
(passages are compared with passages, entries with questions with their kind);
the score is cut by a share of that gap. Whether the best match is given as
an answer is decided by the confidence model (bot/engine/confidence.py) from these
figures, which every Match carries. Questions that plainly
ask for a kind of answer ("what should I do", "who") favour entries whose
questions ask for the same kind. Entries rank by the score, reported capped at 1.

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

from bot.engine.knowledge import Entry
from bot.engine.text import Analyzer, Speller, Synonyms, question_type, stem, tokenize
from bot.engine.tfidf import TfidfVectorizer
from bot.engine.vectors import shipped as shipped_vectors

# In the semantic check an FAQ entry is mostly its questions: a long answer's
# vector drifts toward the topic at large. A passage counts its text in full.
SEMANTIC_TEXT_WEIGHT = 0.15
# An entry's score is cut by this share of how far it trails the semantically
# closest entry: of two entries that share the query's words, the one that is
# also closer in meaning ranks first.
SEMANTIC_PENALTY = 0.6


class Match(NamedTuple):
    """One retrieved entry: its score in 0..1, the query terms it shares, how far its
    semantic similarity is behind the best entry's (0 = it is the best), the share of
    the query's information its words cover, its semantic similarity, the share of the
    query the knowledge base has never seen, and its word similarity before coverage."""

    entry: Entry
    score: float
    terms: tuple[str, ...]
    semantic_gap: float = 0.0
    coverage: float = 0.0
    semantic: float = 0.0
    unknown_share: float = 0.0
    similarity: float = 0.0


class NotFittedError(RuntimeError):
    """The retriever was used before `fit()`."""


class Retriever:
    """A TF-IDF index of knowledge entries: `fit(entries)`, then `search(query)`."""

    def __init__(
        self,
        *,
        synonyms: Iterable[Iterable[str]] = (),
        text_weight: float = 0.5,
        coverage_weight: float = 0.5,
        correct_typos: bool = True,
        type_bonus: float = 0.2,
    ):
        if not 0 < text_weight <= 1:
            raise ValueError(f"text_weight must be in (0, 1], got {text_weight!r}")
        if not 0 <= coverage_weight <= 1:
            raise ValueError(f"coverage_weight must be in [0, 1], got {coverage_weight!r}")
        self.synonyms = [list(g) for g in synonyms]
        self.text_weight = text_weight
        self.coverage_weight = coverage_weight
        self.correct_typos = correct_typos
        if not 0 <= type_bonus <= 1:
            raise ValueError(f"type_bonus must be in [0, 1], got {type_bonus!r}")
        self.type_bonus = type_bonus

    def fit(self, entries: Sequence[Entry]) -> "Retriever":
        """Build the index over `entries`; returns self."""
        from scipy import sparse  # here, not at import: a tenth of a second that `import app` need not pay

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
        self.vectorizer_ = TfidfVectorizer(analyzer=self.analyzer_)
        self.matrix_ = self.vectorizer_.fit_transform(texts).tocsc()
        text_rows = np.flatnonzero(is_text)
        self.content_terms_ = frozenset(np.unique(self.matrix_[text_rows].tocsr().indices).tolist()) if len(text_rows) else frozenset()
        self.vocabulary_ = self.vectorizer_.vocabulary_
        self.idf_ = self.vectorizer_.idf_
        self.unknown_idf_ = float(self.idf_.max()) if len(self.idf_) else 1.0
        self.owners_ = np.asarray(owners, dtype=np.int32)
        self.starts_ = np.searchsorted(self.owners_, np.arange(len(self.entries_)))
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self.is_text_ = np.asarray(is_text, dtype=bool)
        # An entry with question phrasings gets a share of its text score; a passage, all of it.
        self.has_questions_ = np.array([bool(e.questions) for e in self.entries_])
        self.text_factor_ = np.where(self.has_questions_, self.text_weight, 1.0).astype(np.float32)
        self.semantic_text_factor_ = np.where(self.has_questions_, SEMANTIC_TEXT_WEIGHT, 1.0).astype(np.float32)
        owner_matrix = sparse.csr_matrix((np.ones(len(owners), dtype=np.float32), (owners, np.arange(len(owners)))), shape=(len(self.entries_), len(owners)))
        bags = ((owner_matrix @ self.matrix_) > 0).astype(np.float32).tocsr()
        self.bag_terms_ = bags  # rows: which terms each entry holds (for matched terms)
        self.bags_ = bags.tocsc()
        df = np.asarray(self.bags_.sum(axis=0)).ravel()
        n = len(self.entries_)
        self.entry_idf_ = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        self.unknown_entry_idf_ = float(np.log(1 + n) + 1)
        self.speller_ = Speller(_surface_words(self.analyzer_.seen_words, self.synonyms))
        # Per question kind, the score factor of every entry (bonus where one of its questions asks it).
        kinds = [{question_type(q) for q in e.questions} for e in self.entries_]
        self.type_factors_ = {
            kind: np.array([1 + self.type_bonus if kind in k else 1.0 for k in kinds], dtype=np.float32) for kind in set().union(*kinds) - {None}
        }
        # Each phrasing, normalized, and the entry it belongs to: a question asked exactly as staff wrote it.
        self.phrasings_ = {" ".join(tokenize(q)): index for index, entry in enumerate(self.entries_) for q in entry.questions}
        self.vectors_ = shipped_vectors()
        self.term_vectors_ = self._term_vectors(self.analyzer_.seen_words)
        self.unit_vectors_ = _unit_rows(self.matrix_ @ self.term_vectors_)
        self.analyzer_.seen_words = set()
        return self

    def _term_vectors(self, words: set[str]) -> np.ndarray:
        """One unit vector per index term: the mean of the vectors of the words it stands for."""
        out = np.zeros((len(self.idf_), self.vectors_.dims), dtype=np.float32)
        for word in words:
            terms = self.analyzer_.terms([word])
            vector = self.vectors_.vector(word)
            if len(terms) == 1 and terms[0] in self.vocabulary_ and vector is not None:
                out[self.vocabulary_[terms[0]]] += vector
        return _unit_rows(out)

    def _check_fitted(self) -> None:
        if not hasattr(self, "matrix_"):
            raise NotFittedError("this Retriever is not fitted yet; call fit(entries) first")

    def query_terms(self, query: str) -> list[str]:
        """The index terms of a query, after typo correction."""
        return self.analyzer_.terms(self.query_words(query))

    def query_words(self, query: str) -> list[str]:
        """The words of a query, compounds joined and typos corrected."""
        self._check_fitted()
        tokens = join_compounds(tokenize(query), self.speller_.words)
        return [self._correct(t) for t in tokens] if self.correct_typos else tokens

    def exact_entry(self, query: str) -> Entry | None:
        """The entry one of whose phrasings is this query, word for word (case and punctuation aside)."""
        self._check_fitted()
        index = self.phrasings_.get(" ".join(tokenize(query)))
        return self.entries_[index] if index is not None else None

    def known_words(self, text: str, limit: int | None = None) -> list[str]:
        """The words of `text` that the content itself uses (answers and passages, not the ways
        visitors ask), the most informative first when `limit` is set: context that can only help a match."""
        words = [
            w for w in dict.fromkeys(self.query_words(text))
            if (terms := self.analyzer_.terms([w])) and all(t in self.vocabulary_ and self.vocabulary_[t] in self.content_terms_ for t in terms)
        ]
        if limit is not None:
            weight = {w: max(self.idf_[self.vocabulary_[t]] for t in self.analyzer_.terms([w])) for w in words}
            words = sorted(words, key=lambda w: -weight[w])[:limit]
        return words

    def _correct(self, token: str) -> str:
        return token if stem(token) in self.vocabulary_ else self.speller_.correct(token)

    def search(self, query: str, k: int = 5) -> list[Match]:
        """The best `k` entries for `query`, best first; scores in 0..1."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k!r}")
        words = self.query_words(query)
        terms = self.analyzer_.terms(words)
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
        kind = question_type(query)
        if kind in self.type_factors_:
            scores = scores * self.type_factors_[kind]
        semantic = self._semantic(words, columns, tf * self.idf_[columns])
        # Question cosines run higher than passage cosines: compare like with like.
        best = np.where(self.has_questions_, semantic[self.has_questions_].max(initial=0), semantic[~self.has_questions_].max(initial=0))
        gaps = best - semantic
        unknown_share = unknown_tf / (unknown_tf + float(tf.sum()))
        return self._top(scores * np.maximum(1 - SEMANTIC_PENALTY * gaps, 0), k, columns, gaps, coverage, semantic, unknown_share, similarity)

    def _semantic(self, words: list[str], columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Per entry, its best question's vector cosine plus its share of the text's.

        The query vector is its known terms' vectors and its unknown words' own
        vectors, weighted as in the TF-IDF query; a word-level view that does
        not depend on shared words, so it can vouch for (or against) a match."""
        vector = weights @ self.term_vectors_[columns]
        for word in words:
            terms = self.analyzer_.terms([word])
            if len(terms) == 1 and terms[0] not in self.vocabulary_ and (unknown := self.vectors_.vector(word)) is not None:
                vector = vector + self.unknown_idf_ * unknown
        norm = float(np.linalg.norm(vector))
        if not norm:
            return np.zeros(len(self.entries_), dtype=np.float32)
        unit_scores = np.maximum(self.unit_vectors_ @ (vector / norm).astype(np.float32), 0)
        question_best = np.maximum.reduceat(np.where(self.is_text_, 0, unit_scores), self.starts_)
        text_best = np.maximum.reduceat(np.where(self.is_text_, unit_scores, 0), self.starts_)
        return question_best + self.semantic_text_factor_ * text_best

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

    def _top(self, scores: np.ndarray, k: int, columns: np.ndarray, gaps: np.ndarray, coverage: np.ndarray, semantic: np.ndarray,
             unknown_share: float, similarity: np.ndarray) -> list[Match]:
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        matches = []
        for index in top:
            if scores[index] <= 0:
                break
            matches.append(Match(self.entries_[index], float(min(scores[index], 1.0)), self._shared(index, columns), float(gaps[index]),
                                 float(coverage[index]), float(semantic[index]), unknown_share, float(similarity[index])))
        return matches

    def _shared(self, index: int, columns: np.ndarray) -> tuple[str, ...]:
        """The query terms that occur in any unit of entry `index`."""
        held = set(self.bag_terms_.indices[self.bag_terms_.indptr[index] : self.bag_terms_.indptr[index + 1]].tolist())
        return tuple(str(self.feature_names_[c]) for c in columns if c in held)


def _unit_rows(matrix) -> np.ndarray:
    """`matrix` as dense float32 with every non-zero row scaled to length 1."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows /= np.where(norms > 0, norms, 1)  # in place: at 100k passages this is 50 MB
    return rows


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
