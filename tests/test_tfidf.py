"""TF-IDF weights: the same numbers as scikit-learn's TfidfVectorizer, without importing it at run time."""

import numpy as np
import pytest

from bot.engine.text import Analyzer, Synonyms
from bot.engine.tfidf import TfidfVectorizer
from bot.kbformat.reader import load
from tests.conftest import KNOWLEDGE


def shipped_texts() -> tuple[list[str], Analyzer]:
    """The texts the retriever indexes for the shipped knowledge, and its analyzer."""
    kb = load(KNOWLEDGE)
    texts = [q for e in kb.entries for q in e.questions] + [f"{e.title} {e.answer}" for e in kb.entries if e.answer]
    return texts, Analyzer(Synonyms(kb.synonyms))


@pytest.mark.parametrize("block", [16384, 3], ids=["one block", "blocks of 3 rows"])
@pytest.mark.parametrize("extra", [[], ["the", "ketamine ketamine ketamine infusion", "an only new word zzyzx"]])
def test_weights_are_scikit_learns_value_for_value(extra, block, monkeypatch):
    from sklearn.feature_extraction.text import TfidfVectorizer as Reference

    from bot.engine import tfidf

    monkeypatch.setattr(tfidf, "FIT_BLOCK", block)  # rows are sorted a block at a time: the same matrix

    texts, analyzer = shipped_texts()
    texts += extra  # a text of stop words only (an empty row), repeats, a word no other text has
    reference = Reference(analyzer=analyzer, sublinear_tf=True, norm="l2", dtype=np.float32)
    expected = reference.fit_transform(texts)
    expected.sort_indices()
    own = TfidfVectorizer(analyzer=analyzer)
    got = own.fit_transform(texts)
    assert own.vocabulary_ == reference.vocabulary_
    assert list(own.get_feature_names_out()) == list(reference.get_feature_names_out())
    assert own.idf_.dtype == reference.idf_.dtype and np.array_equal(own.idf_, reference.idf_)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)


def test_no_terms_at_all_is_an_error():
    with pytest.raises(ValueError, match="empty vocabulary"):
        TfidfVectorizer(analyzer=Analyzer()).fit_transform(["the", "and of"])
