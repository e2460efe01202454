"""A message is analysed once: results shared inside one message, never kept past it."""

import pytest

from bot.engine.analysis import once_per_message, one_message


@pytest.fixture
def counted():
    calls = []

    @once_per_message
    def shout(text):
        calls.append(text)
        return text.upper()

    return shout, calls


def test_inside_one_message_each_text_is_analysed_once(counted):
    shout, calls = counted
    with one_message():
        assert [shout("a"), shout("b"), shout("a"), shout("a")] == ["A", "B", "A", "A"]
    assert calls == ["a", "b"]


def test_nothing_is_kept_from_one_message_to_the_next(counted):
    shout, calls = counted
    for _ in range(2):
        with one_message():
            shout("a")
    shout("a")  # outside a message: computed every time
    shout("a")
    assert calls == ["a"] * 4

