"""Redaction of personal details before storing visitor text."""

import pytest

from bot.engine.privacy import redact


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
        ("call me at 555-1234", "call me at [phone]"),
        ("my cell is 555.867.5309", "my cell is [phone]"),
        ("I'm John Smith and my mom has cancer", "I'm [name] and my mom has cancer"),
        ("Hi, my name is Ann Marie Lee.", "Hi, my name is [name]."),
        ("hola, me llamo María García", "hola, me llamo [name]"),
        ("I'm scared and in pain", "I'm scared and in pain"),
        ("im writing for my dad", "im writing for my dad"),
        ("I live at 42 Oak Tree Lane, Apt 3", "I live at [address]"),
        ("born 03/14/1958, pain since may", "born [date], pain since may"),
        ("DOB March 14, 1958", "DOB [date]"),
        ("she was diagnosed on 2021-06-01", "she was diagnosed on [date]"),
        ("stage 4 since 2019, 2 pills a day", "stage 4 since 2019, 2 pills a day"),
        ("take 1-2 tablets", "take 1-2 tablets"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected
