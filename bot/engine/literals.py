"""The literal text a regular expression cannot match without (no Flask).

The safety floor runs about 150 patterns over every message, and almost none
of them match: each search walks the whole message. Most patterns need some
fixed text to match at all ("suicid", "overdos", " pills"); a substring test
for that text is far cheaper than the search, and when none of it is in the
message the pattern cannot match. `required_literals` works that text out from
the pattern's own parse, so it never has to be kept in step by hand.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's node codes, as the standard library names them
from re import _parser as sre_parse
from typing import Sequence

# Nodes that match no text (a word boundary, a look-ahead or look-behind): the literals
# on either side of them stay next to each other in the text.
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
# Below this length a literal is too common to rule anything out.
MIN_USEFUL = 3


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which is in every text `pattern` matches, or None when the pattern needs none
    that is worth testing (or uses flags this does not follow). Conservative: any doubt is None."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) & ~re.UNICODE:
        return None
    found = _of_sequence(list(parsed))
    if found is None or min(len(s) for s in found) < MIN_USEFUL:
        return None
    return frozenset(found)


def might_match(literals: frozenset[str] | None, text: str) -> bool:
    """False only when `text` holds none of a pattern's required literals: the pattern cannot match it."""
    return literals is None or any(literal in text for literal in literals)


class LiteralIndex:
    """Many patterns' required literals, each tested once per text: which patterns might match it."""

    def __init__(self, patterns: Sequence[str]):
        self.always: list[int] = []  # patterns with no literal worth testing
        by_literal: dict[str, list[int]] = {}
        for number, pattern in enumerate(patterns):
            literals = required_literals(pattern)
            if literals is None:
                self.always.append(number)
            for literal in sorted(literals or ()):
                by_literal.setdefault(literal, []).append(number)
        # Literals filed under their first MIN_USEFUL characters: a text is only searched for
        # the literals whose opening it holds.
        self.by_opening: dict[str, list[tuple[str, list[int]]]] = {}
        for literal, numbers in by_literal.items():
            self.by_opening.setdefault(literal[:MIN_USEFUL], []).append((literal, numbers))

    def candidates(self, text: str) -> list[int]:
        """The numbers, in order, of the patterns that might match `text` (every other one cannot)."""
        found = set(self.always)
        openings = {text[i : i + MIN_USEFUL] for i in range(len(text) - MIN_USEFUL + 1)}
        for opening in openings & self.by_opening.keys():
            for literal, numbers in self.by_opening[opening]:
                if literal in text:
                    found.update(numbers)
        return sorted(found)


def _of_sequence(items: list) -> set[str] | None:
    """The best required set of a sequence of nodes: a run of literals, or one node's own set."""
    options: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if op in _ZERO_WIDTH:
            continue
        if run:
            options.append({run})
            run = ""
        inner = _of_node(op, value)
        if inner is not None:
            options.append(inner)
    if run:
        options.append({run})
    if not options:
        return None
    return max(options, key=lambda found: (min(len(s) for s in found), -len(found)))


def _of_node(op, value) -> set[str] | None:
    """The required set of one node that is not a literal."""
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = value
        return None if add_flags or del_flags else _of_sequence(list(inner))
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            inner = _of_sequence(list(branch))
            if inner is None:
                return None
            found |= inner
        return found
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, inner = value
        return _of_sequence(list(inner)) if low >= 1 else None
    return None  # a class of characters, any character, a back-reference: nothing fixed
