"""The literal text a pattern cannot match without: the safety floor's cheap first test."""

import glob
import json
import re
from pathlib import Path

import pytest

from bot.engine import safety
from bot.engine.literals import LiteralIndex, might_match, required_literals

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


def test_no_floor_pattern_that_matches_a_message_is_left_out_of_its_candidates():
    """Over every crisis message of the corpus: where a floor pattern matches, the index offers it."""
    rows = [json.loads(line) for path in sorted(glob.glob(str(DATA / "*" / "*.jsonl")))
            for line in Path(path).read_text(encoding="utf-8").splitlines() if '"crisis"' in line]
    prepared = [safety.prepare(row.get("text") or row.get("q")) for row in rows if row.get("text") or row.get("q")]
    assert len(prepared) > 3000
    patterns, index = safety.floor_patterns()
    for text in prepared:
        offered = set(index.candidates(text))
        assert all(number in offered for number, pattern in enumerate(patterns) if pattern.search(text)), text


def test_the_index_offers_each_pattern_whose_literal_is_in_the_text_and_those_without_literals():
    index = LiteralIndex([r"\bsuicid\w*", r"\bover ?dose", r"pills? saved", r"[a-z]+ed\b", r"\bkill (my|him)self"])
    assert index.candidates("he is suicidal") == [0, 3]
    assert index.candidates("i overdosed, i will kill myself") == [1, 3, 4]
    assert index.candidates("i killed time") == [3]  # "kill (my|him)self" needs "kill "
    assert index.candidates("two pills saved") == [2, 3]
    assert index.candidates("") == [3]


def test_most_floor_patterns_have_literals():
    patterns, index = safety.floor_patterns()
    assert len(index.always) <= 0.1 * len(patterns)
    assert all(isinstance(p, re.Pattern) for p in patterns)


def test_a_floor_pattern_is_compiled_when_first_searched_with_or_all_at_once_for_a_server(monkeypatch):
    compiled = []
    compile_ = re.compile
    monkeypatch.setattr(re, "compile", lambda source, *args: compiled.append(source) or compile_(source, *args))
    patterns = safety.FloorPatterns([r"\bsuicid\w*", r"\bover ?dose", r"pills? saved"])
    assert compiled == [] and len(patterns) == 3
    assert patterns[1].search("an overdose") and patterns[1].search("over dose")
    assert compiled == [r"\bover ?dose"]
    patterns.compile_all()
    assert sorted(compiled) == sorted(patterns.sources)
    with pytest.raises(IndexError):
        patterns[3]


def test_a_server_compiles_every_floor_pattern_before_it_serves(make_app, knowledge_dir):
    patterns, _ = safety.floor_patterns()
    make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    assert patterns.compiled() == len(patterns)
    with pytest.raises(TypeError):
        patterns[1:3]
