"""Staff in a real browser: sign in, edit an answer, see it asked (Playwright + Debian's chromium)."""

import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_edit_and_ask(page, live_server, auth):
    auth.create()
    page.goto(f"{live_server}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.get_by_label("Name").fill("nurse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as nurse")).to_be_visible()

    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_label("Search questions, answers and sections").fill("glutamate")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="What is glutamate?").click()
    page.get_by_label("Other ways visitors ask it").press("End")
    page.get_by_label("Other ways visitors ask it").type("\nWhat is this glutamate stuff I keep hearing about?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visitors get the new answer now.")).to_be_visible()

    page.get_by_role("link", name="Test a question").click()
    page.get_by_label("Question").fill("what is this glutamate stuff I keep hearing about")
    page.get_by_role("button", name="Test").click()
    expect(page.locator(".msg--answered")).to_contain_text("excitatory neurotransmitter")
    expect(page.locator(".matches tbody tr").first).to_contain_text("what-is-glutamate")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.screenshot(path=str(ROOT / "docs" / "admin-test.png"), full_page=True)

    page.goto(live_server)
    page.get_by_label("Type your question").fill("what is this glutamate stuff I keep hearing about")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator(".msg--answered")).to_contain_text("excitatory neurotransmitter")


def test_admin_pages_have_no_serious_accessibility_violations(browser, live_server, auth):
    from tests.browser.conftest import AXE

    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in the project root")
    auth.create()
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Name").fill("nurse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ["/admin/", "/admin/content", "/admin/faq/how-effective", "/admin/section/symptoms", "/admin/unanswered", "/admin/batch", "/admin/import", "/admin/history"]:
        page.goto(live_server + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], path
        if os.environ.get("UPDATE_SCREENSHOTS") and path == "/admin/faq/how-effective":
            page.screenshot(path=str(ROOT / "docs" / "admin-edit.png"), full_page=True)
    context.close()
