"""The answer policy: safety -> small talk -> retrieval -> threshold (no Flask).

Every answer shown to a visitor is text from the knowledge folder: an FAQ
answer, a passage of a document, or one of the bot's own messages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot import safety, smalltalk
from bot.loader import KnowledgeBase, load
from bot.retriever import Match, Retriever
from bot.text import clip, sentences, tokenize

MAX_ANSWER_CHARS = 800
HIGHLIGHT_FROM_CHARS = 300
DEFAULT_THRESHOLD = 0.5
DEFAULT_SUGGEST_THRESHOLD = 0.2
DEFAULT_STRONG_THRESHOLD = 0.7
# How far (in semantic similarity) the best match may trail the semantically
# closest entry and still count as confirmed by the semantic check.
SEMANTIC_MARGIN = 0.06
STATUSES = ("answered", "fallback", "crisis", "smalltalk")


@dataclass
class Source:
    """Where an answer (or a near miss) comes from."""

    id: str
    title: str
    url: str
    score: float


@dataclass
class Reply:
    """The bot's reply to one message, as sent by the API."""

    status: str
    answer: str
    confidence: float = 0.0
    sources: list[Source] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    highlight: str | None = None
    urgent_help: dict | None = None
    contact: dict | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        """The JSON body of the reply; internal fields left out."""
        body = asdict(self)
        body.pop("reason")
        return {k: v for k, v in body.items() if v is not None}


class Bot:
    """Answers visitor messages from one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        suggest_threshold: float = DEFAULT_SUGGEST_THRESHOLD,
        strong_threshold: float = DEFAULT_STRONG_THRESHOLD,
        semantic_margin: float = SEMANTIC_MARGIN,
    ):
        if not 0 < suggest_threshold <= threshold <= 1:
            raise ValueError(f"need 0 < suggest_threshold <= threshold <= 1, got {suggest_threshold!r} and {threshold!r}")
        if not 0 < strong_threshold <= 1 or semantic_margin < 0:
            raise ValueError(f"need 0 < strong_threshold <= 1 and semantic_margin >= 0, got {strong_threshold!r} and {semantic_margin!r}")
        self.kb = kb
        self.threshold = threshold
        self.suggest_threshold = suggest_threshold
        self.strong_threshold = strong_threshold
        self.semantic_margin = semantic_margin
        self.retriever = Retriever(synonyms=kb.synonyms).fit(kb.entries)

    @classmethod
    def from_folder(cls, folder: Path | str, **options) -> "Bot":
        """A bot over the knowledge folder at `folder`."""
        return cls(load(folder), **options)

    @property
    def messages(self) -> dict:
        """The bot's own messages from messages.yaml."""
        return self.kb.messages

    def ask(self, question: str) -> Reply:
        """The reply to one visitor message."""
        check = safety.assess(question)
        if check.crisis:
            return self.crisis(check.reason)
        kind = smalltalk.classify(question)
        if kind:
            return self.small_talk(kind)
        if check.medical_advice:
            return self.fallback(self.messages["medical_advice"], [], check.reason)
        matches = self.retriever.search(question, k=8)
        reply = self.from_matches(matches)
        if check.mentions_risk:
            reply.urgent_help = self.urgent_help()
            reply.answer = with_notice(reply.answer, self.messages["urgent_help"].get("notice") or self.messages["urgent_help"]["text"])
        return reply

    def from_matches(self, matches: list[Match]) -> Reply:
        """Answer from the best match when it clears the threshold, else fall back."""
        answerable = [m for m in matches if m.entry.kind != "not_covered"]
        top = matches[0] if matches else None
        if top is None or not self.confident(top):
            near = [m for m in answerable if m.score >= self.suggest_threshold]
            reason = "below threshold" if top is None or top.score < self.threshold else "not confirmed by the semantic check"
            return self.fallback(self.messages["fallback"], answerable, reason, suggestions(near))
        if top.entry.kind == "not_covered":
            return self.fallback(self.messages["fallback"], answerable, f"not covered: {top.entry.id}")
        answer = clip(top.entry.answer, MAX_ANSWER_CHARS)
        return Reply(
            status="answered",
            answer=answer,
            confidence=round(top.score, 4),
            sources=sources(answerable),
            highlight=self.highlight(answer, top.terms),
            reason=f"matched {top.entry.id}",
        )

    def confident(self, match: Match) -> bool:
        """Whether a match may be answered: a strong word match, or a good one
        that the semantic check confirms (no other entry is closer in meaning)."""
        if match.score >= max(self.threshold, self.strong_threshold):
            return True
        return match.score >= self.threshold and match.semantic_gap <= self.semantic_margin

    def highlight(self, answer: str, terms: tuple[str, ...]) -> str | None:
        """In a long answer, the sentence that holds most of the matched terms."""
        parts = sentences(answer)
        if len(answer) < HIGHLIGHT_FROM_CHARS or len(parts) < 2 or not terms:
            return None
        analyzer = self.retriever.analyzer_
        hits = [len(set(terms) & set(analyzer.terms(tokenize(part)))) for part in parts]
        best = max(range(len(parts)), key=lambda i: hits[i])
        return parts[best] if hits[best] else None

    def fallback(self, message: str, near: list[Match], reason: str, hints: list[str] = ()) -> Reply:
        """The not-covered reply, with the clinic's contact details."""
        return Reply(
            status="fallback",
            answer=with_contact(message, self.messages.get("clinic", {})),
            confidence=round(near[0].score, 4) if near else 0.0,
            sources=sources(near),
            suggestions=list(hints),
            contact=contact_details(self.messages.get("clinic", {})),
            reason=reason,
        )

    def crisis(self, reason: str) -> Reply:
        """Urgent help first, with the configured phone and text links."""
        return Reply(status="crisis", answer=self.messages["urgent_help"]["text"], confidence=1.0, urgent_help=self.urgent_help(), reason=reason)

    def small_talk(self, kind: str) -> Reply:
        """A small-talk reply; asking for a person also gets the contact details."""
        text = self.messages["smalltalk"].get(kind) or self.messages["greeting"]
        clinic = self.messages.get("clinic", {})
        if kind == "human":
            return Reply("smalltalk", with_contact(text, clinic), 1.0, contact=contact_details(clinic), reason=kind)
        return Reply("smalltalk", text, 1.0, reason=kind)

    def urgent_help(self) -> dict:
        """The urgent-help block: text and tappable links."""
        urgent = self.messages["urgent_help"]
        return {"text": urgent["text"], "links": urgent.get("links", [])}


def sources(matches: list[Match], limit: int = 3) -> list[Source]:
    """The best answerable matches as sources, best first."""
    return [Source(m.entry.id, m.entry.title, m.entry.url, round(m.score, 4)) for m in matches[:limit]]


def suggestions(matches: list[Match], limit: int = 3) -> list[str]:
    """'Did you mean' questions for near misses, without repeats."""
    seen: list[str] = []
    for m in matches:
        text = m.entry.questions[0] if m.entry.questions else m.entry.title
        if text not in seen:
            seen.append(text)
    return seen[:limit]


CONTACT_FIELDS = (("phone", "Phone"), ("email", "Email"), ("address", "Address"), ("hours", "Hours"), ("website", "Website"))


def contact_details(clinic: dict) -> dict:
    """The clinic's contact fields that staff have filled in."""
    details = {key: str(clinic.get(key) or "").strip() for key, _ in CONTACT_FIELDS}
    details = {k: v for k, v in details.items() if v}
    return {"name": clinic.get("name", ""), **details}


def with_contact(message: str, clinic: dict) -> str:
    """A message followed by the filled-in contact details, one per line."""
    details = contact_details(clinic)
    lines = [f"{label}: {details[key]}" for key, label in CONTACT_FIELDS if key in details]
    return "\n".join([message, *lines])


def with_notice(answer: str, notice: str) -> str:
    """An answer with the help-line notice after it, within the length limit."""
    room = MAX_ANSWER_CHARS - len(notice) - 2
    return f"{clip(answer, room)}\n\n{notice}"
