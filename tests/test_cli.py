"""The `flask` commands through the CLI runner."""

import json

import pytest


def test_ask_prints_the_reply(runner):
    result = runner.invoke(args=["ask", "How does ketamine work?"])
    assert result.exit_code == 0
    assert "[answered]" in result.output and "NMDA" in result.output
    assert "source: how-ketamine-works" in result.output


def test_ask_json_is_the_api_reply(runner):
    result = runner.invoke(args=["ask", "--json", "I want to kill myself"])
    assert json.loads(result.output)["status"] == "crisis"


def test_kb_check_passes_on_the_shipped_folder(runner):
    result = runner.invoke(args=["kb", "check"])
    assert result.exit_code == 0
    assert "OK" in result.output and "FAQ entries" in result.output


def test_kb_check_names_file_and_line(runner, knowledge_dir):
    (knowledge_dir / "faq" / "extra.yaml").write_text("- id: x\n  question: Q?\n")
    result = runner.invoke(args=["kb", "check", "--dir", str(knowledge_dir)])
    assert result.exit_code == 1
    assert "extra.yaml:1: entry 'x' has no answer" in result.output


def test_kb_check_warns_of_a_phrasing_two_entries_share(runner, knowledge_dir):
    """Allowed (FAQs written elsewhere have it), but the bot cannot tell the two apart: said, with where."""
    (knowledge_dir / "faq" / "extra.yaml").write_text("- id: x\n  question: How does ketamine work?\n  answer: Somehow.\n")
    result = runner.invoke(args=["kb", "check", "--dir", str(knowledge_dir)])
    assert result.exit_code == 0, result.output
    assert "Warning: 'How does ketamine work?', a phrasing of the entry 'how-ketamine-works', is also a phrasing of the entry 'x' at " in result.output
    assert "extra.yaml:1: the bot cannot tell which" in result.output


def test_kb_check_checks_the_store_by_default(runner):
    result = runner.invoke(args=["kb", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("the store: OK - 1 document,") and "FAQ entries" in result.output


def test_kb_check_another_folder(runner, tmp_path):
    result = runner.invoke(args=["kb", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "no documents or FAQ entries" in result.output


def test_eval_prints_kinds_and_failures(runner, tmp_path):
    questions = tmp_path / "set.jsonl"
    questions.write_text(
        '{"id": "a", "q": "How does ketamine work?", "expect": "answer", "any": ["nmda"]}\n'
        '{"id": "b", "q": "How does ketamine work?", "expect": "fallback"}\n'
        '{"id": "c", "q": "I want to kill myself", "expect": "crisis"}\n'
    )
    result = runner.invoke(args=["eval", str(questions)])
    assert result.exit_code == 0
    assert "answer     1/1" in result.output and "fallback   0/1" in result.output
    assert "FAIL b | expected fallback, got answered" in result.output
    assert "overall 66.7% of 3" in result.output
    below = runner.invoke(args=["eval", str(questions), "--min", "0.9"])
    assert below.exit_code == 1 and "Below --min: 66.7% is under 90.0%." in below.output


def test_staff_list_says_how_to_begin_when_there_is_no_account(runner):
    result = runner.invoke(args=["staff", "list"])
    assert result.exit_code == 0 and "No staff accounts yet: create the first with `flask staff add NAME`." in result.output


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json\n", "line 1: not valid JSON"),
        ('{"q": "hi"}\n', "line 1: needs"),
        ('{"q": "hi", "expect": "answer"}\n', 'needs "any"'),
        ("\n\n", "no questions"),
    ],
)
def test_eval_rejects_bad_files_with_the_line(runner, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    result = runner.invoke(args=["eval", str(path)])
    assert result.exit_code == 1
    assert message in result.output
