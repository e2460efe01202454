"""Reading and validating the knowledge folder."""

import re
import shutil
from pathlib import Path

import pytest

from bot.engine.text import normalize
from bot.kbformat.reader import KnowledgeError, load

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def test_shipped_knowledge_base_loads():
    kb = load(KNOWLEDGE)
    kinds = {e.kind for e in kb.entries}
    assert kinds == {"faq", "passage", "not_covered"}
    assert kb.documents[0].title == "Ketamine Therapy for Chronic Cancer Pain"
    assert [s.id for s in kb.documents[0].sections] == ["overview", "symptoms", "traditional-treatments", "how-ketamine-works", "why-choose-ketamine"]
    assert kb.messages["urgent_help"]["links"][0]["href"] == "tel:988"


def _document_text() -> str:
    return normalize(" ".join(p for d in load(KNOWLEDGE).documents for s in d.sections for p in s.paragraphs))


@pytest.mark.parametrize("entry", [e for e in load(KNOWLEDGE).entries if e.kind == "faq"], ids=lambda e: e.id)
def test_every_faq_answer_is_quoted_from_the_document(entry):
    document = _document_text()
    for sentence in re.split(r"(?<=\.)\s+", entry.answer):
        assert normalize(sentence) in document, f"{entry.id}: {sentence!r} is not in the document"


def test_every_faq_entry_links_to_a_section():
    kb = load(KNOWLEDGE)
    sections = kb.sections()
    for entry in kb.entries:
        if entry.kind == "faq":
            assert entry.url.startswith("/learn#") and entry.url.split("#")[1] in sections


def test_contact_fields_are_left_for_the_clinic():
    clinic = load(KNOWLEDGE).messages["clinic"]
    assert all(clinic[k] == "" for k in ("phone", "email", "address", "hours"))


FAQ_OK = "- id: a\n  question: Q?\n  answer: A.\n"

# (file to write, its content, expected file name in the error, expected line, words in the message)
MALFORMED = [
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: Yes: it does\n", "bad.yaml", 3, "not valid YAML"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n", "bad.yaml", 1, "has no answer"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: A.\n- id: b\n  question: ''\n  answer: B.\n", "bad.yaml", 4, "has no question"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  anwser: A.\n", "bad.yaml", 1, "unknown key 'anwser'"),
    ("faq/bad.yaml", FAQ_OK + "- id: a\n  question: Q2?\n  answer: B.\n", "bad.yaml", 4, "already used"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: yes\n", "bad.yaml", 1, "must be text"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: A.\n  section: doc#nowhere\n", "bad.yaml", 1, "not a section"),
    ("faq/bad.yaml", "- id: ' a'\n  question: Q?\n  answer: A.\n", "bad.yaml", 1, "id ' a'"),
    ("faq/bad.yaml", "- id: [1, 2]\n  question: Q?\n  answer: A.\n", "bad.yaml", 1, "id [1, 2]"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  alternates: just one\n  answer: A.\n", "bad.yaml", 1, "must be a list"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: A.\n  examples: just one\n", "bad.yaml", 1, "examples of entry 'a' must be a list"),
    ("faq/bad.yaml", "id: a\nquestion: Q?\n", "bad.yaml", 1, "must be a list"),
    # a question belongs to one entry only once it is a visitor example of one
    ("faq/bad.yaml", FAQ_OK + "- id: b\n  question: Q2?\n  answer: B.\n  examples: ['q?']\n", "bad.yaml", 4, "'q?', a visitor example of the entry 'b', is also a phrasing of the entry 'a'"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: A.\n  examples: [my own words]\n- id: b\n  question: Q2?\n  answer: B.\n  examples: ['My  own words']\n",
     "bad.yaml", 5, "is also a visitor example of the entry 'a'"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: A.\n  examples: ['q2?']\n- id: b\n  question: Q2?\n  answer: B.\n", "bad.yaml", 5,
     "'Q2?', a phrasing of the entry 'b', is also a visitor example of the entry 'a'"),
    ("faq/bad.yaml", "- id: a\n  question: Q?\n  answer: " + "x" * 20001 + "\n", "bad.yaml", 1, "limit is 20000"),
    ("faq/bad.yaml", b"- id: a\n  question: Q?\n  answer: caf\xe9\n", "bad.yaml", 3, "UTF-8"),
    ("synonyms.txt", "opioid, opiate\nlonely\n", "synonyms.txt", 2, "two or more terms"),
    ("synonyms.txt", "opioid, , opiate\n", "synonyms.txt", 1, "no empty term"),
    ("messages.yaml", "greeting: Hi\ndisclaimer: ''\n", "messages.yaml", 1, "'disclaimer' is empty"),
    ("messages.yaml", "urgent_help:\n  links:\n    - label: Call\n      href: http://x\n", "messages.yaml", 3, "tel:988"),
    ("documents/bad.md", "Some text\n# Title\n", "bad.md", 1, "before the document's '# Title'"),
    ("documents/bad.md", "# Title\n\ntext\n\n# Another title\n", "bad.md", 5, "one '# Title' line"),
    ("documents/bad.md", "# Title\n\n## Heading {#bad id}\n\ntext\n", "bad.md", 3, "section id"),
    ("documents/bad.md", "# Title\n\n## Symptoms {#symptoms}\n\ntext\n", "ketamine-cancer-pain.md", 5, "also used in"),
    ("not-covered.yaml", "- id: t\n  topic: Cost\n", "not-covered.yaml", 1, "at least one phrasing"),
    ("faq/bad.yaml", FAQ_OK + "- id: b\n  question: Q2?\n  answer: B.\n  url: javascript:alert(1)\n", "bad.yaml", 4, "must start with https://"),
    ("faq/bad.yaml", "- id: b\n  question: Q2?\n  answer: B.\n  url: data:text/html,x\n", "bad.yaml", 1, "must start with https://"),
    ("faq/bad.yaml", "- id: b\n  question: Q2?\n  answer: B.\n  url: //evil.example/\n", "bad.yaml", 1, "must start with https://"),
    # a "billion laughs" alias bomb: refused, not expanded
    ("messages.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "messages.yaml", 2, "aliases"),
]


@pytest.mark.parametrize("name, content, file, line, words", MALFORMED)
def test_malformed_file_error_names_file_and_line(tmp_path, name, content, file, line, words):
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(KnowledgeError) as err:
        load(folder)
    assert Path(err.value.path).name == file
    assert err.value.line == line
    assert words in err.value.message
    assert f"{file}:{line}:" in str(err.value)


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(KnowledgeError, match="not found"):
        load(tmp_path / "nowhere")


def test_messages_fill_gaps_from_the_defaults(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "messages.yaml").write_text("clinic:\n  name: North Clinic\n  phone: 555-0100\n")
    messages = load(folder).messages
    assert messages["clinic"] == {**messages["clinic"], "name": "North Clinic", "phone": "555-0100", "email": ""}
    assert "988" in messages["urgent_help"]["text"]


def test_folder_without_content_is_an_error(tmp_path):
    with pytest.raises(KnowledgeError, match="no documents or FAQ entries"):
        load(tmp_path)


def test_faq_without_section_keeps_its_url_and_source(tmp_path):
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "x.yaml").write_text("- id: x-1\n  question: Q?\n  answer: A.\n  url: https://example.org/q\n  source: CDC\n")
    entry = load(tmp_path).entry("x-1")
    assert (entry.url, entry.title, entry.answer) == ("https://example.org/q", "CDC", "A.")
