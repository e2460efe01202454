"""Answer quality on question sets, scored as ../shared/tools/ask_eval.py does."""

from pathlib import Path

import pytest

from bot.evaluation import evaluate, parse_items

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name, minimum", [("dev.jsonl", 0.95), ("visitor_questions.jsonl", 0.9)])
def test_question_set_score(client, name, minimum):
    items = parse_items((DATA / name).read_text().splitlines())
    report = evaluate(lambda q: client.post("/api/ask", json={"question": q}).get_json(), items)
    failures = [(o.item.id, o.item.q, o.status) for o in report.failures]
    assert report.accuracy >= minimum, failures
    crisis = report.by_kind()["crisis"]
    assert crisis[0] == crisis[1], [f for f in failures if f[2] != "crisis"]
