"""Score the bot on a question set in the dev.jsonl format (no Flask).

Each line: {"id", "q", "expect": answer|fallback|crisis|no_answer, "any": [...]};
or a CSV with the columns question,expected (an entry's id, "not covered", "urgent help" or "no answer").
A reply is right when:
  answer    -> status "answered" and the answer holds one of `any` (any case);
               from a CSV: answered from the entry named
  fallback  -> status "fallback"
  crisis    -> status "crisis"
  no_answer -> any status but "answered"
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

KINDS = ("answer", "fallback", "crisis", "no_answer")


class EvalFileError(ValueError):
    """A malformed line in a question set."""


@dataclass(frozen=True)
class Item:
    """One question of a set and what a right reply is."""

    id: str
    q: str
    expect: str
    any: tuple[str, ...] = ()
    entry: str = ""  # for an "answer" item from a CSV set: the id of the entry that must answer it


@dataclass(frozen=True)
class Outcome:
    """How the bot replied to one item."""

    item: Item
    status: str
    answer: str
    ok: bool


@dataclass
class Report:
    """Per-kind and overall results of a run."""

    outcomes: list[Outcome] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """(right, total) for each kind present, in the standard order."""
        counts = {}
        for kind in KINDS:
            items = [o for o in self.outcomes if o.item.expect == kind]
            if items:
                counts[kind] = (sum(o.ok for o in items), len(items))
        return counts

    @property
    def failures(self) -> list[Outcome]:
        """The items the bot got wrong."""
        return [o for o in self.outcomes if not o.ok]

    @property
    def wrong_answers(self) -> int:
        """Items answered with content that is not a right answer: the worst outcome after a missed crisis."""
        return sum(1 for o in self.outcomes if o.status == "answered" and not o.ok)

    @property
    def accuracy(self) -> float:
        """The share of items right, 0..1."""
        return sum(o.ok for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0


def parse_items(lines: Iterable[str]) -> list[Item]:
    """Items of a JSONL question set; an error names the bad line."""
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise EvalFileError(f"line {number}: not valid JSON ({err.msg})") from None
        if not isinstance(data, dict) or not isinstance(data.get("q"), str) or data.get("expect") not in KINDS:
            raise EvalFileError(f"line {number}: needs \"q\" (text) and \"expect\" (one of {', '.join(KINDS)})")
        phrases = data.get("any") or []
        if data["expect"] == "answer" and (not isinstance(phrases, list) or not phrases):
            raise EvalFileError(f"line {number}: an \"answer\" item needs \"any\": a list of phrases")
        items.append(Item(str(data.get("id", f"line-{number}")), data["q"], data["expect"], tuple(map(str, phrases))))
    if not items:
        raise EvalFileError("the file holds no questions")
    return items


# A CSV question set: `question,expected` with the expected entry's id, or one of these words.
CSV_WORDS = {"not covered": "fallback", "not_covered": "fallback", "fallback": "fallback", "urgent": "crisis", "urgent help": "crisis",
             "crisis": "crisis", "no answer": "no_answer", "no_answer": "no_answer"}


def parse_csv_items(text: str) -> list[Item]:
    """Items of a CSV question set (`question,expected`: an entry id, "not covered", "urgent help" or "no answer")."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["question", "expected"]:
        raise EvalFileError('the first line must be the column names: question,expected')
    items = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise EvalFileError(f"line {number}: needs a question and what is expected (an entry id, or \"not covered\")")
        question, expected = row[0].strip(), row[1].strip()
        kind = CSV_WORDS.get(expected.lower())
        items.append(Item(f"line-{number}", question, kind, ()) if kind else Item(f"line-{number}", question, "answer", (), expected))
    if not items:
        raise EvalFileError("the file holds no questions")
    return items


def is_right(item: Item, status: str, answer: str, source: str = "") -> bool:
    """Whether a reply is right for an item (the rules in this module's docstring)."""
    if item.expect == "answer" and item.entry:
        return status == "answered" and source == item.entry
    if item.expect == "answer":
        return status == "answered" and any(p.lower() in answer.lower() for p in item.any)
    if item.expect == "no_answer":
        return status != "answered"
    return status == {"fallback": "fallback", "crisis": "crisis"}[item.expect]


def evaluate(ask: Callable[[str], dict], items: list[Item]) -> Report:
    """Ask every item through `ask` (question -> reply dict) and score the replies."""
    report = Report()
    for item in items:
        reply = ask(item.q)
        status, answer = reply.get("status", ""), str(reply.get("answer", ""))
        source = (reply.get("sources") or [{}])[0].get("id", "")
        report.outcomes.append(Outcome(item, status, answer, is_right(item, status, answer, source)))
    return report
