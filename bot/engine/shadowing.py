"""Content a not-covered topic hides: an entry whose own question gets "not covered" because a topic
matches it better. A topic wins only when it is the best match; this finds where it is, so staff
can see both names and fix it (no Flask, no SQL)."""

from __future__ import annotations

from typing import NamedTuple

from bot.engine.answer import Bot
from bot.engine.knowledge import Entry
from bot.engine.retriever import Retriever
from bot.engine.text import tokenize

NEIGHBOURS = 5  # entries near each topic phrasing that are checked when no entries are named


class Shadow(NamedTuple):
    """An entry asked as written that a not-covered topic answers with "not covered"."""

    entry_id: str
    entry_title: str
    question: str
    topic_id: str
    topic_title: str
    phrasing: str  # the topic's phrasing closest to the question: the one to remove


def questions_of(entry: Entry) -> tuple[str, ...]:
    """What visitors would ask for an entry: its phrasings, or a passage's section title."""
    return entry.questions or ((entry.title,) if entry.title else ())


def closest_phrasing(question: str, phrasings: tuple[str, ...]) -> str:
    """The phrasing sharing the largest share of its words with the question (the first on a tie)."""
    words = set(tokenize(question))

    def shared(phrasing: str) -> float:
        own = set(tokenize(phrasing))
        return len(words & own) / (len(own) or 1)

    return max(phrasings, key=shared, default="")


def shadow_of(retriever: Retriever, entry: Entry) -> Shadow | None:
    """The topic that hides an entry, if one of the entry's questions gets a topic first."""
    if entry.kind == "not_covered":
        return None
    for question in questions_of(entry):
        matches = retriever.search(question, k=3)
        if matches and matches[0].entry.kind == "not_covered" and any(m.entry.id == entry.id for m in matches[1:]):
            topic = matches[0].entry
            return Shadow(entry.id, entry.title, question, topic.id, topic.title, closest_phrasing(question, topic.questions))
    return None


def shadows(bot: Bot, entries: list[Entry] | None = None) -> list[Shadow]:
    """The entries a topic hides: among `entries`, or else among the entries nearest to each
    topic's phrasings (a few searches a phrasing, whatever the size of the knowledge base).

    Only an entry's own questions count: a topic that keeps a near miss from being answered
    ("does ketamine work for diabetic neuropathy?" is not the neuropathic cancer pain entry)
    is doing its job."""
    retriever = bot.retriever
    found = (shadow_of(retriever, e) for e in (near_topics(retriever) if entries is None else entries))
    return [s for s in found if s is not None]


def near_topics(retriever: Retriever) -> list[Entry]:
    """The answerable entries among the NEIGHBOURS nearest to each not-covered topic's phrasings."""
    seen: dict[str, Entry] = {}
    for topic in (e for e in retriever.entries_ if e.kind == "not_covered"):
        for phrasing in topic.questions:
            seen.update((m.entry.id, m.entry) for m in retriever.search(phrasing, k=NEIGHBOURS) if m.entry.kind != "not_covered" and m.entry.id not in seen)
    return list(seen.values())
