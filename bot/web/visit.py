"""A visitor's conversation for the visit, without JavaScript: kept in the signed session cookie.

The cookie holds no more than the page needs: the questions asked (newest last,
at most MAX_KEPT_QUESTIONS and MAX_KEPT_CHARS in all), whether each answer was
rated, and the language of the urgent help once a message needed it. Replies
are not kept: the page answers the questions again when it is shown. The cookie
lasts until the browser is closed; "Start over" empties it (the urgent help stays
for the rest of the visit). With JavaScript the page keeps the same in the tab's
sessionStorage instead (static/chat.js), and the API stays stateless.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import session

MAX_KEPT_QUESTIONS = 10
MAX_KEPT_CHARS = 2000
CHAT_KEY = "chat"
URGENT_KEY = "urgent"


class Exchange(NamedTuple):
    """One question of the visit and the visitor's rating of its answer (None: not rated)."""

    question: str
    rated: bool | None = None


def exchanges() -> list[Exchange]:
    """The questions of this visit, oldest first (anything unreadable in the cookie is ignored)."""
    kept = session.get(CHAT_KEY)
    if not isinstance(kept, list):
        return []
    return [Exchange(item[0], item[1] if isinstance(item[1], bool) else None)
            for item in kept if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)]


def kept_within_limits(items: list[Exchange]) -> list[Exchange]:
    """The newest exchanges that fit the cookie's limits (the newest is always kept)."""
    kept, total = [], 0
    for item in reversed(items[-MAX_KEPT_QUESTIONS:]):
        total += len(item.question)
        if kept and total > MAX_KEPT_CHARS:
            break
        kept.append(item)
    return kept[::-1]


def save(items: list[Exchange]) -> None:
    session[CHAT_KEY] = [list(item) for item in kept_within_limits(items)]


def remember(question: str) -> None:
    """Add a question to the visit's conversation."""
    save([*exchanges(), Exchange(question)])


def rate(question: str, helpful: bool) -> int | None:
    """Mark the newest answer to `question` as rated (its buttons become a thank-you); its place, if kept."""
    items = exchanges()
    for i in range(len(items) - 1, -1, -1):
        if items[i].question == question:
            items[i] = Exchange(question, helpful)
            save(items)
            return i
    return None


def anchor(index: int | None, count: int) -> str:
    """The page anchor of an exchange: the newest is #latest, the others #q-N."""
    return "latest" if index is None or index == count - 1 else f"q-{index}"


def start_over() -> None:
    """Forget the conversation; the urgent help stays for the rest of the visit."""
    session.pop(CHAT_KEY, None)


def urgent_language() -> str | None:
    """The language of the urgent help once a message of this visit needed it, else None."""
    lang = session.get(URGENT_KEY)
    return lang if isinstance(lang, str) and lang.isalpha() and len(lang) <= 3 else None


def needed_urgent_help(lang: str) -> None:
    """Show the urgent help on every visitor page for the rest of the visit (in the newest language)."""
    session[URGENT_KEY] = lang
