"""Find the questions in a visitor's message (no Flask).

Visitors write stories around their questions, in lower case, without full
stops, and sometimes ask two things at once. A message is split into
sentences, and each sentence that asks something is a *question part*; the
other sentences are its context. The retriever scores question parts, so the
words of a story around a question never count against it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.engine.analysis import once_per_message
from bot.engine.text import normalize

# A sentence ends at . ! ? ; (one or more) or a line break, whatever case follows.
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"')\]]*\s+|\s*\n+\s*|(?<=\?)(?=[A-Za-z\u00bf])")
_ABBREVIATIONS = re.compile(r"\b(dr|mr|mrs|ms|st|vs|etc|approx|e\.g|i\.e|no|mg|mcg|ml)\.$", re.IGNORECASE)
_QUESTION_OPENERS = (
    r"(how|what|whats|what's|why|when|where|who|whom|which|is|are|do|does|did|dose|can|could|will|would|should|shall|may|might|must"
    r"|(?:am|was|were) (?:i|you|u|he|she|it|they|we|there|the|my|his|her|their|this|that)"
    r"|(?:has|have|had|hav) (?:you|u|he|she|they|it|anyone|anybody|people|patients|the|i|we|any)|isnt|arent|doesnt|dont|cant|wont|any|anyone|anybody"
    r"|tell me|explain|please explain|i wonder|im wondering|i am wondering"
    r"|wondering|i want to know|i wanna know|i would like to know|id like to know|i need to know|curious|can u|could u|r|wat|wut|y|hw|plz explain"
    r"|que|qué|cómo|como|por que|por qué|cuál|cual|cuánto|cuanto|es|puede|sirve|funciona|ayuda|hay)"
)
_QUESTION_START = re.compile(rf"^(?:(?:so|and|but|also|ok|okay|well|hi|hello|hey|please|pls|honestly|basically|realistically|really|then|now|just),?\s+)*{_QUESTION_OPENERS}\b", re.IGNORECASE)
_QUESTION_INSIDE = re.compile(
    r"\b(wondering|want to know|wanna know|like to know|need to know|curious (if|whether|about|to know)|do you know|can you tell|could you tell"
    r"|is it (true|possible|normal|common|typical)|does it|do they|would it|will it|can it|any (chance|idea|way)|whether|is there)\b",
    re.IGNORECASE,
)
# Two questions joined in one sentence: "how does it work and is it safe?". Not "or": "does it fix the
# cause or does it just numb it?" offers two answers to one question.
_JOINED_QUESTION = re.compile(
    r"(?:,\s*|\s+)(?:and|&|n|also|plus)\s+(?:also\s+)?(?=(?:how|what|whats|why|when|where|who|which|is|are|does|do|did|can|could|will|would|should)\b\s+\w+\s+\w+)",
    re.IGNORECASE,
)
MAX_SENTENCES = 12


class Part(NamedTuple):
    """A sentence of a message, and whether it asks something."""

    text: str
    is_question: bool


def sentences(message: str) -> list[str]:
    """The sentences of a message, however it is punctuated."""
    pieces = [p.strip() for p in _SENTENCE_END.split(message.strip()) if p and p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and _ABBREVIATIONS.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def is_question(sentence: str) -> bool:
    """Whether a sentence asks something: a question mark, a question opener, or "I'm wondering if"."""
    text = sentence.strip()
    return text.endswith("?") or text.startswith("\u00bf") or bool(_QUESTION_START.match(normalize(text))) or bool(_QUESTION_INSIDE.search(text))


# A lead-in that announces the questions ("Two things:", "quick question:", "dos preguntas:"): no part of either.
_LEAD_IN = re.compile(r"^\s*((two|2|three|3|a couple of|couple of|a few|few|some|quick|one|another|a|my|last|follow[ -]?up|dos|tres|una|otra)\s+)?"
                      r"(things?|questions?|qs?|qq|cosas|preguntas?|dudas?)\s*[:\-]\s*(?=\S)", re.IGNORECASE)


def without_lead_in(text: str) -> str:
    """A question without the lead-in that announced it ("Two things: what is it" -> "what is it")."""
    return _LEAD_IN.sub("", text, count=1)


def split_joined(sentence: str) -> list[str]:
    """A sentence that joins two questions, as two; any other sentence as itself."""
    pieces = [p.strip(" ,") for p in _JOINED_QUESTION.split(without_lead_in(sentence)) if p and p.strip(" ,")]
    if len(pieces) < 2 or any(len(p.split()) < 3 for p in pieces) or not is_question(pieces[0]):
        return [sentence]
    return pieces


@once_per_message
def parts(message: str) -> list[Part]:
    """The message's sentences, with the questions among them marked, in order."""
    found = [Part(s, is_question(s)) for s in sentences(message)]
    return found[:MAX_SENTENCES]


# The word that joins a question to the one before it: "... ? and how much is it?", "¿y cuánto cuesta?".
# Spanish "y" only before a Spanish word: in English text-speak "y" is "why" ("y tho").
_JOINING_WORD = re.compile(
    r"^(\u00bf?)(?:and|also|plus|&|además|y(?=\s+(?:qu[eé]|cu[aá]nt[oa]s?|cu[aá]l(?:es)?|c[oó]mo|d[oó]nde|por|para|es|se|la|el|los|las|si|tambi[eé]n|hay|puede)\b))"
    r",?\s+(?=\S)", re.IGNORECASE)


def question_parts(message: str) -> list[str]:
    """The questions a message asks, each on its own (two joined ones split, without the word that joined them)."""
    asked = [piece for part in parts(message) if part.is_question for piece in split_joined(part.text)]
    return [_JOINING_WORD.sub(r"\1", piece) for piece in asked]
