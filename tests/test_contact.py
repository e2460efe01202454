"""The clinic's contact details in replies: links to follow, and loud warnings while they are empty."""

from pathlib import Path

import pytest

from bot.engine.contact import contact_links, has_contact

CONTACT_LINKS = [
    ({"phone": "555-0100"}, [("Call 555-0100", "tel:5550100")]),
    ({"phone": "+1 (555) 010-0100"}, [("Call +1 (555) 010-0100", "tel:+15550100100")]),
    ({"phone": "ask at the desk"}, []),
    ({"email": "care@clinic.example"}, [("Email care@clinic.example", "mailto:care@clinic.example")]),
    ({"email": "not an address"}, []),
    ({"address": "12 Elm St & 3rd Ave"}, [("Map: 12 Elm St & 3rd Ave", "https://www.openstreetmap.org/search?query=12+Elm+St+%26+3rd+Ave")]),
    ({"website": "clinic.example/ketamine"}, [("Website: clinic.example/ketamine", "https://clinic.example/ketamine")]),
    ({"website": "https://clinic.example"}, [("Website: https://clinic.example", "https://clinic.example")]),
    ({"website": "javascript:alert(1)"}, []),
    ({"hours": "Mon-Fri 8-6"}, []),
]


@pytest.mark.parametrize("details, expected", CONTACT_LINKS)
def test_contact_links(details, expected):
    assert [(link["label"], link["href"]) for link in contact_links(details)] == expected


@pytest.mark.parametrize("clinic, reachable", [({}, False), ({"name": "Clinic", "hours": "9-5"}, False), ({"phone": "555-0100"}, True),
                                               ({"website": "clinic.example"}, True)])
def test_has_contact(clinic, reachable):
    assert has_contact(clinic) is reachable


@pytest.fixture
def reachable(knowledge_dir, reimport):
    messages = knowledge_dir / "messages.yaml"
    messages.write_text(messages.read_text().replace('phone: ""', 'phone: "555-0100"', 1))
    reimport()


@pytest.mark.parametrize("question", ["Does ketamine kill cancer cells?", "Can I talk to a real person?"])
def test_replies_that_send_visitors_to_the_clinic_carry_the_links(client, reachable, question):
    body = client.post("/api/ask", json={"question": question}).get_json()
    assert body["status"] in ("fallback", "smalltalk")
    assert body["contact_links"] == [{"label": "Call 555-0100", "href": "tel:5550100", "line": "Phone: 555-0100"}]
    assert "Phone: 555-0100" in body["answer"]  # the API's text keeps the line


def test_the_page_without_javascript_shows_the_link_instead_of_the_line(client, reachable):
    page = client.post("/", data={"question": "Does ketamine kill cancer cells?"}, follow_redirects=True).get_data(as_text=True)
    assert 'href="tel:5550100"' in page and "Call 555-0100" in page and "Phone: 555-0100" not in page


def test_answers_carry_no_contact_links(client):
    body = client.post("/api/ask", json={"question": "How does ketamine work?"}).get_json()
    assert body["status"] == "answered" and "contact_links" not in body


def test_empty_contact_details_are_warned_about_loudly(app, client, runner, auth, caplog, make_app, knowledge_dir):
    result = runner.invoke(args=["kb", "check"])
    assert result.exit_code == 0 and "Warning: the clinic's contact details" in result.output
    make_app({"KNOWLEDGE_DIR": str(knowledge_dir)})  # a worker starting
    assert any("contact details" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    auth.create()
    auth.login()
    assert "Visitors have no way to reach the clinic" in client.get("/admin/").get_data(as_text=True)


def test_no_warning_once_the_clinic_can_be_reached(client, runner, auth, reachable):
    assert "Warning" not in runner.invoke(args=["kb", "check"]).output
    auth.create()
    auth.login()
    assert "Visitors have no way to reach the clinic" not in client.get("/admin/").get_data(as_text=True)


def test_the_favicon_is_served_and_named(client):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon" and icon.data[:4] == b"\x00\x00\x01\x00"
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page and 'href="#conversation"' in page


@pytest.mark.parametrize("command, deferred", [("run", False), ("import", True)])
def test_flask_run_builds_at_start_up_and_warns_other_commands_wait(caplog, command, deferred):
    import click

    from app import create_app

    with click.Context(click.Command(command), info_name=command):
        app = create_app({"TESTING": True, "SECRET_KEY": "s", "KNOWLEDGE_DIR": str(Path(__file__).resolve().parent.parent / "knowledge")})
    assert app.extensions["knowledge"].deferred is deferred
    assert ("contact details" in caplog.text) is not deferred
