"""Small talk: greetings, thanks, goodbyes, who the bot is, asking for a person (no Flask).

A message is small talk when it is nothing else ("hi, how does ketamine
work?" is a question and goes on to retrieval), or when it asks nothing and
opens or closes with thanks or a goodbye ("ok thx, gonna show this to my mom
tonight"). Instructions to the bot ("ignore previous instructions", "pretend
you are my doctor") are never answered with content, whatever follows them.
"""

from __future__ import annotations

import re

from bot.engine import segments
from bot.engine.analysis import once_per_message
from bot.engine.text import normalize

_POLITE = r"(?: (?:there|all|everyone|everybody|again|bot|so much|very much|a lot|a bunch|again|for (?:your|the) help|for that|for helping|to you|to you all|folks|guys|friend|friends))*"
_KINDS = {
    "greeting": r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)"
    r"|hola|buenas|buenos dias|buenas tardes|buenas noches|que tal|hola que tal)" + _POLITE
    + r"|(?:my \w+|\w+) (?:says|said|sends) (?:hi|hello|hey|thanks|thank you|their love|her love|his love)(?: to you)?",
    "thanks": r"(?:(?:ok|okay|great|perfect|awesome|cool|brilliant|wonderful|got it|vale|ok)\s)?(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated"
    r"|appreciate it|that helps|that helped|helpful|gracias|muchas gracias|mil gracias|de nada)" + _POLITE,
    "goodbye": r"(?:bye|goodbye|bye bye|see you|see ya|good night|take care|have a (?:good|nice) day)" + _POLITE,
    "identity": (
        r"(?:who|what) (?:am i|are we) (?:talking|speaking|chatting) (?:to|with)"
        r"|(?:who|what) are you|whats your name|what is your name|who is this|what is this"
        r"|(?:are you|is this|am i talking to|am i speaking to|am i chatting with) (?:a |an )?(?:real |actual )?(?:bot|robot|human|person|ai|computer|machine|chatbot|doctor|nurse)"
        r"|(?:are you|is this) real"
        r"|how are you(?: doing| today)?"
    ),
    "human": (
        r"(?:can i |could i |i want to |i would like to |id like to |i need to |let me |please )?"
        r"(?:talk|speak|chat) (?:to|with) (?:a |an |the |some |your )?(?:real |actual |live )?(?:person|human|someone|somebody|staff|nurse|doctor|representative|agent|receptionist|people)"
        r"|(?:human|agent|operator|representative|real person)"
    ),
    "ack": r"(?:ok|okay|k|cool|great|got it|i see|alright|all right|sure|yes|yeah|yep|no|nope|nah|fine|good|nice"
    r"|maybe|idk|i dont know|not sure|hm+|huh|what|lol|haha|si|vale|bueno|claro|entiendo|esta bien|de acuerdo|tengo una pregunta"
    r"|i have a question|quick question)",
    # "no, that's all": the answer to the bot's own "Is there anything else you would like to know?"
    "done": r"(?:(?:no|nope|nah|ok|okay|oh) )?(?:never ?mind|nvm|forget it|no worries|no problem|all good|im good|i am good|no thanks|no thank you"
    r"|thats all|that is all|that will be all|nothing else|nothing more|thats it for now|no thats it|nope thats it"
    r"|(?:i think )?(?:im|i am) done with (?:my |the )?questions|(?:i have )?no (?:more|other|further) questions|eso es todo|nada mas"
    r"|(?:ya )?no tengo (?:mas|otras?) preguntas?)(?: for now| por ahora)?(?: thanks| thank you| gracias)?",
}
# The reply a kind of small talk gets, where it is another kind's: "no, that's all" is seen off like a goodbye.
REPLY_OF = {"done": "goodbye"}
_PATTERNS = {kind: re.compile(rf"^(?:{pattern})(?: please)?$") for kind, pattern in _KINDS.items()}


_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override|bypass) (all |any |your |the |my |previous |prior |earlier |above |these |those |of )*"
    r"(instructions?|rules|prompts?|guidelines|programming|restrictions|directions)\b"
    r"|\b(pretend|imagine) (that )?(you are|youre|to be|you were)\b|\b(act|behave|respond|answer) (as|like) (a|an|my|if you were)\b"
    r"|\byou are now\b|\b(system|initial|hidden) prompt\b|\bjailbreak\b|\bdeveloper mode\b|\bdo anything now\b|\brole ?play\b"
    r"|\bfrom now on,? (you|act|answer|respond)\b|\bnew instructions\b|\bsay (exactly|only|the words?)\b|\brepeat after me\b"
)
_CLOSINGS = ("thanks", "goodbye", "ack", "done")
# An acknowledgement followed by what the visitor will do next with what they read closes the
# conversation too ("ok gonna show my mum", "okay i'll ask his oncologist", "alright let me think
# about it"); a request is no closing ("ok i need to book an appointment", "ok i will stop bothering everyone").
_NEXT_STEP = re.compile(
    r"^(?:ok|okay|k|cool|great|got it|i see|alright|all right|sure|right|perfect|fair enough|vale|bueno) "
    r"(?:so |then |well |now )?(?:i will|ill|i am gonna|im gonna|i am going to|im going to|gonna|going to|will|we will|"
    r"let me|let us|lets|i should|i might|might|voy a|vamos a) "
    r"(?:show|tell|ask|talk|think|check|read|look|share|print|send|discuss|mention|bring|pass|forward|save|sleep on|mull"
    r"|(?:call|ring|email) (?:you|u|them|the clinic|my|him|her)|get back to (?:you|u|them|the clinic)"
    r"|ensenar|mostrar|decir|preguntar|hablar|pensar|leer)\b"  # telling others, thinking it over: never a request ("ok i need to book")
)
# The same said without "I", as a sentence of its own ("thanks!! will show my husband tonight"): no question,
# though it opens with "will". The verb takes what is read or whom it goes to: "will show up on a drug test?",
# "will talk therapy help?", "will call me back?" are questions.
_WILL_NEXT = re.compile(
    r"^(?:will|ill|gonna|going to) (?:(?:show|tell|read|share|send|print|forward|discuss|mention|bring|pass|save) (?:this|it|that|them|these|him|her|my|his|the|to)"
    r"|(?:talk|speak) (?:to|with)|think (?:about it|it over)|sleep on it|(?:call|ring|email) (?:you|u|them|the clinic|my|him|her)|get back to (?:you|u|them|the clinic))\b"
)
# Help that is no goodbye: "ok ill call 911" is not seen off with "you're welcome".
_EMERGENCY_CALL = re.compile(r"\b(911|988|999|112|ambulance|emergency|the er|paramedics?)\b")
# A closing with a few words around it ("ok thx, gonna show this to my mom tonight") is small
# talk; a longer message that opens with thanks says something more ("thanks, the infusion made
# me throw up all night and my chest hurts").
MAX_CLOSING_WORDS = 12


@once_per_message
def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", normalize(text)).split())


def _clauses(message: str) -> list[str]:
    """The cleaned clauses of a message, split at punctuation and " - "."""
    return [c for c in (_clean(piece) for piece in re.split(r"[,.!;:\n]+|\s+-\s+", message)) if c]


def classify(message: str) -> str | None:
    """The kind of small talk a message is, or None if it asks or says more than that."""
    text = _clean(message)
    if not text:
        return None
    if _INSTRUCTIONS.search(text):
        return "instructions"
    whole = next((kind for kind, pattern in _PATTERNS.items() if pattern.match(text)), None)
    clauses = _clauses(message)
    if (whole or len(text.split()) > MAX_CLOSING_WORDS or _EMERGENCY_CALL.search(text)
            or any(part.is_question and not _WILL_NEXT.match(_clean(part.text)) for part in segments.parts(message))
            or any(segments.is_question(clause) and not _WILL_NEXT.match(clause) for clause in clauses)):  # "ok ill call my onc, should i stop the morphine"
        return whole
    if _NEXT_STEP.match(text):
        return "thanks"
    for clause in (clauses[0], clauses[-1]) if clauses else ():
        first_word = clause.split(" ", 1)[0]
        kind = next((kind for kind in _CLOSINGS if _PATTERNS[kind].match(clause) or (kind in ("thanks", "goodbye") and _PATTERNS[kind].match(first_word))), None)
        if kind:
            return "thanks" if kind == "ack" else kind
    return None


def besides_the_closing(message: str) -> list[str]:
    """The clauses of a message that are neither a closing nor a next step ("thanks, very helpful"
    -> ["very helpful"]; "ok thx, gonna show this to my mom tonight" -> []): what a visitor says
    beside the thanks, to be read on its own ("thanks, nothing matters anymore")."""
    clauses = _clauses(message)
    return [c for c in clauses if not (any(_PATTERNS[kind].match(c) for kind in _CLOSINGS) or _NEXT_STEP.match(c) or _NEXT_STEP.match(f"ok {c}"))]


# Small talk that cannot also be a farewell or a call for help ("I need to talk to someone"):
# a whole message of these is understood as it is.
_PLAIN_KINDS = ("greeting", "thanks", "ack", "identity", "done")


def is_plain(message: str) -> bool:
    """True for a message that is only a greeting, thanks, an acknowledgement or a question about
    who the bot is, or that holds no letter or digit at all (emoji, punctuation)."""
    text = _clean(message)
    if not text:
        return not any(c.isalnum() for c in message)
    return any(_PATTERNS[kind].match(text) for kind in _PLAIN_KINDS)
