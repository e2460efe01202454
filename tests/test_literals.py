"""The literal text a pattern cannot match without: the safety floor's cheap first test."""

import glob
import json
import re
from pathlib import Path

import pytest

from bot.engine import safety
from bot.engine.literals import might_match, required_literals

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("pattern, literals", [
    (r"\bkill (my|him|her)self\b", {"kill "}),  # the longest run of fixed text wins
    (r"\b(overdos\w*|suicid\w*)\b", {"overdos", "suicid"}),
    (r"\bwant to die\b", {"want to die"}),
    (r"\b(took|swallowed) (all|the whole) (of )?(my|his|her) pills\b", {" pills"}),
    (r"\bgoodbye(?! for now)\b", {"goodbye"}),  # a look-ahead matches no text: the literal stands
    (r"(pills)+ saved", {" saved"}),
    (r"\bld ?50\b|\blethal (dose|amount)\b", None),  # "ld" is too short to rule anything out
    (r"(a|) suicide", {" suicide"}),
    (r"[a-z]+ed", None),
    (r"x*pills?", {"pill"}),
    (r"(?i)suicide", None),  # a literal that ignores case cannot be tested as a substring
    (r"(?i:suicide) plan", {" plan"}),
])
def test_required_literals(pattern, literals):
    assert required_literals(pattern) == (frozenset(literals) if literals else None)


@pytest.mark.parametrize("literals, text, expected", [
    (None, "anything", True),
    (frozenset({"suicid", "overdos"}), "he overdosed", True),
    (frozenset({"suicid", "overdos"}), "how does ketamine work", False),
])
def test_might_match(literals, text, expected):
    assert might_match(literals, text) is expected


def test_no_floor_pattern_matches_a_message_without_its_literals():
    """Over every crisis message of the corpus: where a floor pattern matches, its literals are there."""
    rows = [json.loads(line) for path in sorted(glob.glob(str(DATA / "*" / "*.jsonl")))
            for line in Path(path).read_text(encoding="utf-8").splitlines() if '"crisis"' in line]
    prepared = [safety.prepare(row.get("text") or row.get("q")) for row in rows if row.get("text") or row.get("q")]
    assert len(prepared) > 3000
    for floor_pattern in safety.floor_patterns():
        for text in prepared:
            if floor_pattern.pattern.search(text):
                assert might_match(floor_pattern.literals, text), (floor_pattern.pattern.pattern, text)


def test_most_floor_patterns_have_literals():
    patterns = safety.floor_patterns()
    assert sum(p.literals is not None for p in patterns) >= 0.9 * len(patterns)
    assert all(isinstance(p.pattern, re.Pattern) for p in patterns)
