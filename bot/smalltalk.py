"""Small talk: greetings, thanks, goodbyes, who the bot is, asking for a person (no Flask).

A message is small talk only when it is nothing else: "hi, how does ketamine
work?" is a question and goes on to retrieval.
"""

from __future__ import annotations

import re

from bot.text import normalize

_POLITE = r"(?: (?:there|all|everyone|again|bot|so much|very much|a lot|a bunch|again|for (?:your|the) help|for that|for helping))*"
_KINDS = {
    "greeting": r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day))" + _POLITE,
    "thanks": r"(?:(?:ok|okay|great|perfect|awesome|cool|brilliant|wonderful|got it)\s)?(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it|that helps|that helped|helpful)" + _POLITE,
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
    "ack": r"(?:ok|okay|k|cool|great|got it|i see|alright|all right|sure|yes|yeah|yep|no|nope|nah|fine|good|nice)",
}
_PATTERNS = {kind: re.compile(rf"^(?:{pattern})(?: please)?$") for kind, pattern in _KINDS.items()}


def classify(message: str) -> str | None:
    """The kind of small talk a whole message is, or None if it is more than that."""
    text = re.sub(r"[^a-z0-9 ]+", " ", normalize(message))
    text = " ".join(text.split())
    if not text:
        return None
    return next((kind for kind, pattern in _PATTERNS.items() if pattern.match(text)), None)
