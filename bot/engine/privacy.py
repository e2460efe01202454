"""Remove personal details from text before it is stored (no Flask).

What a visitor types may hold who they are. Before a question is kept for
staff, these become placeholders: emails, phone numbers (7 digits and more,
in any usual format, "555-1234" included), runs of 5+ digits, dates of birth
and other dates, street addresses, and the names visitors give ("my name is
Ann Lee", "I'm John Smith", "this is Maria").
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\(?\d{1,4}\)?(?:[\s.-]+\(?\d{2,4}\)?){1,5}(?!\w)")
_DIGITS = re.compile(r"\d{5,}")
_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*,? \d{4}\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z0-9][\w'.-]*\s+){1,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|circle|terrace|highway|hwy|parkway|pkwy|calle|avenida)\b\.?(?:,?\s*(?:apt|apartment|unit|suite|#)\s*\w+)?",
    re.IGNORECASE,
)
# A name a visitor gives: after "my name is", "I'm", "I am", "this is", "me llamo", "soy", one to three capitalised words.
_NAME = re.compile(
    r"\b((?i:my name is|my name's|name is|i am|i'm|im|this is|me llamo|mi nombre es|soy)\s+)"
    r"((?:[A-Z\u00c0-\u00de][a-z'\u00df-\u017f-]+)(?:\s+[A-Z\u00c0-\u00de][a-z'\u00df-\u017f-]+){0,2})"
)
# Capitalised words after "I'm" that are not names ("I'm Scared", "I'm In pain").
_NOT_NAMES = frozenset(
    "a an the so not in on at very really just scared worried sorry sure here there fine ok okay tired sick afraid the "
    "writing asking calling looking trying wondering going caring new back still having taking".split()
)


def _name(match: re.Match) -> str:
    if match.group(2).split()[0].lower() in _NOT_NAMES:
        return match.group(0)
    return f"{match.group(1)}[name]"


def redact(text: str) -> str:
    """`text` with emails, phone numbers, dates, addresses, digit runs and given names replaced by placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _ADDRESS.sub("[address]", text)
    text = _DATE.sub("[date]", text)
    text = _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)
    text = _DIGITS.sub("[number]", text)
    return _NAME.sub(_name, text)
