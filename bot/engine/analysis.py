"""A message is analysed once: what safety, small talk and retrieval read from it is shared (no Flask).

Reading one message, the engine asks for the same things many times: its
normalized text for the safety patterns (the floor, the risk words, the dose
questions), its cleaned text for small talk, its sentences, its tokens and its
kind of question for retrieval and the confidence model. Inside
`one_message()` (`Bot.ask` opens it) each such function computes its result for
a text once and every later reader gets it; outside, it simply computes.
Nothing is kept from one message to the next: no reply, and no analysis, is cached.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Callable, Iterator, TypeVar

from bot.engine.text import question_type, tokenize

T = TypeVar("T")
_results: ContextVar[dict | None] = ContextVar("analysis", default=None)


def once_per_message(function: Callable[[str], T]) -> Callable[[str], T]:
    """`function` (pure, of one text) computed once per text while a message is answered. Its result is
    shared, so readers must not change it."""

    @wraps(function)
    def shared(text: str) -> T:
        results = _results.get()
        if results is None:
            return function(text)
        key = (shared, text)
        if key not in results:
            results[key] = function(text)
        return results[key]

    return shared


@contextmanager
def one_message() -> Iterator[None]:
    """While one message is answered: each analysis of a text is made once and shared."""
    token = _results.set({})
    try:
        yield
    finally:
        _results.reset(token)


tokens = once_per_message(tokenize)
question_kind = once_per_message(question_type)
