"""Turning unanswered questions into content (no Flask, no SQL): similar questions grouped with the
retriever's own similarity, the entry each group is closest to, and what the bot will answer once
a question is added as a phrasing of an entry, or why it would still refuse."""

from __future__ import annotations

from typing import NamedTuple

from bot.engine.answer import Bot
from bot.engine.text import normalize

SIMILAR = 0.5  # cosine at which two questions are grouped (TF-IDF over the questions, with the retriever's analyzer)


class Group(NamedTuple):
    """Similar unanswered questions: the most asked first; `closest` is the entry the bot thinks fits."""

    rows: list[dict]
    closest: str | None
    times: int


class Prediction(NamedTuple):
    """What the bot will reply to a question once it is a phrasing of an entry."""

    answered: bool
    why: str  # plain words for staff
    refusal: str = ""  # "urgent", "medical advice", "small talk", "topic": why adding it would not help


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
        return [Group([r], closest_entry(bot, r["question"]), r["times"]) for r in rows]
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
    groups = [Group([rows[i] for i in members[j]], closest_entry(bot, rows[j]["question"]), sum(rows[i]["times"] for i in members[j]))
              for j in leaders]
    return sorted(groups, key=lambda g: -g.times)


def closest_entry(bot: Bot, question: str) -> str | None:
    """The FAQ entry whose content is nearest the question (what "Add as phrasing" preselects), if any is
    near enough to be a "did you mean" suggestion; else None, and staff pick one."""
    return next((m.entry.id for m in bot.retriever.search(question, k=10) if m.entry.kind == "faq" and m.score >= bot.suggest_threshold), None)


def after_adding(bot: Bot, question: str, entry_id: str) -> Prediction:
    """The reply once `question` is a phrasing of `entry_id`: asked word for word, an entry's own
    phrasing is answered from it, unless urgent help, the dose rule, small talk or a not-covered
    topic with the same phrasing comes first."""
    reply = bot.ask(question)  # the same path a visitor's message takes
    if reply.status == "crisis":
        return Prediction(False, "The bot will still show urgent help first: the question may mean someone is in danger.", "urgent")
    if any(part.reason.startswith("medical advice") for part in reply.parts or [reply]):
        return Prediction(False, "The bot will still refuse it: it asks for advice on a dose or on changing a medication, "
                                 "which the bot never gives, whatever the content says.", "medical advice")
    if reply.status == "smalltalk":
        return Prediction(False, "The bot will still reply with small talk: it reads the message as a greeting, thanks or the like.", "small talk")
    same = normalize(question)
    for m in bot.retriever.search(question, k=3):
        if m.entry.kind == "not_covered" and any(normalize(p) == same for p in m.entry.questions):
            return Prediction(False, f"The bot will still say it is not covered: the not-covered topic “{m.entry.title}” has the same "
                                     "phrasing. Take it out of the topic first.", "topic")
    entry = next((e for e in bot.kb.entries if e.id == entry_id), None)
    if entry is None:
        return Prediction(False, "That entry no longer exists.", "gone")
    return Prediction(True, f"The bot will answer it from “{entry.questions[0] if entry.questions else entry.title}”.")
