"""Staff in a real browser: the dashboard, unanswered groups, the test pane, inviting an editor, a password of one's own."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, ROOT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
EDITOR_PASSWORD = "purple elephant ladder"


def sign_in(page, live_server, name="nurse", password=PASSWORD):
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_dashboard_shows_the_last_30_days(browser, live_server, app, auth, width):
    app.config["USAGE_FLUSH_SECONDS"] = 0
    auth.create()
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    for question in ["How does ketamine work?", "How does ketamine work?", "Does ketamine reduce inflammation?", "What is glutamate?",
                     "Do you validate parking?", "Is there parking for patients?", "hi", "I want to end my life"]:
        assert page.request.post(f"{live_server}/api/ask", data={"question": question}).ok
    page.request.post(f"{live_server}/api/feedback", data={"question": "What is glutamate?", "source_id": "what-is-glutamate", "helpful": True})
    sign_in(page, live_server)
    dashboard = page.locator(".dashboard")
    expect(dashboard).to_contain_text("8 questions from visitors")
    expect(dashboard).to_contain_text("100% of the answers they rated helpful")
    expect(dashboard.locator("svg[role=img] rect.chart__bar")).to_have_count(4)
    expect(dashboard.get_by_role("heading", name="Answered from most")).to_be_visible()
    if os.environ.get("UPDATE_SCREENSHOTS") and width == 1280:
        page.screenshot(path=str(ROOT / "docs" / "admin-dashboard.png"), full_page=True)
    dashboard.get_by_text("The numbers as a table").click()
    expect(dashboard.locator("table tbody tr").first).to_contain_text("4")  # today: 4 answered
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if AXE.exists():
        assert axe_violations(page) == []
    context.close()


def test_an_admin_invites_an_editor_who_chooses_a_password(browser, live_server, auth):
    auth.create()
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    admin = admin_context.new_page()
    sign_in(admin, live_server)
    admin.get_by_role("link", name="Accounts").click()
    admin.get_by_label("Name they will sign in with").fill("maria.lopez")
    admin.get_by_label("Role").select_option("editor")
    admin.get_by_role("button", name="Make an invitation link").click()
    link = admin.get_by_label("The invitation link for maria.lopez").input_value()
    assert re.match(rf"^{re.escape(live_server)}/admin/invite/[\w-]{{40,}}$", link)
    if AXE.exists():
        assert axe_violations(admin) == []

    editor_context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    editor = editor_context.new_page()
    editor.goto(link)
    expect(editor.get_by_role("heading", name="Welcome, maria.lopez")).to_be_visible()
    editor.get_by_label("New password", exact=True).fill("too short")
    editor.get_by_label("The new password again").fill("too short")
    editor.get_by_role("button", name="Make my account").click()
    expect(editor.get_by_role("alert")).to_contain_text("A password is at least 10 characters long.")
    editor.get_by_label("New password", exact=True).fill(EDITOR_PASSWORD)
    editor.get_by_label("The new password again").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="Make my account").click()
    expect(editor.get_by_text("Signed in as maria.lopez")).to_be_visible()
    expect(editor.get_by_role("link", name="Accounts")).to_have_count(0)  # an editor
    assert editor.evaluate("document.documentElement.scrollWidth") <= 360

    editor.get_by_role("link", name="Your password").click()
    editor.get_by_label("Your current password").fill(EDITOR_PASSWORD)
    editor.get_by_label("New password", exact=True).fill("a brand new passphrase")
    editor.get_by_label("The new password again").fill("a brand new passphrase")
    if AXE.exists():
        assert axe_violations(editor) == []
    editor.get_by_role("button", name="Change my password").click()
    expect(editor.get_by_text("Your password is changed.")).to_be_visible()

    admin.reload()
    row = admin.locator("tr", has_text="maria.lopez")
    expect(row).to_contain_text("editor")
    row.get_by_role("link", name="Remove…").click()
    expect(admin.get_by_role("heading", name="Remove the account maria.lopez?")).to_be_visible()
    admin.get_by_role("button", name="Yes, remove maria.lopez").click()
    expect(admin.get_by_text("is removed and signed out everywhere")).to_be_visible()
    editor.goto(f"{live_server}/admin/content")
    expect(editor).to_have_url(re.compile(r"/admin/login"))
    admin_context.close()
    editor_context.close()


def test_an_unanswered_group_becomes_a_phrasing_after_a_preview(browser, live_server, auth):
    auth.create()
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    page = context.new_page()
    for question in ["ketamine for nerve pain after radiation", "nerve pain from radiation ketamine", "Do you take Blue Cross insurance?"]:
        assert page.request.post(f"{live_server}/api/ask", data={"question": question}).json()["status"] == "fallback"
    sign_in(page, live_server)
    page.get_by_role("link", name="Unanswered", exact=True).click()
    group = page.locator(".review-group", has_text="ketamine for nerve pain after radiation")
    expect(group).to_contain_text("in 2 wordings")
    expect(group.get_by_label("Belongs to the entry")).to_have_value("neuropathic-pain")  # the closest, already picked
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if AXE.exists():
        assert axe_violations(page) == []
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "admin-unanswered.png"), full_page=True)
    group.get_by_role("button", name="Preview").click()
    as_phrasing = page.get_by_role("region", name="As a phrasing")
    expect(as_phrasing.get_by_role("status")).to_contain_text("The bot will answer it from “Does ketamine work for neuropathic pain?”")
    as_phrasing.get_by_role("button", name="Add it", exact=True).click()
    expect(page.get_by_text("The bot now answers it from that entry.")).to_be_visible()
    expect(page.locator(".review-group", has_text="nerve pain")).to_have_count(0)
    reply = page.request.post(f"{live_server}/api/ask", data={"question": "nerve pain from radiation ketamine"}).json()
    assert reply["status"] == "answered" and reply["sources"][0]["id"] == "neuropathic-pain"

    page.get_by_role("link", name="Test a question").click()
    page.get_by_label("Question").fill("How much does a ketamine infusion cost?")
    page.get_by_role("button", name="Test").click()
    expect(page.locator(".explain")).to_contain_text("Not covered because it matches the not-covered topic “Cost, payment and insurance” best")
    expect(page.get_by_text("Semantic gap", exact=True)).to_be_hidden()
    page.get_by_text("Details for the technically minded").click()
    expect(page.get_by_text("Semantic gap", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_an_unanswered_question_becomes_a_visitor_example_after_a_preview(browser, live_server, auth, width):
    auth.create()
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    question = "does it actually help ppl or nah"
    assert page.request.post(f"{live_server}/api/ask", data={"question": question}).json()["status"] == "fallback"
    sign_in(page, live_server)
    page.get_by_role("link", name="Unanswered", exact=True).click()
    group = page.locator(".review-group", has_text=question)
    group.get_by_label("Belongs to the entry").select_option("how-effective")
    group.get_by_role("button", name="Preview").click()
    as_example = page.get_by_role("region", name="As a visitor example")
    expect(as_example.get_by_role("status")).to_contain_text("and questions worded like it more often")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if AXE.exists():
        assert axe_violations(page) == []
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / f"admin-add-example-{width}.png"), full_page=True)
    as_example.get_by_role("button", name="Add it as an example").click()
    expect(page.get_by_text("as an example of how visitors ask")).to_be_visible()
    reply = page.request.post(f"{live_server}/api/ask", data={"question": question}).json()
    assert reply["status"] == "answered" and reply["sources"][0]["id"] == "how-effective"
    context.close()
