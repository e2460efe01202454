"""`flask kb import`: round trip, bad files, and answering from an imported corpus."""

import json
from pathlib import Path

import pytest

from app import create_app
from bot.kbformat.reader import load

ROWS = [
    {"id": "faq-1", "question": "How do I book a flu shot?", "answer": "Call the front desk to book a flu shot.", "url": "https://example.org/flu", "source": "Front desk"},
    {"id": "faq:2/x", "question": "Can children get the vaccine?", "answer": "Children over six months can be vaccinated.", "alternates": ["Is the vaccine for kids?", "What age for the jab?"]},
    {"id": "007", "question": "When is the clinic open?", "answer": "Monday to Friday, 8am to 6pm."},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_round_trip_keeps_ids_text_and_alternates(runner, tmp_path):
    source = write_jsonl(tmp_path / "clinic.jsonl", ROWS)
    folder = tmp_path / "kb"
    result = runner.invoke(args=["kb", "import", str(source), "--into", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 FAQ entries" in result.output
    entries = {e.id: e for e in load(folder).entries}
    assert set(entries) == {"faq-1", "faq:2/x", "007"}
    assert entries["faq:2/x"].questions == ("Can children get the vaccine?", "Is the vaccine for kids?", "What age for the jab?")
    assert entries["faq-1"].answer == ROWS[0]["answer"]
    assert (entries["faq-1"].url, entries["faq-1"].title) == ("https://example.org/flu", "Front desk")


def test_csv_import_with_alternates(runner, tmp_path):
    source = tmp_path / "faq.csv"
    source.write_text('id,question,answer,alternates\nc1,"Where do I park?","Use the lot, level 2.",Is there parking?|Car park\n', encoding="utf-8")
    folder = tmp_path / "kb"
    assert runner.invoke(args=["kb", "import", str(source), "--into", str(folder)]).exit_code == 0
    entry = load(folder).entry("c1")
    assert entry.questions == ("Where do I park?", "Is there parking?", "Car park") and entry.answer == "Use the lot, level 2."


def test_imported_folder_is_served_with_its_ids(runner, tmp_path):
    folder = tmp_path / "kb"
    runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "c.jsonl", ROWS)), "--into", str(folder)])
    client = create_app({"TESTING": True, "KNOWLEDGE_DIR": str(folder)}).test_client()
    body = client.post("/api/ask", json={"question": "is the vaccine ok for kids"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "faq:2/x"
    off_topic = client.post("/api/ask", json={"question": "what is the capital of France"}).get_json()
    assert off_topic["status"] == "fallback"


BAD = [
    # (file name, content, message)
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A."}\n{"id": "2", "question": "Q2?"}\n', "line 2: missing answer"),
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A."}\n\n{"id": "1", "question": "Q2?", "answer": "B."}\n', "line 3: duplicate id '1' (first on line 1)"),
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A."}\nnot json\n', "line 2: not valid JSON"),
    ("a.jsonl", '["a", "b"]\n', "line 1: each line must be a JSON object"),
    ("a.jsonl", '{"id": "", "question": "Q?", "answer": "A."}\n', "line 1: missing id"),
    ("a.jsonl", '{"id": "1", "question": 5, "answer": "A."}\n', "line 1: missing question"),
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A.", "alternates": "x"}\n', None),
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A.", "alternates": [1]}\n', "line 1: alternates must be a list"),
    ("a.jsonl", b'{"id": "1", "question": "Q?", "answer": "A."}\n{"id": "2", "question": "caf\xe9", "answer": "A."}\n', "line 2: not valid UTF-8"),
    ("a.jsonl", "\n\n", "holds no entries"),
    ("a.csv", "id,question\n1,Q?\n", "line 1: the header row needs the columns id, question, answer; missing: answer"),
    ("a.csv", 'id,question,answer\n1,Q?,A.\n2,"multi\nline",\n', "line 3: missing answer"),
    ("a.csv", "id,question,answer\n1,Q?,A.,extra\n", "line 2: the row has more cells than the header"),
    ("a.txt", "whatever", "unknown file type '.txt'"),
    ("a.csv", "id,question,answer,url\n1,Q?,A.,javascript:alert(1)\n", "line 2: url 'javascript:alert(1)' must start with https://"),
    ("a.csv", "id,question,answer\n1,Q?," + "x" * 200_000 + "\n", "line 2: not readable as CSV"),  # was a 500 in the admin
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A.", "url": "JAVASCRIPT:alert(1)"}\n', "line 1: url 'JAVASCRIPT:alert(1)' must start with https://"),
]


@pytest.mark.parametrize("name, content, message", BAD)
def test_bad_files_name_the_line_and_write_nothing(runner, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    folder = tmp_path / "kb"
    result = runner.invoke(args=["kb", "import", str(source), "--into", str(folder)])
    if message is None:  # a single string of alternates is one phrasing, not an error
        assert result.exit_code == 0
        return
    assert result.exit_code == 1
    assert message in result.output and "nothing was written" in result.output
    assert not (folder / "faq").exists()


def test_ids_already_in_the_folder_are_refused(runner, tmp_path, knowledge_dir):
    source = write_jsonl(tmp_path / "more.jsonl", [{"id": "how-effective", "question": "Q?", "answer": "A."}])
    result = runner.invoke(args=["kb", "import", str(source)])
    assert result.exit_code == 1 and "already used in the knowledge folder" in result.output
    assert not (knowledge_dir / "faq" / "more.yaml").exists()


def test_reimport_needs_replace(runner, tmp_path):
    source = write_jsonl(tmp_path / "c.jsonl", ROWS)
    folder = tmp_path / "kb"
    assert runner.invoke(args=["kb", "import", str(source), "--into", str(folder)]).exit_code == 0
    again = runner.invoke(args=["kb", "import", str(source), "--into", str(folder)])
    assert again.exit_code == 1 and "--replace" in again.output
    write_jsonl(source, ROWS[:1])
    assert runner.invoke(args=["kb", "import", str(source), "--into", str(folder), "--replace"]).exit_code == 0
    assert [e.id for e in load(folder).entries] == ["faq-1"]


def test_large_file_shows_progress_and_imports(runner, tmp_path):
    rows = [{"id": f"q{i}", "question": f"Question number {i}?", "answer": f"Answer {i}."} for i in range(1500)]
    result = runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "big.jsonl", rows)), "--into", str(tmp_path / "kb")])
    assert result.exit_code == 0 and "Checking 1500 entries" in result.output
    assert len(load(tmp_path / "kb").entries) == 1500


FIXTURE = Path(__file__).parent / "data" / "fixture_faq.jsonl"

PARAPHRASES = [
    ("when is the best time for a flu jab", "flu-shot"),
    ("are flu shots ok for kids", "flu-kids"),
    ("my son has a high temperature what do i do", "fever"),
    ("will antibiotics help my cold", "antibiotics-cold"),
    ("how often do I need a blood pressure check", "bp-check"),
    ("can I eat before my blood work", "fasting-blood-test"),
    ("I need more of my medication, how do I get a refill", "refill"),
    ("how do I get my health records", "records"),
    ("can I see the doctor online by video", "telehealth"),
    ("what do I need to bring for my first visit", "new-patient"),
    ("I need to change my appointment time", "cancel"),
    ("which SPF is best", "sunscreen"),
]


@pytest.fixture(scope="module")
def fixture_client(tmp_path_factory):

    folder = tmp_path_factory.mktemp("fixture-kb")
    app = create_app({"TESTING": True, "KNOWLEDGE_DIR": str(folder)})
    result = app.test_cli_runner().invoke(args=["kb", "import", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    return create_app({"TESTING": True, "KNOWLEDGE_DIR": str(folder)}).test_client()


@pytest.mark.parametrize("question, expected", PARAPHRASES)
def test_paraphrased_queries_find_their_entry(fixture_client, question, expected):
    body = fixture_client.post("/api/ask", json={"question": question}).get_json()
    assert body["sources"][0]["id"] == expected


@pytest.mark.parametrize("question", ["what is the capital of France", "how do I fix my car's brakes", "recommend a good pizza place"])
def test_off_topic_queries_fall_back(fixture_client, question):
    assert fixture_client.post("/api/ask", json={"question": question}).get_json()["status"] == "fallback"
