"""TF-IDF retrieval over FAQ questions, their phrasings and passages (no Flask).

Each entry contributes several *units* to one TF-IDF matrix: every question
phrasing, and its answer or passage text. A query is scored against units by
cosine similarity, but only the units of its *candidates*: the entries that
share a term with it, read from the postings of its terms. Past `pool`
candidates (a question of common words), only those with the best upper bound
of the score (summed from an entry x term table made at fit time) are scored in
full. An entry's similarity is its best question score plus a share
(`text_weight`) of its answer score; a passage, which has no question
phrasings, counts its text score in full. That is combined with the entry's
*coverage*: how much of the query's information (IDF-weighted) its words hold
at all. The product is the word score.

A second, independent view checks it: the *semantic check*. Every unit also
gets a vector, the IDF-weighted sum of static word vectors (bot/engine/vectors.py),
so "vulnerable" is near "at risk" without sharing a word. An entry's semantic
similarity is its best question's cosine plus a small share of its text's.
`Match.semantic_gap` is how far an entry trails the semantically closest one
(passages are compared with passages, entries with questions with their kind);
the score is cut by a share of that gap. In an index of up to `semantic_scan`
units the closest entry is sought among all of them (one small product); in a
bigger one, among the scored candidates and the entries of the units nearest
the question in a few groups of units (an inverted file made at fit time).
Whether the best match is given as an answer is decided by the confidence model
(bot/engine/confidence.py) from these figures, which every Match carries.
Questions that plainly ask for a kind of answer ("what should I do", "who")
favour entries whose questions ask for the same kind. Entries rank by the
score, reported capped at 1; entries that tie exactly, in index order.

What keeps one threshold meaningful across questions:
- words the knowledge base has never seen still count in the query's length,
  with the weight of the rarest known word, so "is ketamine addictive?" does
  not look like a perfect match for "ketamine" alone;
- typos are first corrected against the knowledge base's own words, and two
  words the knowledge base writes as one are joined ("corona virus").
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

import numpy as np

if TYPE_CHECKING:  # SciPy is imported where it is used: `import app` need not pay for it
    from scipy import sparse

from bot.engine.analysis import question_kind, tokens
from bot.engine.knowledge import Entry
from bot.engine.text import Analyzer, Speller, Synonyms, question_type, stem, tokenize
from bot.engine.tfidf import TfidfVectorizer, summed_by_term
from bot.engine.vectors import shipped as shipped_vectors

# In the semantic check an FAQ entry is mostly its questions: a long answer's
# vector drifts toward the topic at large. A passage counts its text in full.
SEMANTIC_TEXT_WEIGHT = 0.15
# An entry's score is cut by this share of how far it trails the semantically
# closest entry: of two entries that share the query's words, the one that is
# also closer in meaning ranks first.
SEMANTIC_PENALTY = 0.6
# Entries that share a term with a question are its candidates; past this many, only those with
# the best upper bound of the score are scored in full.
CANDIDATE_POOL = 256
# Up to this many indexed texts, the semantically closest entry is sought among all entries (a
# product of this many 128-number vectors takes about 0.1 ms); in a bigger index, among the candidates.
SEMANTIC_SCAN_UNITS = 5000
# In a bigger index the units are grouped around about sqrt(units) centres at fit time, and the closest
# entry is also sought in the groups of this many centres nearest the question (an inverted file): at 100k
# passages 8 groups find the same best entry as a pass over every entry in 283 of 300 questions, 16 in 289.
SEMANTIC_PROBES = 8


class Match(NamedTuple):
    """One retrieved entry: its score in 0..1, the query terms it shares, how far its
    semantic similarity is behind the best entry's (0 = it is the best), the share of
    the query's information its words cover, its semantic similarity, the share of the
    query the knowledge base has never seen, its word similarity before coverage, and the kinds of
    answer its questions ask for (bot.engine.text.question_type; None: read them from the entry)."""

    entry: Entry
    score: float
    terms: tuple[str, ...]
    semantic_gap: float = 0.0
    coverage: float = 0.0
    semantic: float = 0.0
    unknown_share: float = 0.0
    similarity: float = 0.0
    kinds: frozenset | None = None


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
        pool: int = CANDIDATE_POOL,
        semantic_scan: int = SEMANTIC_SCAN_UNITS,
        probes: int = SEMANTIC_PROBES,
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
        if pool < 1:
            raise ValueError(f"pool must be at least 1, got {pool!r}")
        self.pool = pool
        self.semantic_scan = semantic_scan
        if probes < 1:
            raise ValueError(f"probes must be at least 1, got {probes!r}")
        self.probes = probes

    def fit(self, entries: Sequence[Entry]) -> "Retriever":
        """Build the index over `entries`; returns self."""

        if not entries:
            raise ValueError("cannot fit a retriever on no entries")
        self.analyzer_ = Analyzer(Synonyms(self.synonyms))
        texts, owners, is_text = _units(entries)
        self.vectorizer_ = TfidfVectorizer(analyzer=self.analyzer_)
        self.matrix_ = self.vectorizer_.fit_transform(texts).tocsr()  # units x terms: a unit's terms, for the candidates' exact scores
        text_rows = np.flatnonzero(is_text)
        self.content_terms_ = frozenset(np.unique(self.matrix_[text_rows].indices).tolist()) if len(text_rows) else frozenset()
        self.vocabulary_ = self.vectorizer_.vocabulary_
        self.idf_ = self.vectorizer_.idf_
        self.unknown_idf_ = float(self.idf_.max()) if len(self.idf_) else 1.0
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        self._set_entries(list(entries), owners, is_text, [frozenset(question_type(q) for q in e.questions) for e in entries])
        self.upper_ = _upper_bounds(self.matrix_, self.owners_, self.is_text_, self.text_factor_, len(self.entries_))
        df = np.diff(self.upper_.indptr).astype(np.float32)  # as a float32 column sum: the same IDF to the last bit
        n = len(self.entries_)
        self.entry_idf_ = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        self.unknown_entry_idf_ = float(np.log(1 + n) + 1)
        self.speller_ = Speller(_surface_words(self.analyzer_.seen_words, self.synonyms))
        # Each phrasing, normalized, and the entry it belongs to: a question asked exactly as staff wrote it.
        self.phrasings_ = _phrasings(self.entries_)
        self.vectors_ = shipped_vectors()
        self.term_vectors_ = self._term_vectors(self.analyzer_.seen_words)
        self.centres_ = None
        self._set_vectors(_unit_rows(summed_by_term(self.matrix_, self.term_vectors_)))
        self.analyzer_.seen_words = set()
        return self

    def with_changes(self, changed: Sequence[Entry] = (), removed: Iterable[str] = ()) -> "Retriever":
        """A copy of this index with the `changed` entries added (in place of any with the same id) and the
        `removed` ids gone, without fitting again: the new texts are weighted with the fitted IDF, whose
        changes wait for the next `fit`; words the index has never seen get the IDF of their new texts alone.
        This index is untouched."""
        from scipy import sparse

        self._check_fitted()
        gone = set(removed) | {e.id for e in changed}
        keep = np.array([i for i, e in enumerate(self.entries_) if e.id not in gone], dtype=np.int64)
        entries = [self.entries_[i] for i in keep] + list(changed)
        if not entries:
            raise ValueError("cannot leave a retriever with no entries")
        texts, owners, is_text = _units(changed)
        analysed = [self.analyzer_(text) for text in texts]
        words, self.analyzer_.seen_words = self.analyzer_.seen_words, set()  # the analyzer remembers the words it reads
        sizes = self.starts_[keep + 1] - self.starts_[keep]
        kept = _ranges(self.starts_[keep], self.starts_[keep + 1])
        new = copy.copy(self)
        new._add_terms(analysed, words, owners, len(entries))
        added = _tfidf_rows(analysed, new.vocabulary_, new.idf_)
        new.matrix_ = sparse.vstack([_widen(self.matrix_[kept], len(new.idf_)), added], format="csr")
        kinds = [frozenset(question_type(q) for q in e.questions) for e in changed]
        factors = {kind: np.concatenate([self.type_factors_[kind][keep] if kind in self.type_factors_ else np.ones(len(keep), dtype=np.float32),
                                         np.array([1 + self.type_bonus if kind in k else 1.0 for k in kinds], dtype=np.float32)])
                   for kind in set(self.type_factors_).union(*kinds) - {None}}
        new._set_entries(entries, np.concatenate([np.repeat(np.arange(len(keep)), sizes), np.asarray(owners, dtype=np.int64) + len(keep)]),
                         np.concatenate([self.is_text_[kept], np.asarray(is_text, dtype=bool)]), [self.kinds_[i] for i in keep] + kinds,
                         np.concatenate([self.has_questions_[keep], np.array([bool(e.questions) for e in changed], dtype=bool)]), factors)
        upper = _upper_bounds(added, np.asarray(owners, dtype=np.int64), np.asarray(is_text, dtype=bool), new.text_factor_[len(keep):], len(changed))
        new.upper_ = sparse.vstack([_widen(self.upper_.tocsr()[keep], len(new.idf_)), upper], format="csr").tocsc()
        added_text = added[np.flatnonzero(is_text)].indices if len(texts) else np.array([], dtype=np.int32)
        new.content_terms_ = self.content_terms_ | frozenset(np.unique(added_text).tolist())
        new.phrasings_ = {phrase: entry for phrase, entry in self.phrasings_.items() if entry.id not in gone} | _phrasings(changed)
        vectors = _unit_rows(summed_by_term(added, new.term_vectors_))
        if self.unit_slots_ is not None and len(kept) and len(kept) + len(vectors) > self.semantic_scan:
            new._regroup(self.unit_slots_[kept], vectors)
        else:
            new._set_vectors(np.vstack([self.unit_vectors_[kept if self.unit_slots_ is None else self.unit_slots_[kept]], vectors]))
        return new

    def _add_terms(self, analysed: list[list[str]], words: set[str], owners: list[int], n_entries: int) -> None:
        """Index terms for the words of new texts the index has never seen, each with the IDF of the new
        texts alone (among as many texts, and entries, as the index holds); its speller learns them too."""
        new_terms = list(dict.fromkeys(t for terms in analysed for t in terms if t not in self.vocabulary_))
        if not new_terms:
            return
        first = len(self.idf_)
        self.vocabulary_ = {**self.vocabulary_, **{term: first + i for i, term in enumerate(new_terms)}}
        held: dict[int, set[str]] = {}
        for terms, owner in zip(analysed, owners):
            held.setdefault(owner, set()).update(terms)
        texts_with = Counter(t for terms in analysed for t in set(terms))
        entries_with = Counter(t for terms in held.values() for t in terms)
        df = np.array([texts_with[t] for t in new_terms], dtype=np.float64)
        entry_df = np.array([entries_with[t] for t in new_terms], dtype=np.float32)
        self.idf_ = np.concatenate([self.idf_, np.log((1 + len(self.owners_)) / (1 + df)) + 1]).astype(self.idf_.dtype)
        self.entry_idf_ = np.concatenate([self.entry_idf_, (np.log((1 + n_entries) / (1 + entry_df)) + 1).astype(np.float32)])
        self.feature_names_ = np.concatenate([self.feature_names_, np.array(new_terms, dtype=self.feature_names_.dtype)])
        self.term_vectors_ = np.vstack([self.term_vectors_, self._term_vectors(words)[first:]])
        self.speller_ = self.speller_.with_words(_surface_words(words, []))

    def _set_entries(self, entries: list[Entry], owners, is_text, kinds: list[frozenset], has_questions: np.ndarray | None = None,
                     type_factors: dict | None = None) -> None:
        """The entries and what is known of each: its units, whether it has questions, its kinds of question
        (`has_questions` and `type_factors`, when already known, are not worked out again)."""
        self.entries_ = entries
        self.owners_ = np.asarray(owners, dtype=np.int32)
        self.starts_ = np.searchsorted(self.owners_, np.arange(len(entries) + 1))
        self.all_units_ = np.arange(len(owners))
        self.is_text_ = np.asarray(is_text, dtype=bool)
        # An entry with question phrasings gets a share of its text score; a passage, all of it.
        self.has_questions_ = np.array([bool(e.questions) for e in entries], dtype=bool) if has_questions is None else has_questions
        self.text_factor_ = np.where(self.has_questions_, self.text_weight, 1.0).astype(np.float32)
        self.semantic_text_factor_ = np.where(self.has_questions_, SEMANTIC_TEXT_WEIGHT, 1.0).astype(np.float32)
        # Per question kind, the score factor of every entry (bonus where one of its questions asks it).
        self.kinds_ = kinds
        self.type_factors_ = type_factors if type_factors is not None else {
            kind: np.array([1 + self.type_bonus if kind in k else 1.0 for k in kinds], dtype=np.float32) for kind in set().union(*kinds) - {None}
        }

    def _set_vectors(self, vectors: np.ndarray, groups: np.ndarray | None = None) -> None:
        """The unit vectors, in unit order; in a big index, grouped around the fitted centres (or new ones).
        `groups`: each unit's group where known, -1 where not."""
        self.unit_vectors_, self.unit_slots_ = vectors, None
        if len(vectors) > self.semantic_scan:
            if self.centres_ is None:
                self._cluster_units()
                return
            groups = np.full(len(vectors), -1) if groups is None else groups
            unknown = np.flatnonzero(groups < 0)
            groups[unknown] = _nearest(vectors[unknown], self.centres_)
            self._group_units(groups)

    def _regroup(self, kept_slots: np.ndarray, added: np.ndarray) -> None:
        """The grouped unit vectors of a changed index: the rows at `kept_slots` of this index's (in unit
        order), then `added` ones, each put in its group with one copy of the rows."""
        groups = np.concatenate([self.unit_groups_[self.unit_order_[kept_slots]], _nearest(added, self.centres_)])
        order = np.argsort(groups, kind="stable")
        is_added = order >= len(kept_slots)
        vectors = self.unit_vectors_[np.where(is_added, 0, kept_slots[np.minimum(order, len(kept_slots) - 1)])]  # the kept rows, one copy
        vectors[is_added] = added[order[is_added] - len(kept_slots)]
        self.unit_vectors_ = vectors
        self.unit_groups_ = groups
        self.list_starts_ = np.searchsorted(groups[order], np.arange(len(self.centres_) + 1))
        self.unit_order_ = order.astype(np.int32)
        self.unit_slots_ = np.empty(len(order), dtype=np.int32)
        self.unit_slots_[order] = np.arange(len(order), dtype=np.int32)

    def _cluster_units(self, iterations: int = 4) -> None:
        """Group the unit vectors around about sqrt(units) centres (spherical k-means on a sample), and
        store them group by group, so that the units near a query vector are a few contiguous slices."""
        vectors = self.unit_vectors_
        lists = max(1, int(math.sqrt(len(vectors))))
        rng = np.random.default_rng(0)
        sample = vectors[rng.choice(len(vectors), min(len(vectors), 32 * lists), replace=False)]
        centres = sample[rng.choice(len(sample), lists, replace=False)]
        for _ in range(iterations):
            nearest = _nearest(sample, centres)
            sums = np.zeros_like(centres)
            np.add.at(sums, nearest, sample)
            centres = np.where(np.bincount(nearest, minlength=lists)[:, None] > 0, sums, centres)
            centres = _unit_rows(centres)
        self.centres_ = centres
        self._group_units(_nearest(vectors, centres))

    def _group_units(self, nearest: np.ndarray) -> None:
        """Store the unit vectors (in unit order) group by group: `nearest` is each unit's group."""
        order = np.argsort(nearest, kind="stable")
        self.unit_groups_ = nearest
        self.list_starts_ = np.searchsorted(nearest[order], np.arange(len(self.centres_) + 1))
        self.unit_vectors_ = self.unit_vectors_[order]  # group by group; a unit's row is unit_slots_[unit]
        self.unit_order_ = order.astype(np.int32)
        self.unit_slots_ = np.empty(len(order), dtype=np.int32)
        self.unit_slots_[order] = np.arange(len(order), dtype=np.int32)

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
        words = join_compounds(tokens(query), self.speller_.words)
        return [self._correct(t) for t in words] if self.correct_typos else words

    def exact_entry(self, query: str) -> Entry | None:
        """The entry one of whose phrasings is this query, word for word (case and punctuation aside)."""
        self._check_fitted()
        return self.phrasings_.get(" ".join(tokens(query)))

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
        """The best `k` entries for `query`, best first; scores in 0..1.

        Only entries that share a term with the query are scored (their postings in
        the index); when there are more than `pool` of them, the `pool` with the best
        cheap upper bound of the score."""
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
        weights = tf * self.idf_[columns]
        coverage_weights = tf * self.entry_idf_[columns]
        norm = math.sqrt(float(weights @ weights) + (unknown_tf * self.unknown_idf_) ** 2)
        held = float(coverage_weights @ coverage_weights) + (unknown_tf * self.unknown_entry_idf_) ** 2
        kind = question_kind(query)
        pool = self._candidates(columns, weights / norm, coverage_weights**2 / held, kind)
        if not len(pool):
            return []
        units = _ranges(self.starts_[pool], self.starts_[pool + 1])
        sizes = self.starts_[pool + 1] - self.starts_[pool]
        unit_starts = np.cumsum(sizes) - sizes
        shares = _block(self.matrix_, units, columns)
        # Summed term by term in the query's order, as a sparse product would: the same figures to the last bit.
        similarity = self._best_of(_ordered_sum(shares, weights / norm), units, unit_starts, self.text_factor_[pool])
        holds = np.maximum.reduceat(shares > 0, unit_starts).astype(np.float64)  # which query terms each entry holds
        coverage = _ordered_sum(holds, coverage_weights**2) / held
        a = self.coverage_weight
        scores = np.power(coverage, a) * np.power(np.maximum(similarity, 0), 1 - a)
        if kind in self.type_factors_:
            scores = scores * self.type_factors_[kind][pool]
        semantic, best = self._semantic(words, columns, weights, pool, units, unit_starts)
        gaps = best - semantic
        unknown_share = unknown_tf / (unknown_tf + float(tf.sum()))
        scores = scores * np.maximum(1 - SEMANTIC_PENALTY * gaps, 0)
        order = np.lexsort((pool, -scores))[:k]
        return [
            Match(self.entries_[pool[i]], float(min(scores[i], 1.0)), self._shared(holds[i], columns), float(gaps[i]),
                  float(coverage[i]), float(semantic[i]), unknown_share, float(similarity[i]), self.kinds_[pool[i]])
            for i in order if scores[i] > 0
        ]

    def _candidates(self, columns: np.ndarray, weights: np.ndarray, coverage_weights: np.ndarray, kind: str | None) -> np.ndarray:
        """The entries that hold a query term, in index order; at most `pool` of them, those with the
        best upper bound of the score (the weighted mean of coverage and the summed term weights)."""
        a = self.coverage_weight
        spans = [(self.upper_.indptr[c], self.upper_.indptr[c + 1]) for c in columns]
        postings = sum(stop - start for start, stop in spans)
        n = len(self.entries_)
        dense = 4 * postings >= n  # an array of every entry then costs no more than the postings do
        if dense:
            bound = np.zeros(n, dtype=np.float32)
        else:
            found = np.sort(_unique(np.concatenate([self.upper_.indices[start:stop] for start, stop in spans]), n))
            if len(found) <= self.pool:
                return found
            bound = np.empty(n, dtype=np.float32)  # only `found` is written and read
            bound[found] = 0
        for (start, stop), w, cw in zip(spans, weights, coverage_weights):
            np.add.at(bound, self.upper_.indices[start:stop], np.float32(a * cw) + np.float32((1 - a) * w) * self.upper_.data[start:stop])
        if dense:
            if max(stop - start for start, stop in spans) <= self.pool and np.count_nonzero(bound) <= self.pool:
                return np.flatnonzero(bound)
            found = None
        values = bound if dense else bound[found]
        if kind in self.type_factors_:
            values = values * (self.type_factors_[kind] if dense else self.type_factors_[kind][found])
        best = _largest(values, self.pool)
        return np.sort(best if dense else found[best])

    def _best_of(self, unit_scores: np.ndarray, units: np.ndarray, unit_starts: np.ndarray, text_factor: np.ndarray) -> np.ndarray:
        """Per entry, its best question score plus `text_factor` times its best text score."""
        is_text = self.is_text_[units]
        question_best = np.maximum.reduceat(np.where(is_text, 0, unit_scores), unit_starts) if len(units) else unit_scores
        text_best = np.maximum.reduceat(np.where(is_text, unit_scores, 0), unit_starts) if len(units) else unit_scores
        return question_best + text_factor * text_best

    def _semantic(self, words: list[str], columns: np.ndarray, weights: np.ndarray, pool: np.ndarray, units: np.ndarray,
                  unit_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pool entry, its best question's vector cosine plus its share of the text's; and the
        semantically closest entry's figure, for each entry's kind (with questions, or a passage).

        The query vector is its known terms' vectors and its unknown words' own
        vectors, weighted as in the TF-IDF query; a word-level view that does
        not depend on shared words, so it can vouch for (or against) a match.
        In an index of up to `semantic_scan` units, the closest entry is sought among
        all entries; in a bigger one, among the pool and the entries of the units in the
        `probes` groups whose centres are closest to the query."""
        vector = weights @ self.term_vectors_[columns]
        for word in words:
            terms = self.analyzer_.terms([word])
            if len(terms) == 1 and terms[0] not in self.vocabulary_ and (unknown := self.vectors_.vector(word)) is not None:
                vector = vector + self.unknown_idf_ * unknown
        norm = float(np.linalg.norm(vector))
        if not norm:
            return np.zeros(len(pool), dtype=np.float32), np.zeros(len(pool), dtype=np.float32)
        vector = (vector / norm).astype(np.float32)
        if len(self.owners_) <= self.semantic_scan:
            every = self._best_of(np.maximum(self.unit_vectors_ @ vector, 0), self.all_units_, self.starts_[:-1], self.semantic_text_factor_)
            semantic, has_questions = every[pool], self.has_questions_
        else:
            semantic = self._best_of(np.maximum(self.unit_vectors_[self.unit_slots_[units]] @ vector, 0), units, unit_starts, self.semantic_text_factor_[pool])
            near = self._near_entries(vector)
            near_units = _ranges(self.starts_[near], self.starts_[near + 1])
            near_sizes = self.starts_[near + 1] - self.starts_[near]
            near_semantic = self._best_of(np.maximum(self.unit_vectors_[self.unit_slots_[near_units]] @ vector, 0), near_units,
                                          np.cumsum(near_sizes) - near_sizes, self.semantic_text_factor_[near])
            every = np.concatenate([semantic, near_semantic])
            has_questions = np.concatenate([self.has_questions_[pool], self.has_questions_[near]])
        # Question cosines run higher than passage cosines: compare like with like.
        best = np.where(self.has_questions_[pool], every[has_questions].max(initial=0), every[~has_questions].max(initial=0))
        return semantic, best

    def _near_entries(self, vector: np.ndarray, keep: int = 64) -> np.ndarray:
        """The entries of the `keep` units closest to `vector` among the groups of the `probes` nearest centres."""
        groups = np.sort(_largest(self.centres_ @ vector, min(self.probes, len(self.centres_))))
        starts, stops = self.list_starts_[groups], self.list_starts_[groups + 1]
        scores = np.concatenate([self.unit_vectors_[start:stop] @ vector for start, stop in zip(starts.tolist(), stops.tolist())])
        slots = _ranges(starts, stops)
        closest = slots[_largest(scores, min(keep, len(scores)))] if len(scores) else slots
        return np.unique(self.owners_[self.unit_order_[closest]])

    def _shared(self, held: np.ndarray, columns: np.ndarray) -> tuple[str, ...]:
        """The query terms that an entry holds (`held`, one flag a term), in the query's order."""
        return tuple(str(self.feature_names_[c]) for c, h in zip(columns, held) if h)


def _unit_rows(matrix) -> np.ndarray:
    """`matrix` as dense float32 with every non-zero row scaled to length 1."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows /= np.where(norms > 0, norms, 1)  # in place: at 100k passages this is 50 MB
    return rows


def _units(entries: Sequence[Entry]) -> tuple[list[str], list[int], list[bool]]:
    """The texts indexed for `entries`: each question phrasing, and the answer (a passage with its title);
    with the position of the entry each belongs to, and whether it is the answer."""
    texts, owners, is_text = [], [], []
    for index, entry in enumerate(entries):
        for question in entry.questions:
            texts.append(question)
            owners.append(index)
            is_text.append(False)
        if entry.answer:
            texts.append(f"{entry.title if entry.kind == 'passage' else ''} {entry.answer}")
            owners.append(index)
            is_text.append(True)
    return texts, owners, is_text


def _tfidf_rows(analysed: list[list[str]], vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    """The TF-IDF rows of analysed texts, as the vectorizer makes them: 1 + log(count), times IDF, length 1."""
    from scipy import sparse

    indptr, indices, data = [0], [], []
    for terms in analysed:
        counts = Counter(t for t in terms if t in vocabulary)
        columns = np.array([vocabulary[t] for t in counts], dtype=np.int32)
        weights = (np.log(np.array(list(counts.values()), dtype=np.float64)) + 1) * idf[columns] if len(columns) else np.zeros(0)
        norm = float(np.linalg.norm(weights))
        indices.append(columns)
        data.append(weights / norm if norm else weights)
        indptr.append(indptr[-1] + len(columns))
    return sparse.csr_matrix((np.concatenate(data or [np.zeros(0)]).astype(np.float32), np.concatenate(indices or [np.zeros(0, dtype=np.int32)]),
                              np.array(indptr)), shape=(len(analysed), len(idf)))


def _widen(matrix: sparse.csr_matrix, columns: int) -> sparse.csr_matrix:
    """`matrix` with more (empty) columns."""
    from scipy import sparse

    return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], columns))


def _phrasings(entries: Sequence[Entry]) -> dict[str, Entry]:
    """Each phrasing of the entries, normalized, and its entry."""
    return {" ".join(tokenize(q)): entry for entry in entries for q in entry.questions}


def _upper_bounds(matrix: sparse.csr_matrix, owners: np.ndarray, is_text: np.ndarray, text_factor: np.ndarray, n_entries: int) -> sparse.csc_matrix:
    """Entries x terms: an entry's best question weight of a term plus its share of the
    text's weight. Summed over a query's terms it is at least the entry's similarity."""
    from scipy import sparse

    units = matrix.tocoo()
    unit_owners = owners[units.row]
    factor = np.where(is_text[units.row], text_factor[unit_owners], 0).astype(np.float64)
    questions = ~is_text[units.row]
    # The best question weight of each (entry, term): sort by the pair, then take each run's maximum.
    keys = unit_owners[questions].astype(np.int64) * units.shape[1] + units.col[questions]
    order = np.argsort(keys, kind="stable")
    keys, weights = keys[order], units.data[questions][order].astype(np.float64)
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], dtype=np.int64)
    best = np.maximum.reduceat(weights, first) if len(keys) else weights
    n_terms = units.shape[1]
    rows = np.r_[keys[first] // n_terms, unit_owners[~questions]]
    cols = np.r_[keys[first] % n_terms, units.col[~questions]]
    data = np.r_[best, units.data[~questions] * factor[~questions]]
    upper = sparse.csc_matrix((data.astype(np.float32), (rows, cols)), shape=(n_entries, n_terms))
    upper.sum_duplicates()
    upper.sort_indices()
    return upper


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The integers of every range [start, stop), one after the other."""
    lengths = stops - starts
    offsets = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)


def _block(matrix: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """matrix[rows][:, columns] as a dense float64 array, read from the rows alone."""
    starts, stops = matrix.indptr[rows], matrix.indptr[rows + 1]
    at = _ranges(starts, stops)
    order = np.argsort(columns)
    terms = matrix.indices[at]
    place = np.minimum(np.searchsorted(columns[order], terms), len(columns) - 1)
    found = columns[order][place] == terms
    out = np.zeros((len(rows), len(columns)))
    out[np.repeat(np.arange(len(rows)), stops - starts)[found], order[place[found]]] = matrix.data[at][found]
    return out


def _ordered_sum(block: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """block @ weights, summed column by column in order (as scipy's sparse product sums)."""
    total = np.zeros(len(block))
    for j, w in enumerate(weights):
        total += block[:, j] * w
    return total


def _largest(values: np.ndarray, count: int, stride: int = 32) -> np.ndarray:
    """The positions of the `count` largest values (in no order). Among many values, those above a
    threshold read from a sample are partitioned, not all of them."""
    if len(values) > 16 * count:
        sample = np.sort(values[::stride])
        threshold = sample[max(len(sample) - max(4 * count // stride, 1), 0)]  # about 4 x count values lie above it
        above = np.flatnonzero(values >= threshold)
        if len(above) >= count:
            return above[np.argpartition(-values[above], count - 1)[:count]]
    return np.argpartition(-values, count - 1)[:count]


def _nearest(vectors: np.ndarray, centres: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """For each vector, the centre with the largest dot product (in chunks: no units x centres array)."""
    return np.concatenate([np.argmax(vectors[i : i + chunk] @ centres.T, axis=1) for i in range(0, len(vectors), chunk)]) if len(vectors) else np.zeros(0, dtype=np.int64)


def _unique(rows: np.ndarray, n: int) -> np.ndarray:
    """The distinct values of `rows` (all in range(n)), without sorting: each value keeps the
    one position whose write landed, whichever it is."""
    slot = np.empty(n, dtype=np.int64)
    positions = np.arange(len(rows))
    slot[rows] = positions
    return rows[slot[rows] == positions]


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
