"""Static word vectors: WordPiece split, word vectors, the shipped file."""

import numpy as np
import pytest

from bot.engine.vectors import WordVectors, shipped

TOKENS = ["pain", "##ful", "ke", "##tam", "##ine", "x"]
VECTORS = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1], [3, 4, 0]], dtype=np.float32)


@pytest.fixture(scope="module")
def tiny():
    return WordVectors(TOKENS, VECTORS)


@pytest.mark.parametrize(
    "word, pieces",
    [
        ("pain", ["pain"]),
        ("painful", ["pain", "##ful"]),
        ("ketamine", ["ke", "##tam", "##ine"]),
        ("painz", []),  # a piece the vocabulary lacks: no split at all
        ("", []),
    ],
)
def test_pieces_longest_first(tiny, word, pieces):
    assert tiny.pieces(word) == pieces


@pytest.mark.parametrize(
    "word, expected",
    [
        ("pain", [1, 0, 0]),
        ("x", [0.6, 0.8, 0]),
        ("painful", [2**-0.5, 2**-0.5, 0]),  # the mean of its pieces, made unit length
    ],
)
def test_word_vectors_are_unit_means_of_their_pieces(tiny, word, expected):
    assert np.allclose(tiny.vector(word), expected)


@pytest.mark.parametrize("word", ["painz", "", "q"])
def test_a_word_without_pieces_has_no_vector(tiny, word):
    assert tiny.vector(word) is None


def test_tokens_and_vectors_must_pair_up():
    with pytest.raises(ValueError, match="6 tokens but 2 vectors"):
        WordVectors(TOKENS, VECTORS[:2])


@pytest.mark.parametrize(
    "word, near, far",
    [
        ("doctor", "physician", "volcano"),
        ("children", "kids", "taxes"),
        ("cost", "price", "fever"),
        ("vulnerable", "susceptible", "pencil"),
        ("nauseous", "vomiting", "parking"),
        ("ketamine", "anesthetic", "umbrella"),  # split into pieces, still near its meaning
    ],
)
def test_shipped_vectors_put_related_words_closer(word, near, far):
    vectors = shipped()
    assert vectors.dims == 128 and len(vectors.index) > 29_000
    assert vectors.vector(word) @ vectors.vector(near) > vectors.vector(word) @ vectors.vector(far) + 0.1
