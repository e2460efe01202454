"""The slowest messages of up to 1,000 characters: time per reply in process, worst first.

    python benchmarks/worst_case.py

Adversarial shapes (one long word, many typos, many sentences, many question
marks, every crisis word, other scripts), each timed through Bot.ask three
times after a warm-up; the median is reported. A baseline of ordinary
questions is timed in the same run. The aim: every message under 50 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.answer import Bot
from bot.kbformat.reader import load  # noqa: E402

MESSAGES = {
    "one 1,000-letter word": "ketamine" * 125,
    "200 misspelt words": ("kettamine nuropathic painn " * 40)[:1000],
    "100 sentences": ("Pain. " * 200)[:1000],
    "333 question marks": ("why? " * 200)[:1000],
    "every crisis word": ("suicide overdose kill die pills breathing collapsed " * 20)[:1000],
    "long story": ("My husband has had lung cancer for two years and the pain is awful, he is on morphine and gabapentin. " * 10)[:1000],
    "Chinese": ("我妈妈有癌症，疼得很厉害，氯胺酮有用吗？" * 60)[:1000],
    "Spanish story": ("Mi papá tiene cáncer de páncreas y el dolor no se le quita con la morfina. ¿La ketamina le sirve? " * 10)[:1000],
    "no spaces": ("a" * 999) + "?",
    "digits": ("1234567890 " * 100)[:1000],
}
BASELINE = ["How does ketamine work?", "my mom has bone pain from cancer, would ketamine help her?", "how much does it cost"]


def timed(bot: Bot, message: str, rounds: int = 3) -> float:
    """Median milliseconds for one reply."""
    bot.ask(message)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        bot.ask(message)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


if __name__ == "__main__":
    bot = Bot(load(ROOT / "knowledge"))
    rows = sorted(((timed(bot, text), name) for name, text in MESSAGES.items()), reverse=True)
    baseline = statistics.median(timed(bot, q) for q in BASELINE)
    print("| message (1,000 characters) | ms per reply |")
    print("|---|---:|")
    for ms, name in rows:
        print(f"| {name} | {ms:.1f} |")
    print(f"| ordinary questions (baseline, median) | {baseline:.1f} |")
    print(f"\nworst {rows[0][0]:.1f} ms ({rows[0][1]}); aim: under 50 ms")
