"""Staff import in the admin: preview first, then all or nothing."""

import html
import io
import re
from pathlib import Path

import pytest

from bot.kbformat.reader import read_folder
from tests.conftest import csrf_token

PLAIN = Path(__file__).parent / "data" / "clinic-original.txt"  # the clinic's document as it came, plain text
PLAIN_TEXT = """Visiting Our Clinic
Our clinic welcomes patients and their families.

Parking and Arrival
Free parking is available behind the building. Please arrive fifteen minutes
early for your first visit.
"""


@pytest.fixture
def staff_client(client, auth):
    auth.create()
    auth.login()
    return client


def post(client, data, file=None):
    data = {"csrf_token": csrf_token(client, "/admin/import"), **data}
    if file:
        data["file"] = (io.BytesIO(file[1]), file[0])
    return client.post("/admin/import", data=data, content_type="multipart/form-data")


def export(runner, folder):
    """The store written out by `flask kb export`: {path inside the folder: text}."""
    result = runner.invoke(args=["kb", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_import_refuses_anonymous_users(client, auth):
    auth.create()
    assert client.post("/admin/import").status_code == 302


def test_plain_text_document_preview_then_write(staff_client, runner, tmp_path):
    preview = post(staff_client, {"kind": "document", "text": PLAIN_TEXT, "name": "visiting", "action": "preview"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "nothing is written yet" in page
    assert "Parking and Arrival" in page and "#parking-and-arrival" in page
    assert "documents/visiting.md" not in export(runner, tmp_path / "previewed")
    content = re.search(r'name="text" value="([^"]*)"', page, re.DOTALL).group(1)

    written = post(staff_client, {"kind": "document", "text": html.unescape(content), "name": "visiting", "action": "write"})
    assert written.status_code == 302
    markdown = export(runner, tmp_path / "written")["documents/visiting.md"]
    assert markdown.startswith("# Visiting Our Clinic") and "## Parking and Arrival" in markdown
    assert "arrive fifteen minutes early" in markdown  # a sentence broken over two lines is joined
    body = staff_client.post("/api/ask", json={"question": "when should I arrive for my first visit"}).get_json()
    assert body["status"] == "answered" and "arrive fifteen minutes early" in body["answer"]
    assert "documents/visiting.md" in staff_client.get("/admin/history").get_data(as_text=True)


def test_csv_of_questions_and_answers(staff_client, runner, tmp_path):
    csv_text = "question,answer\nDo you validate parking?,Yes: bring your ticket to the front desk.\nCan I bring my dog?,Only service dogs.\n"
    preview = post(staff_client, {"kind": "faq", "action": "preview"}, ("front-desk.csv", csv_text.encode()))
    page = preview.get_data(as_text=True)
    assert "2 FAQ entries" in page and "do-you-validate-parking" in page
    assert "faq/front-desk.yaml" not in export(runner, tmp_path / "previewed")
    content = re.search(r'name="text" value="([^"]*)"', page, re.DOTALL).group(1)

    assert post(staff_client, {"kind": "faq", "text": html.unescape(content), "name": "front-desk", "action": "write"}).status_code == 302
    assert "faq/front-desk.yaml" in export(runner, tmp_path / "written")
    imported = [(i["id"], i["answer"]) for i in read_folder(tmp_path / "written").faqs if i["file"] == "front-desk"]
    assert imported == [("do-you-validate-parking", "Yes: bring your ticket to the front desk."), ("can-i-bring-my-dog", "Only service dogs.")]
    assert staff_client.post("/api/ask", json={"question": "can I bring my dog"}).get_json()["sources"][0]["id"] == "can-i-bring-my-dog"
    assert "faq/front-desk.yaml" in staff_client.get("/admin/history").get_data(as_text=True)


@pytest.mark.parametrize(
    "data, file, message",
    [
        ({"kind": "faq", "action": "preview"}, ("bad.csv", b"question,reply\nQ?,A.\n"), "missing: answer"),
        ({"kind": "faq", "action": "write", "text": "question,answer\nQ?,\n", "name": "x"}, None, "line 2: missing answer"),
        ({"kind": "faq", "action": "write"}, ("bad.csv", b"question,answer\ncaf\xe9,A\n"), "not valid UTF-8"),
        ({"kind": "faq", "action": "write", "text": "id,question,answer\nhow-effective,Q?,A.\n", "name": "x"}, None, "already used in the knowledge base"),
        ({"kind": "faq", "action": "write", "text": "question,answer\nNew?,A.\n", "name": "ketamine-cancer-pain"}, None, "imported under the name"),
        ({"kind": "document", "action": "write", "text": "", "name": "empty"}, None, "the document is empty"),
        ({"kind": "document", "action": "preview", "text": "# A\n\n## Symptoms {#symptoms}\n\nText.\n", "name": "dup"}, None, "already used"),
        ({"kind": "document", "action": "preview", "text": "# A\n\ntext\n", "name": "ketamine-cancer-pain"}, None, "exists already"),
    ],
)
def test_bad_imports_import_nothing(staff_client, runner, tmp_path, data, file, message):
    before = export(runner, tmp_path / "before")
    response = post(staff_client, data, file)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert export(runner, tmp_path / "after") == before


def test_the_clinics_own_plain_text_becomes_its_sections(staff_client):
    page = post(staff_client, {"kind": "document", "action": "preview", "name": "original"}, ("original.txt", PLAIN.read_bytes())).get_data(as_text=True)
    assert "becomes 5 sections" in page and "Symptoms of Chronic Cancer Pain" in page


def test_an_import_can_be_undone_from_the_history(staff_client, runner, tmp_path):
    before = export(runner, tmp_path / "before")
    csv_text = "question,answer\nDo you validate parking?,Yes: bring your ticket to the front desk.\n"
    assert post(staff_client, {"kind": "faq", "text": csv_text, "name": "front-desk", "action": "write"}).status_code == 302
    imported = export(runner, tmp_path / "imported")
    assert "faq/front-desk.yaml" in imported
    change_id = re.search(r"/admin/history/(\d+)", staff_client.get("/admin/history").get_data(as_text=True)).group(1)
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    assert staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "before"}).status_code == 302
    assert export(runner, tmp_path / "undone") == before
    assert staff_client.post("/api/ask", json={"question": "do you validate parking"}).get_json()["status"] != "answered"
    token = csrf_token(staff_client, f"/admin/history/{change_id}")
    assert staff_client.post(f"/admin/history/{change_id}/restore", data={"csrf_token": token, "which": "after"}).status_code == 302
    assert export(runner, tmp_path / "redone") == imported
    assert staff_client.post("/api/ask", json={"question": "do you validate parking"}).get_json()["sources"][0]["id"] == "do-you-validate-parking"


def test_a_huge_csv_cell_gets_a_clear_error_not_a_500(staff_client, runner, tmp_path):
    before = export(runner, tmp_path / "before")
    csv_text = "question,answer\nDo you validate parking?," + "x" * 200_000 + "\n"  # past the csv module's 128 KB cell limit
    response = post(staff_client, {"kind": "faq", "action": "preview"}, ("big.csv", csv_text.encode()))
    assert response.status_code == 400 and "not readable as CSV" in response.get_data(as_text=True)
    assert export(runner, tmp_path / "after") == before


def test_the_admin_imports_at_most_max_rows_at_a_time(staff_client, monkeypatch):
    from bot.web import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    csv_text = "question,answer\n" + "".join(f"Question {i}?,Answer {i}.\n" for i in range(4))
    response = post(staff_client, {"kind": "faq", "action": "preview"}, ("many.csv", csv_text.encode()))
    assert response.status_code == 400 and "up to 3 at a time" in response.get_data(as_text=True) and "flask kb import" in response.get_data(as_text=True)
