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
