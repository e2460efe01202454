"""The overview's dashboard: reply counts written off the reply's path, charts drawn on the server."""

import re

import pytest

from bot.web.charts import HEIGHT, stacked_bars
from tests.conftest import AuthActions

QUESTIONS = ["How does ketamine work?", "How does ketamine work?", "Does ketamine reduce inflammation?",
             "How much does it cost? call me at 555-123-4567", "I want to end my life", "thanks!"]


@pytest.fixture
def worker(make_app, knowledge_dir):
    """A worker that writes its counts after every response (USAGE_FLUSH_SECONDS=0)."""
    return make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 0})


def words(response) -> str:
    """A page's text with its white space made single."""
    return " ".join(response.get_data(as_text=True).split())


def signed_in(app):
    client = app.test_client()
    auth = AuthActions(client, app.test_cli_runner())
    auth.create("boss")
    auth.login("boss")
    return client


def test_the_overview_counts_the_last_30_days_by_outcome(worker):
    visitor = worker.test_client()
    for question in QUESTIONS:
        assert visitor.post("/api/ask", json={"question": question}).status_code == 200
    visitor.post("/", data={"question": "Is there parking?"})  # the no-JavaScript form counts too
    page = words(signed_in(worker).get("/admin/"))
    assert "7 questions from visitors:" in page
    assert "3 answered, 2 not covered, 1 urgent help, 1 small talk." in page
    assert len(re.findall(r'<rect class="chart__bar chart__bar--', page)) == 4  # one day, four outcomes
    assert '<svg viewBox="0 0 640 240" role="img" aria-labelledby="chart-title chart-desc"' in page
    assert "<th scope=\"row\">" in page  # the table for screen readers
    most = page[page.index("Answered from most"):]
    assert most.index("How does ketamine work?") < most.index("Does ketamine reduce inflammation?") and "(2 times)" in most
    unanswered = page[page.index("Most asked, not answered"):page.index("Answered from most")]
    assert "How much does it cost?" in unanswered and "555-123-4567" not in unanswered, "the stored, redacted question only"
    assert "I want to end my life" not in page, "no visitor text beyond the redacted unanswered list"


def test_several_workers_add_to_the_same_counts(worker, make_app, knowledge_dir):
    other = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 0})
    for app in (worker, other, worker):
        app.test_client().post("/api/ask", json={"question": "How does ketamine work?"})
    assert "3 questions from visitors: 3 answered" in words(signed_in(worker).get("/admin/"))


def test_counts_wait_in_memory_until_due(make_app, knowledge_dir):
    lazy = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 3600})
    lazy.test_client().post("/api/ask", json={"question": "How does ketamine work?"})
    client = signed_in(lazy)
    assert "0 questions from visitors" in client.get("/admin/").get_data(as_text=True)
    with lazy.app_context():
        lazy.extensions["usage"].flush()
    assert "1 question from visitors: 1 answered" in words(client.get("/admin/"))


def test_what_a_worker_keeps_is_written_when_it_exits(make_app, knowledge_dir):
    from bot.web import usage

    lazy = make_app({"KNOWLEDGE_DIR": str(knowledge_dir), "USAGE_FLUSH_SECONDS": 3600})
    lazy.test_client().post("/api/ask", json={"question": "How does ketamine work?"})
    usage.flush_at_exit()  # what the process's exit hook runs
    assert "1 question from visitors: 1 answered" in words(signed_in(lazy).get("/admin/"))


def test_a_store_that_cannot_be_written_never_costs_a_reply_or_a_count(worker, monkeypatch):
    from bot.store import usage

    def broken(_counts):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(usage, "add_counts", broken)
    visitor = worker.test_client()
    assert visitor.post("/api/ask", json={"question": "How does ketamine work?"}).status_code == 200
    monkeypatch.undo()
    visitor.post("/api/ask", json={"question": "How does ketamine work?"})
    assert "2 questions from visitors: 2 answered" in words(signed_in(worker).get("/admin/"))


def test_the_overview_with_no_questions_yet(client, auth):
    auth.create("boss")
    auth.login("boss")
    page = words(client.get("/admin/"))
    assert "0 questions from visitors" in page and "No visitor has rated an answer yet." in page and "None in these days." in page
    assert "1 document with" in page and "1 documents" not in page


@pytest.mark.parametrize("counts, top", [([0, 0], 1), ([1], 1), ([3], 5), ([7, 2], 10), ([11], 20), ([260], 500), ([1000], 1000)])
def test_the_y_axis_ends_at_a_round_number(counts, top):
    chart = stacked_bars([{"day": f"2026-11-{i + 1:02d}", "n": c} for i, c in enumerate(counts)], ("n",))
    assert chart.ticks[-1].label == f"{top:,}"
    for bar, c in zip(chart.bars, [c for c in counts if c]):
        assert 0 <= bar.y and bar.y + bar.height == pytest.approx(chart.baseline) and bar.height == pytest.approx((chart.baseline - chart.ticks[-1].y) * c / top)


def test_stacked_bars_stack_in_order_and_skip_zeros():
    chart = stacked_bars([{"day": "2026-11-01", "a": 2, "b": 0, "c": 2}], ("a", "b", "c"))
    assert [b.series for b in chart.bars] == ["a", "c"]
    a, c = chart.bars
    assert a.y + a.height == pytest.approx(HEIGHT - 28) and c.y + c.height == pytest.approx(a.y)
    assert a.label == "2026-11-01: 2 a"
