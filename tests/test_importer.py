"""`flask kb import` and `flask kb export`: rows and folders into the store, the store out as a folder,
bad files, and answering from an imported corpus."""

import json
from pathlib import Path

import pytest

from bot.kbformat.reader import load, read_folder
from tests.conftest import KNOWLEDGE

ROWS = [
    {"id": "faq-1", "question": "How do I book a flu shot?", "answer": "Call the front desk to book a flu shot.", "url": "https://example.org/flu", "source": "Front desk"},
    {"id": "faq:2/x", "question": "Can children get the vaccine?", "answer": "Children over six months can be vaccinated.", "alternates": ["Is the vaccine for kids?", "What age for the jab?"]},
    {"id": "007", "question": "When is the clinic open?", "answer": "Monday to Friday, 8am to 6pm."},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def export(runner, folder):
    """The store written out by `flask kb export`: {path inside the folder: text}."""
    result = runner.invoke(args=["kb", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_jsonl_round_trip_keeps_ids_text_and_alternates(runner, tmp_path):
    source = write_jsonl(tmp_path / "clinic.jsonl", ROWS)
    result = runner.invoke(args=["kb", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 FAQ entries" in result.output
    assert "faq/clinic.yaml" in export(runner, tmp_path / "out")
    imported = [i for i in read_folder(tmp_path / "out").faqs if i["file"] == "clinic"]
    assert [i["id"] for i in imported] == ["faq-1", "faq:2/x", "007"]
    entries = {e.id: e for e in load(tmp_path / "out").entries}
    assert entries["faq:2/x"].questions == ("Can children get the vaccine?", "Is the vaccine for kids?", "What age for the jab?")
    assert entries["faq-1"].answer == ROWS[0]["answer"]
    assert (entries["faq-1"].url, entries["faq-1"].title) == ("https://example.org/flu", "Front desk")


def test_csv_import_with_alternates(runner, tmp_path):
    source = tmp_path / "faq.csv"
    source.write_text('id,question,answer,alternates\nc1,"Where do I park?","Use the lot, level 2.",Is there parking?|Car park\n', encoding="utf-8")
    assert runner.invoke(args=["kb", "import", str(source)]).exit_code == 0
    export(runner, tmp_path / "out")
    entry = load(tmp_path / "out").entry("c1")
    assert entry.questions == ("Where do I park?", "Is there parking?", "Car park") and entry.answer == "Use the lot, level 2."


@pytest.mark.parametrize("name, content", [
    ("faq.jsonl", '{"id": "p1", "question": "Where do I park?", "answer": "Level 2.", "examples": ["any parking near u??", "car park where"]}\n'),
    ("faq.csv", 'id,question,answer,examples\np1,"Where do I park?","Level 2.",any parking near u??|car park where\n'),
])
def test_examples_are_imported_and_exported_beside_the_phrasings(runner, tmp_path, name, content):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    assert runner.invoke(args=["kb", "import", str(source)]).exit_code == 0
    export(runner, tmp_path / "out")
    entry = load(tmp_path / "out").entry("p1")
    assert entry.examples == ("any parking near u??", "car park where") and entry.questions == ("Where do I park?",)


def test_imported_entries_are_answered_with_their_ids(make_app, runner, tmp_path, knowledge_dir):
    assert runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "c.jsonl", ROWS))]).exit_code == 0
    client = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)}).test_client()  # a worker starting now, on the same store
    body = client.post("/api/ask", json={"question": "is the vaccine ok for kids"}).get_json()
    assert body["status"] == "answered" and body["sources"][0]["id"] == "faq:2/x"
    off_topic = client.post("/api/ask", json={"question": "what is the capital of France"}).get_json()
    assert off_topic["status"] == "fallback"


def test_imported_entries_are_answered_by_flask_ask(make_app, runner, tmp_path, knowledge_dir):
    assert runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "c.jsonl", ROWS))]).exit_code == 0
    result = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)}).test_cli_runner().invoke(args=["ask", "When is the clinic open?"])
    assert result.exit_code == 0 and "[answered]" in result.output and "source: 007" in result.output


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
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A.", "examples": {"q": 1}}\n', "line 1: examples must be a list"),
    ("a.jsonl", '{"id": "1", "question": "Q?", "answer": "A.", "examples": ["' + "x" * 501 + '"]}\n', "line 1: one of the examples is longer than 500"),
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
def test_bad_files_name_the_line_and_import_nothing(runner, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = export(runner, tmp_path / "before")
    result = runner.invoke(args=["kb", "import", str(source)])
    if message is None:  # a single string of alternates is one phrasing, not an error
        assert result.exit_code == 0, result.output
        export(runner, tmp_path / "after")
        assert load(tmp_path / "after").entry("1").questions == ("Q?", "x")
        return
    assert result.exit_code == 1
    assert message in result.output and "nothing was imported" in result.output
    assert export(runner, tmp_path / "after") == before


@pytest.mark.parametrize("used", ["how-effective", "overview-p1"])  # an FAQ entry's id, a passage's id
def test_ids_already_in_the_store_are_refused(runner, tmp_path, used):
    before = export(runner, tmp_path / "before")
    assert load(tmp_path / "before").entry(used) is not None
    source = write_jsonl(tmp_path / "more.jsonl", [{"id": "new-one", "question": "Q?", "answer": "A."}, {"id": used, "question": "Q2?", "answer": "B."}])
    result = runner.invoke(args=["kb", "import", str(source)])
    assert result.exit_code == 1 and f"line 2: id {used!r} is already used in the knowledge base" in result.output
    assert export(runner, tmp_path / "after") == before


def test_reimport_needs_replace(runner, tmp_path):
    source = write_jsonl(tmp_path / "c.jsonl", ROWS)
    assert runner.invoke(args=["kb", "import", str(source)]).exit_code == 0
    imported = export(runner, tmp_path / "first")
    again = runner.invoke(args=["kb", "import", str(source)])
    assert again.exit_code == 1 and "--replace" in again.output
    assert export(runner, tmp_path / "refused") == imported
    write_jsonl(source, [{**ROWS[0], "answer": "Book a flu shot online."}, {"id": "new", "question": "Is there a pharmacy?", "answer": "Yes, downstairs."}])
    assert runner.invoke(args=["kb", "import", str(source), "--replace"]).exit_code == 0
    after = export(runner, tmp_path / "after")
    faqs = read_folder(tmp_path / "after").faqs
    assert [(i["id"], i["answer"]) for i in faqs if i["file"] == "c"] == [("faq-1", "Book a flu shot online."), ("new", "Yes, downstairs.")]
    assert {p: t for p, t in after.items() if p != "faq/c.yaml"} == {p: t for p, t in imported.items() if p != "faq/c.yaml"}  # the rest untouched


def test_large_file_shows_progress_and_imports(runner, tmp_path):
    rows = [{"id": f"q{i}", "question": f"Question number {i}?", "answer": f"Answer {i}."} for i in range(1500)]
    result = runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "big.jsonl", rows))])
    assert result.exit_code == 0 and "Checking 1500 entries" in result.output
    export(runner, tmp_path / "out")
    assert [i["id"] for i in read_folder(tmp_path / "out").faqs if i["file"] == "big"] == [r["id"] for r in rows]


def remove_entry(path: Path, entry_id: str) -> None:
    """Take one entry out of a FAQ file of the folder, as a person would."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {entry_id}\n")
    end = text.find("\n- id: ", start)
    path.write_text(text[:start] + (text[end + 1:] if end >= 0 else ""), encoding="utf-8")


def test_importing_a_folder_replaces_the_whole_knowledge(runner, tmp_path, knowledge_dir):
    assert runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "c.jsonl", ROWS))]).exit_code == 0
    folder = tmp_path / "edited"
    export(runner, folder)
    remove_entry(folder / "faq" / "ketamine-cancer-pain.yaml", "how-effective")
    (folder / "faq" / "c.yaml").unlink()
    (folder / "faq" / "extra.yaml").write_text("- id: parking\n  question: Is there parking for patients?\n  answer: Yes, behind the building.\n", encoding="utf-8")
    (folder / "synonyms.txt").write_text("car park, parking lot\n", encoding="utf-8")
    result = runner.invoke(args=["kb", "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "as the whole knowledge" in result.output and "1 removed: faq/c.yaml" in result.output
    after = export(runner, tmp_path / "after")
    assert "faq/c.yaml" not in after and after["synonyms.txt"] == "car park, parking lot\n"
    kb = load(tmp_path / "after")
    assert kb.entry("how-effective") is None and kb.entry("faq-1") is None and kb.entry("parking") is not None
    assert [i["id"] for i in read_folder(tmp_path / "after").faqs] == [i["id"] for i in read_folder(folder).faqs]


def test_a_bad_folder_imports_nothing(runner, tmp_path):
    before = export(runner, tmp_path / "before")
    folder = tmp_path / "broken"
    export(runner, folder)
    (folder / "faq" / "extra.yaml").write_text("- id: x\n  question: Q?\n", encoding="utf-8")
    result = runner.invoke(args=["kb", "import", str(folder)])
    assert result.exit_code == 1 and "extra.yaml:1: entry 'x' has no answer" in result.output and "nothing was imported" in result.output
    assert export(runner, tmp_path / "after") == before


FAQ_KEYS = ("id", "question", "alternates", "answer", "section", "url", "source", "file", "examples")


def test_export_of_the_seeded_store_reads_back_as_the_shipped_folder(runner, tmp_path):
    export(runner, tmp_path / "out")
    exported, shipped = read_folder(tmp_path / "out"), read_folder(KNOWLEDGE)
    assert [{k: i[k] for k in FAQ_KEYS} for i in exported.faqs] == [{k: i[k] for k in FAQ_KEYS} for i in shipped.faqs]
    assert [{k: t[k] for k in ("id", "topic", "phrasings")} for t in exported.topics] == [{k: t[k] for k in ("id", "topic", "phrasings")} for t in shipped.topics]
    assert exported.synonyms == shipped.synonyms and exported.messages == shipped.messages
    sections = [[(d.id, d.title)] + [(s.id, s.title, s.paragraphs, s.level) for s in d.sections] for d in exported.documents]
    assert sections == [[(d.id, d.title)] + [(s.id, s.title, s.paragraphs, s.level) for s in d.sections] for d in shipped.documents]


def test_an_exported_folder_imports_back_unchanged(runner, tmp_path):
    first = export(runner, tmp_path / "first")
    result = runner.invoke(args=["kb", "import", str(tmp_path / "first")])
    assert result.exit_code == 0 and "0 files changed" in result.output
    assert export(runner, tmp_path / "second") == first


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


@pytest.fixture
def fixture_client(make_app, tmp_path):
    """A store holding only the fixture corpus, imported into an empty store; answered by a worker starting after it."""
    empty = tmp_path / "empty-knowledge"
    empty.mkdir()
    result = make_app({"KNOWLEDGE_DIR": str(empty)}).test_cli_runner().invoke(args=["kb", "import", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    return make_app({"KNOWLEDGE_DIR": str(empty)}).test_client()


@pytest.mark.parametrize("question, expected", PARAPHRASES)
def test_paraphrased_queries_find_their_entry(fixture_client, question, expected):
    body = fixture_client.post("/api/ask", json={"question": question}).get_json()
    assert body["sources"][0]["id"] == expected


@pytest.mark.parametrize("question", ["what is the capital of France", "how do I fix my car's brakes", "recommend a good pizza place"])
def test_off_topic_queries_fall_back(fixture_client, question):
    assert fixture_client.post("/api/ask", json={"question": question}).get_json()["status"] == "fallback"


def test_a_large_import_written_in_batches_is_one_change_with_its_history(app, runner, tmp_path, monkeypatch):
    from bot.store import knowledge, revisions

    monkeypatch.setattr(knowledge, "INSERT_BATCH", 7)
    rows = [{"id": f"b{i}", "question": f"Batch question {i}?", "answer": f"Batch answer {i}."} for i in range(30)]
    with app.app_context():
        before = knowledge.revision()
    result = runner.invoke(args=["kb", "import", str(write_jsonl(tmp_path / "batch.jsonl", rows))])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert knowledge.revision() == before + 1
        history = revisions.recent(limit=1)[0]
        change = revisions.get(history["id"])
        assert (change["target"], change["action"], change["before"]) == ("faq/batch.yaml", "import", "")
        assert change["after"] == knowledge.current_files(["faq/batch.yaml"])["faq/batch.yaml"]
    export(runner, tmp_path / "out")
    assert [i["id"] for i in read_folder(tmp_path / "out").faqs if i["file"] == "batch"] == [r["id"] for r in rows]


def test_a_bad_row_after_many_good_ones_imports_nothing(app, runner, tmp_path, monkeypatch):
    from bot.store import knowledge

    monkeypatch.setattr(knowledge, "INSERT_BATCH", 3)
    path = tmp_path / "bad.jsonl"
    good = "".join(json.dumps({"id": f"g{i}", "question": f"Good question {i}?", "answer": "Yes."}) + "\n" for i in range(10))
    path.write_bytes(good.encode() + b'{"id": "x", "question": "caf\xe9?", "answer": "no"}\n')
    result = runner.invoke(args=["kb", "import", str(path)])
    assert result.exit_code == 1 and "line 11" in result.output and "UTF-8" in result.output
    with app.app_context():
        assert knowledge.read_kb().entry("g0") is None


def test_a_line_separator_inside_a_json_string_is_text_not_a_new_line(runner, tmp_path):
    row = {"id": "sep", "question": "Is the clinic open\u2028on Sundays?", "answer": "No.\u2029Closed on Sundays."}
    path = tmp_path / "sep.jsonl"
    path.write_text("\ufeff" + json.dumps(row, ensure_ascii=False) + "\n\n", encoding="utf-8")
    result = runner.invoke(args=["kb", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 FAQ entry" in result.output


def test_a_flask_command_builds_the_bot_only_when_it_asks(make_app, knowledge_dir):
    import click

    from bot.web.live import get_bot

    with click.Context(click.Command("kb")):
        app = make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})
    live = app.extensions["knowledge"]
    assert live.current is None
    with app.app_context():
        assert get_bot().ask("what is ketamine").status == "answered"
    assert live.current is not None
