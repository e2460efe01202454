"""The answer policy: safety -> small talk -> retrieval -> threshold (no Flask).

Every answer shown to a visitor is text from the knowledge folder: an FAQ
answer, a passage of a document, or one of the bot's own messages.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

import numpy as np

from bot.engine import intent, language, safety, segments, smalltalk
from bot.engine.analysis import one_message, tokens
from bot.engine.confidence import Confidence, match_features
from bot.engine.contact import contact_details, contact_links, with_contact
from bot.engine.fitfiles import FitFiles
from bot.engine.intent import NO_OPINION
from bot.engine.knowledge import Entry, KnowledgeBase
from bot.engine.retriever import Match, Retriever
from bot.engine.text import clip, sentences, tokenize

MAX_ANSWER_CHARS = 800
HIGHLIGHT_FROM_CHARS = 300
DEFAULT_THRESHOLD = None  # None: the probability the shipped confidence model was tuned for
DEFAULT_SUGGEST_THRESHOLD = 0.2
MAX_PARTS = 2
# How much of a question a reply quotes when it says it cannot answer it.
MAX_QUOTED_CHARS = 120
# Up to this many other questions the content answers are offered under an answer.
MAX_RELATED = 3
# Up to this many "did you mean" questions under a fallback, or under the urgent help for a weak crisis.
MAX_SUGGESTIONS = 3
# A fallback whose matches share too few words to suggest (DEFAULT_SUGGEST_THRESHOLD) still suggests its best entry when
# the confidence model finds that reading this probable. Measured in session 18 on the blind answer checks of sessions 8
# to 18: of the 61 answerable messages that fell back with no suggestion, 26 reach 0.5, and 21 of those have the right
# entry first; 5 not-covered questions get a suggestion too.
SUGGEST_PROBABILITY = 0.5
# How many of the story's most informative words a question is also read with.
CONTEXT_WORDS = 4


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
    contact_links: list[dict] | None = None
    language: str = "en"
    parts: list["Reply"] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    reason: str = ""
    asked: str = ""
    # Internal: the status the bot would give without the intent classifier (None: the same as `status`).
    # Every safety decision reads this one (see `understood`): the classifier changes which answers are
    # shown, never whether urgent help comes first or the help line shows beside the reply.
    status_without_intent: str | None = None

    @property
    def plain_status(self) -> str:
        """The reply's status as the bot would give it without the intent classifier."""
        return self.status_without_intent or self.status

    def to_dict(self) -> dict:
        """The JSON body of the reply; internal fields left out, `parts` only for two or more."""
        body = {name: plain(getattr(self, name)) for name in REPLY_FIELDS}
        if len(self.parts) > 1:
            body["parts"] = [part.to_dict() for part in self.parts]
        return {k: v for k, v in body.items() if v is not None}

    @property
    def left_unanswered(self) -> bool:
        """Whether a question of the message went unanswered, for staff to see; never a crisis (its
        answers beside the urgent help are only the confident ones)."""
        return self.status != "crisis" and any(part.status == "fallback" for part in self.parts or [self])


# The fields a reply sends, in their order: its internal ones and `parts` (sent only for two or more) left out.
REPLY_FIELDS = tuple(f.name for f in fields(Reply) if f.name not in ("reason", "asked", "parts", "status_without_intent"))


def plain(value):
    """A copy of a reply's field made of dicts, lists and scalars only (what dataclasses.asdict gives,
    at a fraction of its cost: a reply's urgent help and contact details are small trees of them)."""
    if isinstance(value, Source):
        return {"id": value.id, "title": value.title, "url": value.url, "score": value.score}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


class Candidate(NamedTuple):
    """One way of reading a question: the text searched, its matches, and the probability the best is right
    (with the features it was computed from, which training reads)."""

    query: str
    matches: list[Match]
    probability: float
    features: np.ndarray | None = None
    probability_without_intent: float = 0.0


@lru_cache(maxsize=1)
def shipped_confidence() -> Confidence:
    """The confidence model shipped in bot/data, loaded once per process."""
    return Confidence.load()


class Bot:
    """Answers visitor messages from one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        threshold: float | None = DEFAULT_THRESHOLD,
        suggest_threshold: float = DEFAULT_SUGGEST_THRESHOLD,
        confidence: Confidence | None = None,
        fits: FitFiles | None = None,
    ):
        """`fits`: a folder's FitFiles, where the intent classifier's fit is kept between processes."""
        self.confidence = confidence or shipped_confidence()
        threshold = self.confidence.threshold if threshold is None else threshold
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold (the probability needed to answer) must be in (0, 1], got {threshold!r}")
        if not 0 < suggest_threshold <= 1:
            raise ValueError(f"suggest_threshold must be in (0, 1], got {suggest_threshold!r}")
        self.kb = kb
        self.threshold = threshold
        self.suggest_threshold = suggest_threshold
        self.retriever = Retriever(synonyms=kb.synonyms).fit(kb.entries)
        self.fits = fits
        self.intents = intent.fitted(kb.entries, self.retriever.query_terms, files=fits)
        self._related: dict[str, list[str]] = {}
        safety.prepare_checks()

    def updated(self, kb: KnowledgeBase, changed: Sequence[Entry] = (), removed: Iterable[str] = ()) -> "Bot":
        """A bot for `kb`, which differs from this bot's knowledge base by the `changed` entries (added or
        edited) and the `removed` ids: its index is this one updated in place of a new fit (see
        Retriever.with_changes), its intent model fitted again only when the edit touches phrasings or
        examples (0.2 s for the shipped FAQ with its examples), and its related questions worked out afresh; a change of
        synonyms needs a new Bot. This bot is untouched."""
        bot = copy.copy(self)
        bot.kb, bot.retriever = kb, self.retriever.with_changes(changed, removed)
        bot.intents = intent.fitted(kb.entries, bot.retriever.query_terms, files=self.fits) if intent.refit_needed(self.intents, changed, removed) else self.intents
        bot._related = {}
        return bot

    def taught(self, kb: KnowledgeBase) -> "Bot":
        """A bot for `kb`, which differs from this bot's knowledge base by visitor examples only: the
        retriever never reads them, so only the intent model is fitted again (and not kept on disk: a
        trial, see review.after_adding_example). This bot is untouched."""
        bot = copy.copy(self)
        bot.kb, bot.fits, bot._related = kb, None, {}
        bot.intents = intent.fitted(kb.entries, self.retriever.query_terms)
        return bot

    @property
    def messages(self) -> dict:
        """The bot's own messages from messages.yaml."""
        return self.kb.messages

    def ask(self, message: str) -> Reply:
        """The reply to one visitor message: urgent help first, then small talk, then answers.
        The message is analysed once: safety, small talk and retrieval share what they read of it."""
        with one_message():
            return self._ask(message)

    def _ask(self, message: str) -> Reply:
        check = safety.assess(message)
        if check.crisis and not check.soft:
            return self.crisis_first(message, check)
        if check.language not in language.READ_LANGUAGES:
            return self.other_language(check)
        reply = self.reply(message, check.language)
        if check.crisis and not understood(reply, message):
            return self.with_suggestions(self.crisis_first(message, check), reply)
        alone = crisis_read_alone(reply)
        if alone:  # "Can ketamine help nerve pain? Will I ever stop wanting to die?": the second, read alone
            return self.crisis_first(message, alone)
        return self.with_concern(reply, check)

    def crisis_first(self, message: str, check: safety.Assessment) -> Reply:
        """Urgent help first. When the message also asks something the content answers with
        confidence, and that question names no danger on its own ("I can't take this anymore,
        I'm done. Is ketamine used for depression too?"), the answers follow the urgent help
        as further parts of the reply, each with its source. In a language the bot does not read,
        the part that follows says which languages it reads."""
        urgent = self.crisis(check.reason, check.language)
        if check.language not in language.READ_LANGUAGES:  # then which languages the bot reads
            answers = [replace(self.other_language(check), urgent_help=None)]
        else:
            answers = self.answers_beside_crisis(message, check.language)
        if answers:
            urgent.parts = [replace(urgent), *answers]
        return urgent

    @staticmethod
    def with_suggestions(urgent: Reply, plain: Reply) -> Reply:
        """A crisis only the classifier sees, and not strongly, in a message the bot did not otherwise
        understand: after the urgent help, the questions its plain reading came near, so that a visitor
        who was only asking ("I'm not in a dark place. I'm in a grey one... What I want to know is
        whether ketamine helps with the grey, or only with the pain.") can still find an answer in a
        tap. Never when answers already follow the urgent help."""
        if urgent.parts:
            return urgent
        near = list(dict.fromkeys(s for part in (plain.parts or [plain]) for s in part.suggestions))[:MAX_SUGGESTIONS]
        return replace(urgent, suggestions=near) if near else urgent

    def answers_beside_crisis(self, message: str, lang: str) -> list[Reply]:
        """The confident answers, up to MAX_PARTS, to the questions of a crisis message that each
        name no danger, no risk and no medicine change on their own, and do not point back at the
        story ("should I let him rest?", "is that normal?"). Each is read alone: the crisis around
        it never steers its answer. None when the whole message is its one question."""
        asked = segments.question_parts(message)
        if not asked or asked == [message.strip()]:
            return []
        answers, seen = [], set()
        for question in asked:
            if len(answers) == MAX_PARTS or not names_nothing_of_danger(question):
                continue
            read = language.read_spanish(question) if lang == "es" else question
            reply = self.answer_part(read, "", lang)
            if reply.status == "answered" and reply.sources[0].id not in seen:
                seen.add(reply.sources[0].id)
                answers.append(reply)
        return [self.localize_answer(answer, lang) for answer in answers]

    def reply(self, message: str, lang: str = "en") -> Reply:
        """The reply to a message read as anything but a crisis: small talk, or an answer to each of its questions."""
        kind = smalltalk.classify(message)
        if kind and (kind == "instructions" or not safety.medical_advice(message)):  # "ok thanks, i'll up my ket then" is refused
            return self.small_talk(kind)
        asked, questions, context = read_questions(message, lang)
        replies = [replace(self.answer_part(q, context, lang), asked=a) for a, q in zip(asked, questions)]
        # A question that names a risk and that the bot would leave unanswered without the intent classifier
        # keeps the help line beside the reply, even when the classifier lifts it to an answer.
        risky = any(r.plain_status == "fallback" and not r.reason.startswith("medical advice") and names_a_risk(r.asked) for r in replies)
        combined = combine(replies)
        for part in combined.parts:
            if part.status == "fallback" and not part.reason.startswith("medical advice"):
                if names_a_risk(part.asked):
                    risky = True  # "is there any point in going on?" is never sent back to the clinic by name
                else:
                    part.answer = self.not_answered_part(part.asked, lang)
        reply = self.localize_answer(combined, lang)
        return self.with_help_beside(reply, lang) if risky else reply

    def not_answered_part(self, question: str, lang: str) -> str:
        """What a reply that answers one question of a message says of another it cannot answer:
        that question named (shortened), and that the clinic can help, with its contact details."""
        shown = "".join(ch for ch in " ".join(question.split()) if unicodedata.category(ch) not in ("Cc", "Cf"))  # no control chars, bidi overrides or hidden marks
        named = clip(shown, MAX_QUOTED_CHARS)
        return with_contact(self.localized("part_not_covered", lang).replace("{question}", named), self.messages.get("clinic", {}))

    def answer_part(self, question: str, context: str, lang: str = "en") -> Reply:
        """The reply to one question of a message; the rest of the message is context."""
        advice = safety.medical_advice(question)
        if advice:
            return self.fallback(self.localized("medical_advice", lang), [], advice)
        best = self.best_candidate(question, context)
        return self.from_candidate(best, lang)

    def candidates(self, question: str, context: str = "") -> list[Candidate]:
        """The question on its own, and with the words of its context that the knowledge base knows."""
        queries, told = [question], ""
        if context:
            asked = set(tokens(question))
            extra = [w for w in self.retriever.known_words(context.replace(question, " "), limit=CONTEXT_WORDS + len(asked)) if w not in asked][:CONTEXT_WORDS]
            if extra:
                queries.append(f"{question} {' '.join(dict.fromkeys(extra))}")
            told = sentence_before(question, context) if _REFERS_BACK.search(question) else ""
            if told:
                queries.append(f"{told} {question}")
        readings = [(query, self.retriever.search(query, k=8)) for query in queries]
        alone = top_answerable(readings[0][1])
        exact = self.retriever.exact_entry(question)
        scores = self.intents.scores(question, self.retriever.query_terms(question)) if self.intents else None
        chosen = self.intents.entry_ids_[int(scores.argmax())] if scores is not None and scores.any() else None
        intent_reading = None  # the index of the reading that puts the intent classifier's choice first
        if chosen and chosen != alone:  # the intent classifier's choice, when the retriever found it too, read as the best
            picked = [m for m in readings[0][1] if m.entry.id == chosen and m.entry.kind != "not_covered"]
            others = [m for m in readings[0][1] if m.entry.id != chosen]
            if picked and others and others[0].entry.kind != "not_covered":
                intent_reading = len(readings)
                readings.append((question, picked + others))
        found = []
        for i, (query, matches) in enumerate(readings):
            # The question alone is read exactly as if it were the whole message: the story never counts against it.
            top = top_answerable(matches)
            intent_first = i == intent_reading
            if scores is not None and top:
                # The question alone is judged; a question that points back ("Is that something ketamine could
                # help with?") with the sentence it points to. Never with the story's other words: a second
                # question would be judged by the first ("can you overdose on ketamine?" beside nerve pain).
                read = self.intents.scores(query, self.retriever.query_terms(query)) if told and query == f"{told} {question}" else scores
                opinion = self.intents.opinion(read, top)
            else:
                opinion = NO_OPINION
            features = match_features(query, matches, from_context=i > 0 and not intent_first, readings_agree=top == alone,
                                      opinion=opinion, intent_first=intent_first)
            probability = self.confidence.probability(features)
            without_intent = 0.0 if intent_first else self.confidence.probability_without_intent(features)
            if i == 0 and exact is not None and matches and matches[0].entry is exact:
                probability = without_intent = 1.0  # asked word for word as one of the entry's phrasings: what staff wrote it for
            found.append(Candidate(query, matches, probability, features, without_intent))
        return found

    def best_candidate(self, question: str, context: str = "") -> Candidate:
        """The reading of a question whose best answer is most probably right; when the question
        alone is a not-covered topic, the story cannot turn it into an answer."""
        found = self.candidates(question, context)
        alone = found[0]
        if alone.matches and alone.matches[0].entry.kind == "not_covered":
            return alone
        # Whether any reading is sure on the match alone: whether the bot would answer without the intent classifier.
        return max(found, key=lambda c: c.probability)._replace(probability_without_intent=max(c.probability_without_intent for c in found))

    def from_candidate(self, candidate: Candidate, lang: str = "en") -> Reply:
        """Answer from the best match when it is probably right, else fall back."""
        matches = candidate.matches
        answerable = [m for m in matches if m.entry.kind != "not_covered"]
        top = matches[0] if matches else None
        fallback = self.localized("fallback", lang)
        if top is not None and top.entry.kind == "not_covered":
            return self.fallback(fallback, answerable, f"not covered: {top.entry.id}")
        if top is None or not answerable:
            return self.fallback(fallback, [], "no match")
        plainly = "answered" if candidate.probability_without_intent >= self.threshold else "fallback"
        if candidate.probability < self.threshold:
            near = [m for m in answerable if m.score >= self.suggest_threshold]
            if not near and candidate.probability >= SUGGEST_PROBABILITY:
                near = answerable[:1]  # few words in common, but the reading is more likely right than not: its best entry
            return replace(self.fallback(fallback, answerable, f"probability {candidate.probability:.2f} below {self.threshold:.2f}",
                                         suggestions(near), candidate.probability), status_without_intent=plainly)
        best = answerable[0]
        answer = clip(best.entry.answer, MAX_ANSWER_CHARS)
        return Reply(
            status="answered",
            answer=answer,
            confidence=round(candidate.probability, 4),
            sources=sources(answerable),
            highlight=self.highlight(answer, best.terms),
            related=self.related(best.entry.id),
            reason=f"matched {best.entry.id} (probability {candidate.probability:.2f})",
            status_without_intent=plainly,
        )

    def related(self, entry_id: str) -> list[str]:
        """Up to MAX_RELATED other questions the content answers, nearest to an entry first.

        They are the entry's neighbours in the knowledge base (found with the entry's own
        question and answer, never the visitor's words): FAQ questions with another answer,
        each one the bot answers as asked. Worked out once per entry and kept."""
        if entry_id not in self._related:
            self._related[entry_id] = self._neighbour_questions(entry_id)
        return list(self._related[entry_id])

    def _neighbour_questions(self, entry_id: str) -> list[str]:
        entry = self.kb.entry(entry_id)
        if entry is None:
            return []
        about = " ".join([entry.questions[0] if entry.questions else entry.title, sentences(entry.answer)[0] if entry.answer else ""])
        chosen: list[str] = []
        for m in self.retriever.search(about, k=4 * MAX_RELATED + 2):
            other = m.entry
            if other.kind != "faq" or other.id == entry.id or other.answer == entry.answer or not other.questions:
                continue
            if entry.kind == "passage" and other.section == entry.section:
                continue  # the same section's content again, asked as a question
            question = other.questions[0]
            if question in chosen or safety.medical_advice(question) or safety.assess(question).crisis:
                continue
            chosen.append(question)
            if len(chosen) == MAX_RELATED:
                break
        return chosen

    def highlight(self, answer: str, terms: tuple[str, ...]) -> str | None:
        """In a long answer, the sentence that holds most of the matched terms."""
        parts = sentences(answer)
        if len(answer) < HIGHLIGHT_FROM_CHARS or len(parts) < 2 or not terms:
            return None
        analyzer = self.retriever.analyzer_
        hits = [len(set(terms) & set(analyzer.terms(tokenize(part)))) for part in parts]
        best = max(range(len(parts)), key=lambda i: hits[i])
        return parts[best] if hits[best] else None

    def localize_answer(self, reply: Reply, lang: str) -> Reply:
        """A reply to a message in Spanish is marked so; an answer says first that the clinic's information is in English."""
        if lang == "en":
            return reply
        note = self.messages.get(f"answer_note_{lang}")
        for each in with_parts(reply):
            each.language = lang
            if each.status == "answered" and note:
                each.answer = f"{note}\n\n{clip(each.answer, MAX_ANSWER_CHARS - len(note) - 2)}"
        return reply

    def localized(self, key: str, lang: str) -> str:
        """A message in the visitor's language where messages.yaml has it, else in English."""
        return self.messages.get(f"{key}_{lang}") or self.messages[key]

    def fallback(self, message: str, near: list[Match], reason: str, hints: list[str] = (), probability: float = 0.0) -> Reply:
        """The not-covered reply, with the clinic's contact details."""
        return Reply(
            status="fallback",
            answer=with_contact(message, self.messages.get("clinic", {})),
            confidence=round(probability, 4),
            sources=sources(near),
            suggestions=list(hints),
            reason=reason,
            **self.contact(),
        )

    def crisis(self, reason: str, lang: str = "en") -> Reply:
        """Urgent help first, in the visitor's language where the bot has it."""
        urgent = self.urgent_help(lang)
        shown = lang if urgent["text"] != self.messages["urgent_help"]["text"] else "en"  # the language it is shown in
        return Reply(status="crisis", answer=urgent["text"], confidence=1.0, urgent_help=urgent, language=shown, reason=reason)

    def other_language(self, check: safety.Assessment) -> Reply:
        """A message in a language the bot does not read: the emergency numbers and the languages it reads."""
        return Reply(
            status="fallback",
            answer=with_contact(self.messages["other_language"], self.messages.get("clinic", {})),
            urgent_help=self.urgent_help("en"),
            language=check.language,
            **self.contact(),
            reason=f"written in {language.NAMES.get(check.language, check.language)}",
        )

    def contact(self) -> dict:
        """The clinic's contact details for a reply: as fields, and as links to follow."""
        details = contact_details(self.messages.get("clinic", {}))
        return {"contact": details, "contact_links": contact_links(details)}

    def small_talk(self, kind: str) -> Reply:
        """A small-talk reply; asking for a person also gets the contact details."""
        text = self.messages.get(kind) if kind == "instructions" else self.messages["smalltalk"].get(smalltalk.REPLY_OF.get(kind, kind))
        text = text or self.messages["greeting"]
        clinic = self.messages.get("clinic", {})
        if kind == "human":
            return Reply("smalltalk", with_contact(text, clinic), 1.0, reason=kind, **self.contact())
        return Reply("smalltalk", text, 1.0, reason=kind)

    def with_concern(self, reply: Reply, check: safety.Assessment) -> Reply:
        """A reply to a message that touches on risk (or that the classifier weakly
        reads as a crisis), with the help line beside it."""
        return self.with_help_beside(reply, check.language) if check.mentions_risk else reply

    def with_help_beside(self, reply: Reply, lang: str) -> Reply:
        """A reply, and each of its parts, with the urgent-help block and its notice beside the answer."""
        urgent = self.urgent_help(lang)
        for each in with_parts(reply):
            each.urgent_help = urgent
            if not each.answer.endswith(urgent.get("notice") or urgent["text"]):
                each.answer = with_notice(each.answer, urgent.get("notice") or urgent["text"])
        return reply

    def urgent_help(self, lang: str = "en") -> dict:
        """The urgent-help block: text, notice and tappable links, in the visitor's language where the
        bot has it for the same country (a clinic that sets its own numbers is never sent another country's)."""
        urgent = self.messages["urgent_help"]
        translated = self.messages.get(f"urgent_help_{lang}")
        if translated and translated.get("country") == urgent.get("country"):
            urgent = translated
        return {"title": urgent.get("title", ""), "text": urgent["text"], "notice": urgent.get("notice", ""), "links": urgent.get("links", [])}


def with_parts(reply: Reply) -> list[Reply]:
    """A reply and each of its parts (the first part is a copy of the top level)."""
    return [reply, *reply.parts]


def names_nothing_of_danger(question: str) -> bool:
    """Whether a question, read alone, is safe to answer beside urgent help: no crisis, no risk
    named, no dose or medicine change, and nothing that points back at what the visitor told."""
    check = safety.assess(question)
    return check.level == "none" and not check.medical_advice and not safety.touches_on_risk(question) and not _REFERS_BACK.search(question)


def crisis_read_alone(reply: Reply) -> safety.Assessment | None:
    """The assessment of a question of a message that, read on its own, the floor takes for a crisis,
    when the message as a whole was not one: the questions around it dilute it. The classifier's score
    of a question alone does not count: a short question alone often reads sadder than it is (escalating
    on a strong score alone raised 5 false alarms over the labelled sets and found no crisis more)."""
    for part in reply.parts:
        if part.asked and safety.floor(part.asked):
            return safety.assess(part.asked)
    return None


def names_a_risk(question: str) -> bool:
    """Whether a question, read on its own, names a risk or reads as danger: a question the bot
    leaves unanswered beside an answer that is never named back with "ask the clinic"."""
    return safety.touches_on_risk(question) or safety.assess(question).level != "none"


def top_answerable(matches: list[Match]) -> str | None:
    """The id of the best entry that can be answered, if any."""
    return next((m.entry.id for m in matches if m.entry.kind != "not_covered"), None)


def understood(reply: Reply, message: str) -> bool:
    """Whether a reply reads the message plainly: the whole message is a greeting, thanks or a
    question about the bot, or a closing and nothing else ("no, that's all"); or a short thank-you
    that names no risk and says no farewell ("ok thx, gonna show this to my mom tonight"), but
    never a closing with more said beside it ("never mind, nobody cares anyway"); or a dose question; or every question in it is
    answered with confidence (beside an answer, a question the bot is only unsure of does not
    count against it), as the bot would answer without the intent classifier: that classifier
    was never taught what danger reads like, so it neither silences urgent help nor calls for
    it. A crisis only the crisis classifier sees, and not strongly, yields to such a reading;
    the urgent help is still shown beside the reply. A goodbye, a thank-you
    with risk or farewell words ("hopeless", "forever"), an instruction to the bot or a fallback
    never counts as understood."""
    if reply.status == "smalltalk":
        return smalltalk.is_plain(message) or (
            reply.reason in ("thanks", "done") and not safety.touches_on_risk(message) and not any(safety.assess(clause).crisis for clause in smalltalk.besides_the_closing(message))
        )
    if not reply.parts:
        return reply.plain_status == "answered" or reply.reason.startswith("medical advice")
    return all(part.plain_status == "answered" or part.reason.startswith("medical advice") or is_unsure(part) for part in reply.parts)


def is_unsure(part: Reply) -> bool:
    """A part of a reply that answers another question of the message, for a question the bot found
    no confident answer to (not a topic the content does not cover)."""
    return part.plain_status == "fallback" and not part.reason.startswith(("not covered", "medical advice"))


# A question that points back at what the visitor just said: "Is that something ketamine could help
# with?", "What are they?", "can it do that?".
_REFERS_BACK = re.compile(r"\b(that|this|these|those|it|they|them|such|so|eso|esto|esa|esas|ello)\b", re.IGNORECASE)


def sentence_before(question: str, context: str) -> str:
    """The sentence of `context` just before `question`, when it tells something rather than asks ("" if none)."""
    found = segments.sentences(context)
    for before, sentence in zip(found, found[1:]):
        if question in sentence and not segments.is_question(before):
            return before
    return ""


def read_questions(message: str, lang: str = "en") -> tuple[list[str], list[str], str]:
    """The questions a message asks as written (the whole message if none is marked), the same
    questions as they are searched, and the context around them.

    The content is in English: a Spanish message is searched through the words the glossary knows."""
    asked = segments.question_parts(message) or [message]
    context = message if len(asked) > 1 or asked[0] != message else ""
    if lang == "es":
        return asked, [language.read_spanish(q) for q in asked], language.read_spanish(context)
    return asked, asked, context


def combine(replies: list[Reply]) -> Reply:
    """One reply for the questions of a message: each answered one, up to MAX_PARTS, then one part
    for a question it cannot answer (a medical-advice refusal first, then a topic the content does
    not cover, then the rest); with nothing answered, the refusal or the best fallback alone.

    The top-level fields are the first answer's, so clients that know no parts
    still show a right answer; the same entry is never given twice."""
    answered, seen = [], set()
    for reply in replies:
        if reply.status == "answered" and reply.sources[0].id not in seen:
            seen.add(reply.sources[0].id)
            answered.append(reply)
    unanswered = [r for r in replies if r.status == "fallback"]
    refusals = [r for r in unanswered if r.reason.startswith("medical advice")]
    refusals += [r for r in unanswered if r.reason.startswith("not covered")]
    if not answered:
        if refusals:
            return refusals[0]
        return max(replies, key=lambda r: r.confidence)
    chosen = answered[:MAX_PARTS]
    if unanswered:
        chosen.append((refusals or unanswered)[0])
    if len(chosen) == 1:
        return chosen[0]
    return replace(chosen[0], parts=chosen)


def sources(matches: list[Match], limit: int = 3) -> list[Source]:
    """The best answerable matches as sources, best first."""
    return [Source(m.entry.id, m.entry.title, m.entry.url, round(m.score, 4)) for m in matches[:limit]]


def suggestions(matches: list[Match], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """'Did you mean' questions for near misses, without repeats."""
    seen: list[str] = []
    for m in matches:
        text = m.entry.questions[0] if m.entry.questions else m.entry.title
        if text not in seen:
            seen.append(text)
    return seen[:limit]


def with_notice(answer: str, notice: str) -> str:
    """An answer with the help-line notice after it, within the length limit."""
    room = MAX_ANSWER_CHARS - len(notice) - 2
    return f"{clip(answer, room)}\n\n{notice}"
