"""Remove personal details from text before it is stored (no Flask)."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\(?\d{1,4}\)?(?:[\s.-]+\(?\d{2,4}\)?){2,5}(?!\w)")
_DIGITS = re.compile(r"\d{5,}")


def redact(text: str) -> str:
    """`text` with emails, phone numbers and runs of 5+ digits replaced by placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(lambda m: "[phone]" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text)
    return _DIGITS.sub("[number]", text)
