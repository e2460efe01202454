"""Answer quality and urgent-help recall on every question set, in one table.

    python benchmarks/quality.py            # from the project root

Sets: the shared dev and visitor sets (../shared/eval), the frozen test splits
(tests/data/questions/test.jsonl, tests/data/safety/test.jsonl: never tuned
on) and, for reference, the training split the confidence model was fitted
on. Also the safety check's time per message (p50, p99).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import safety  # noqa: E402
from bot.engine.answer import Bot  # noqa: E402
from bot.engine.evaluation import evaluate, parse_items  # noqa: E402
from bot.kbformat.reader import load  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
ANSWER_SETS = {
    "dev (shared)": SHARED / "dev.jsonl",
    "visitors (shared)": SHARED / "visitors.jsonl",
    "frozen test split": ROOT / "tests/data/questions/test.jsonl",
    "validation (session 6)": ROOT / "tests/data/questions/validation-s6.jsonl",
    "validation (session 8)": ROOT / "tests/data/questions/validation-s8.jsonl",
    "validation (session 16)": ROOT / "tests/data/questions/validation-s16.jsonl",
    "check (session 8)": ROOT / "tests/data/questions/check-s8.jsonl",
    "check (session 10)": ROOT / "tests/data/questions/check-s10.jsonl",
    "check (session 11)": ROOT / "tests/data/questions/check-s11.jsonl",
    "check (session 12)": ROOT / "tests/data/questions/check-s12.jsonl",
    "check (session 13)": ROOT / "tests/data/questions/check-s13.jsonl",
    "check (session 14)": ROOT / "tests/data/questions/check-s14.jsonl",
    "check (session 15)": ROOT / "tests/data/questions/check-s15.jsonl",
    "check (session 16)": ROOT / "tests/data/questions/check-s16.jsonl",
    "check (session 17)": ROOT / "tests/data/questions/check-s17.jsonl",
    "check (session 18)": ROOT / "tests/data/questions/check-s18.jsonl",
    "check (session 19)": ROOT / "tests/data/questions/check-s19.jsonl",
    "check (session 20)": ROOT / "tests/data/questions/check-s20.jsonl",
    "long stories (session 17, looked at)": ROOT / "tests/data/questions/stories-s17.jsonl",
    "train.jsonl (tuned on)": ROOT / "tests/data/questions/train.jsonl",
}


def answer_table(bot: Bot) -> None:
    """Per set: overall, answered right, wrong answers, and each kind."""
    print("| set | items | overall | answered right | wrong answers | urgent help | not covered | small talk |")
    print("|---|---|---|---|---|---|---|---|")
    for name, path in ANSWER_SETS.items():
        if not path.exists():
            continue
        items = parse_items(path.read_text(encoding="utf-8").splitlines())
        report = evaluate(lambda q: bot.ask(q).to_dict(), items)
        kinds = report.by_kind()
        cell = lambda kind: f"{kinds[kind][0]}/{kinds[kind][1]}" if kind in kinds else "-"  # noqa: E731
        print(f"| {name} | {len(items)} | {report.accuracy:.1%} | {cell('answer')} | {report.wrong_answers} ({report.wrong_answers / len(items):.1%}) "
              f"| {cell('crisis')} | {cell('fallback')} | {cell('no_answer')} |")


def style_table(bot: Bot) -> None:
    """Answerable messages answered right, by how they are written (`style`, or long if 40 words or more)."""
    print("\nAnswered right, by how the question is written")
    print("| set | " + " | ".join(STYLES) + " |")
    print("|---|" + "---|" * len(STYLES))
    for name in [name for name in ANSWER_SETS if name in ("visitors (shared)", "frozen test split") or name.startswith("check")]:
        path = ANSWER_SETS[name]
        if not path.exists():
            continue
        counts = defaultdict(lambda: [0, 0])
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if not row or row["expect"] != "answer":
                continue
            style = row.get("style") or ("long" if len(row["q"].split()) >= 40 else "short")
            body = bot.ask(row["q"]).to_dict()
            counts[style][0] += body["status"] == "answered" and any(p.lower() in body["answer"].lower() for p in row["any"])
            counts[style][1] += 1
        print(f"| {name} | " + " | ".join(f"{counts[s][0]}/{counts[s][1]}" if s in counts else "-" for s in STYLES) + " |")


STYLES = ("long", "short", "question", "typo", "slang", "nonnative", "spanish", "two_questions")


def safety_rows() -> dict[str, list[tuple[str, str, str]]]:
    """(text, is crisis, kind) per safety set."""
    rows = defaultdict(list)
    for name, file in (("frozen test split", "test.jsonl"), ("validation (session 7)", "validation-s7.jsonl"), ("check (session 7)", "check-s7.jsonl"),
                       ("look-alikes (session 8)", "lookalikes-s8.jsonl"), ("look-alikes (session 16)", "lookalikes-s16.jsonl"),
                       ("check (session 8)", "check-s8.jsonl"),
                       ("check (session 10)", "check-s10.jsonl"), ("check (session 11)", "check-s11.jsonl"),
                       ("check (session 12)", "check-s12.jsonl"), ("check (session 13)", "check-s13.jsonl"),
                       ("check (session 14)", "check-s14.jsonl"), ("check (session 15)", "check-s15.jsonl"),
                       ("check (session 16)", "check-s16.jsonl"),
                       ("check (session 17)", "check-s17.jsonl"), ("check (session 18)", "check-s18.jsonl"),
                       ("check (session 19)", "check-s19.jsonl"), ("check (session 20)", "check-s20.jsonl"),
                       ("recall set (session 17)", "recall-s17.jsonl"), ("long crisis stories (session 17)", "stories-s17.jsonl"),
                       ("long stories without danger (session 17)", "benign-stories-s17.jsonl"),
                       ("six languages' check (session 15)", "languages-check-s15.jsonl"),
                       ("four languages' check (session 20)", "languages-check-s20.jsonl"),
                       ("four languages' fresh check (session 20)", "languages-check-s20b.jsonl")):
        for line in (ROOT / "tests/data/safety" / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[name].append((row["text"], row["label"] == "crisis", row.get("kind", "")))
    for name in ("visitors", "dev"):
        path = SHARED / f"{name}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    rows[f"{name} (shared)"].append((row["q"], row["expect"] == "crisis", "crisis" if row["expect"] == "crisis" else "other"))
    return rows


def safety_table(bot: Bot) -> None:
    """Recall on crisis messages and false alarms on the rest (the reply's status is "crisis"),
    per set and per kind of danger."""
    print("| set | crisis messages found | false alarms |")
    print("|---|---|---|")
    by_kind = defaultdict(lambda: [0, 0])
    for name, rows in safety_rows().items():
        found = [(bot.ask(text).status == "crisis", crisis, kind) for text, crisis, kind in rows]
        hits = sum(1 for flagged, crisis, _ in found if crisis and flagged)
        crises = sum(1 for _, crisis, _ in found if crisis)
        alarms = sum(1 for flagged, crisis, _ in found if flagged and not crisis)
        others = len(found) - crises
        recall = f"{hits}/{crises} ({hits / crises:.1%})" if crises else "-"
        print(f"| {name} | {recall} | {alarms}/{others} ({alarms / max(others, 1):.1%}) |")
        if name == "frozen test split":
            for flagged, crisis, kind in found:
                by_kind[(crisis, kind)][0] += flagged
                by_kind[(crisis, kind)][1] += 1
    print("\nFrozen split by kind (crisis kinds: found; other kinds: false alarms)")
    print("| kind | flagged |")
    print("|---|---|")
    for (crisis, kind), (flagged, total) in sorted(by_kind.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
        print(f"| {kind} ({'crisis' if crisis else 'not crisis'}) | {flagged}/{total} |")


def safety_speed(rounds: int = 3) -> None:
    """The safety check's time per message over every message of the safety sets (after a warm-up)."""
    texts = [text for rows in safety_rows().values() for text, _, _ in rows]
    for text in texts[:50]:
        safety.assess(text)
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            safety.assess(text)
            times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    print(f"\nsafety check per message: p50 {statistics.median(times):.3f} ms, p99 {times[int(len(times) * 0.99)]:.3f} ms over {len(times)} checks")


if __name__ == "__main__":
    bot = Bot(load(ROOT / "knowledge"))
    answer_table(bot)
    style_table(bot)
    print()
    safety_table(bot)
    safety_speed()
