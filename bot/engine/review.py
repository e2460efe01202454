"""Turning unanswered questions into content (no Flask, no SQL): similar questions grouped with the
retriever's own similarity, the entry each group is closest to, and what the bot will answer once
a question is added to an entry, as a phrasing or as a visitor example, or why it would still refuse."""

from __future__ import annotations

import dataclasses
from itertools import islice
from typing import NamedTuple

from bot.engine import intent
from bot.engine.answer import Bot
from bot.engine.knowledge import Entry
from bot.engine.text import normalize

NEAREST = 10  # FAQ entries offered for a group
SIMILAR = 0.5  # cosine at which two questions are grouped (TF-IDF over the questions, with the retriever's analyzer)


class Group(NamedTuple):
    """Similar unanswered questions, the most asked first; `candidates` are the FAQ entries to offer,
    nearest first, and `closest` the one preselected (None when none is near enough)."""

    rows: list[dict]
    closest: str | None
    times: int
    candidates: list[Entry]


class Prediction(NamedTuple):
    """What the bot will reply to a question once it is a phrasing (or an example) of an entry."""

    answered: bool
    why: str  # plain words for staff
    refusal: str = ""  # "urgent", "medical advice", "small talk", "topic", "gone", "too long", "claimed", "no classifier", "not learnt": why adding it would not help


def group_similar(bot: Bot, rows: list[dict], similar: float = SIMILAR) -> list[Group]:
    """Rows ({"question", "times", ...}, most asked first) grouped greedily: a row joins the first
    group whose first question is at least `similar` alike. The questions are read as the retriever
    reads them (its analyzer: stems, synonyms, typos), weighed among themselves: most are about what
    the knowledge base lacks, so its own vocabulary would not see them."""
    if not rows:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer  # staff pages only: not on the visitor's start-up path

    try:
        vectors = TfidfVectorizer(analyzer=bot.retriever.analyzer_, sublinear_tf=True).fit_transform([r["question"] for r in rows])
    except ValueError:  # no words at all
        return [group_of(bot, [r]) for r in rows]
    similarity = (vectors @ vectors.T).toarray()
    leaders: list[int] = []
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        leader = next((j for j in leaders if similarity[i, j] >= similar), None)
        if leader is None:
            leaders.append(i)
            members[i] = [i]
        else:
            members[leader].append(i)
    return sorted((group_of(bot, [rows[i] for i in members[j]]) for j in leaders), key=lambda g: -g.times)


def group_of(bot: Bot, rows: list[dict]) -> Group:
    """A group of rows with the FAQ entries nearest its first question (one search)."""
    closest, candidates = nearest_faqs(bot, rows[0]["question"])
    return Group(rows, closest, sum(r["times"] for r in rows), candidates)


def nearest_faqs(bot: Bot, question: str, limit: int = NEAREST) -> tuple[str | None, list[Entry]]:
    """The FAQ entries to offer for a question, nearest first (then others, up to `limit`), and the one to
    preselect: the nearest that is near enough to be a "did you mean" suggestion; else None, and staff pick."""
    matches = [m for m in bot.retriever.search(question, k=limit * 2) if m.entry.kind == "faq"][:limit]
    closest = next((m.entry.id for m in matches if m.score >= bot.suggest_threshold), None)
    near = [m.entry for m in matches]
    shown = {e.id for e in near}
    near += islice((e for e in bot.kb.entries if e.kind == "faq" and e.id not in shown), limit - len(near))
    return closest, near


def after_adding(bot: Bot, question: str, entry_id: str) -> Prediction:
    """The reply once `question` is a phrasing of `entry_id`: asked word for word, an entry's own
    phrasing is answered from it, unless urgent help, the dose rule, small talk or a not-covered
    topic with the same phrasing comes first."""
    reply = bot.ask(question)  # the same path a visitor's message takes
    refused = comes_first(reply)
    if refused:
        return refused
    same = normalize(question)
    for m in bot.retriever.search(question, k=3):
        if m.entry.kind == "not_covered" and any(normalize(p) == same for p in m.entry.questions):
            return Prediction(False, f"The bot will still say it is not covered: the not-covered topic “{m.entry.title}” has the same "
                                     "phrasing. Take it out of the topic first.", "topic")
    entry = bot.kb.entry(entry_id)
    if entry is None:
        return Prediction(False, "That entry no longer exists.", "gone")
    return Prediction(True, f"The bot will answer it from “{title(entry)}”.")


def after_adding_example(bot: Bot, question: str, entry_id: str, *, longest: int) -> Prediction:
    """The reply once `question` is a visitor example of `entry_id` (examples are at most `longest`
    characters): an example is never matched word for word, it teaches the intent classifier how
    visitors word the entry; so the bot is fitted again with it (a few tenths of a second) and asked,
    as a visitor would ask it."""
    entry = bot.kb.entry(entry_id)
    if entry is None:
        return Prediction(False, "That entry no longer exists.", "gone")
    if len(question) > longest:
        return Prediction(False, f"It is longer than {longest} characters, too long for an example: open the entry and add "
                                 "the question part of the message as an example there.", "too long")
    same = normalize(question)
    owner = next((e for e in bot.kb.entries if e.id != entry_id and any(normalize(q) == same for q in (*e.questions, *e.examples))), None)
    if owner is not None:
        return Prediction(False, f"It is already a phrasing or an example of “{title(owner)}”: a question belongs to one entry only. "
                                 "Take it out there first, or pick that entry.", "claimed")
    if bot.intents is None:
        return Prediction(False, f"Examples teach the intent classifier, and this knowledge base has none ({intent.left_out_because(bot.kb.entries)}): "
                                 "add it as a phrasing instead.", "no classifier")
    refused = comes_first(bot.ask(question))
    if refused:
        return refused
    taught = dataclasses.replace(entry, examples=(*entry.examples, question))
    kb = dataclasses.replace(bot.kb, entries=[taught if e.id == entry_id else e for e in bot.kb.entries])
    reply = bot.taught(kb).ask(question)
    if reply.status == "answered" and reply.sources and reply.sources[0].id == entry_id:
        return Prediction(True, f"The bot will answer it from “{title(entry)}”, and questions worded like it more often.")
    return Prediction(False, "Even as an example, the bot would not answer it from this entry: it does not read the question "
                             "as this entry's yet. Add it as a phrasing, or make the entry's own question closer to how visitors ask it.", "not learnt")


def comes_first(reply) -> Prediction | None:
    """Why a reply would stay what it is whatever the content says (urgent help, the dose rule, small talk), or None."""
    if reply.status == "crisis":
        return Prediction(False, "The bot will still show urgent help first: the question may mean someone is in danger.", "urgent")
    if any(part.reason.startswith("medical advice") for part in reply.parts or [reply]):
        return Prediction(False, "The bot will still refuse it: it asks for advice on a dose or on changing a medication, "
                                 "which the bot never gives, whatever the content says.", "medical advice")
    if reply.status == "smalltalk":
        return Prediction(False, "The bot will still reply with small talk: it reads the message as a greeting, thanks or the like.", "small talk")
    return None


def title(entry: Entry) -> str:
    """How staff know an entry: its first question."""
    return entry.questions[0] if entry.questions else entry.title
