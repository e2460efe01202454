"""Redaction of personal details before storing visitor text."""

import pytest

from bot.privacy import redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("email me at jo.smith+x@example.co.uk please", "email me at [email] please"),
        ("call 555-123-4567", "call [phone]"),
        ("call (555) 123 4567 tonight", "call [phone] tonight"),
        ("my number is +1 555 123 4567", "my number is [phone]"),
        ("member id 123456789", "member id [number]"),
        ("does ketamine help 80% of patients", "does ketamine help 80% of patients"),
        ("stage 4 cancer since 2019", "stage 4 cancer since 2019"),
        ("a 50% reduction in 2 weeks", "a 50% reduction in 2 weeks"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected
