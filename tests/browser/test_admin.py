"""Staff in a real browser: sign in, edit an answer, see it asked (Playwright + Debian's chromium)."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, ROOT
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


def sign_in(page, live_server):
    """Sign in as the nurse through the form."""
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Name").fill("nurse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as nurse")).to_be_visible()


# Every admin page, as (name for its screenshot, path); the history change and the test reply are made first.
ADMIN_PAGES = [
    ("overview", "/admin/"), ("content", "/admin/content"), ("entry", "/admin/faq/how-effective"), ("new-entry", "/admin/faq/new?question=Is+there+parking%3F"),
    ("delete", "/admin/faq/how-effective/delete"), ("section", "/admin/section/symptoms"), ("new-section", "/admin/section/new"),
    ("clinic", "/admin/clinic"), ("messages", "/admin/messages"), ("topics", "/admin/topics"), ("file", "/admin/file/messages.yaml"),
    ("synonyms", "/admin/file/synonyms.txt"), ("test", "/admin/test"), ("unanswered", "/admin/unanswered"), ("batch", "/admin/batch"),
    ("import", "/admin/import"), ("history", "/admin/history"), ("change", "/admin/history/{change}"),
]


SHOTS = Path(tempfile.gettempdir()) / "admin-screenshots"  # every page at both widths, to look at (UPDATE_SCREENSHOTS=1)


def axe_violations(page) -> list:
    """The serious and critical axe-core violations of the page as it is."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [360, 1280])
def test_every_admin_page_fits_the_screen_and_passes_axe(browser, live_server, auth, client, width):
    """No sideways scrolling at 360 px (nor at 1280), and no serious axe-core violation, on every admin page."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in the project root")
    client.post("/api/ask", json={"question": "Can I bring my extraordinarily-long-named-service-dog-companion to the infusion appointment?"})
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 740 if width == 360 else 1000})
    page = context.new_page()
    page.goto(f"{live_server}/admin/")  # before the first account: how to make one
    assert page.evaluate("document.documentElement.scrollWidth") <= width and axe_violations(page) == []
    auth.create()
    page.goto(f"{live_server}/admin/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= width and axe_violations(page) == []
    sign_in(page, live_server)
    page.goto(f"{live_server}/admin/clinic")
    page.get_by_label("Phone").fill("call us")
    page.get_by_role("button", name="Save").click()  # a form with an error in it, checked too
    expect(page.locator("#phone-error")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width and axe_violations(page) == [], "clinic with an error"
    page.get_by_label("Phone").fill("+1 (555) 010-0100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the contact details.")).to_be_visible()
    change = page.evaluate("fetch('/admin/history').then(r => r.text())")
    change_id = re.search(r"/admin/history/(\d+)", change).group(1)
    for name, path in ADMIN_PAGES:
        page.goto(live_server + path.format(change=change_id))
        if name == "test":
            page.get_by_label("Question").fill("How effective is ketamine for cancer pain?")
            page.get_by_role("button", name="Test").click()
            expect(page.locator(".msg--answered")).to_be_visible()
        wide = page.evaluate("[document.documentElement.scrollWidth, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                             f"{width} + 1).map(e => e.tagName + '.' + e.className).slice(0, 5)]")
        assert wide[0] <= width, (path, wide)
        assert axe_violations(page) == [], path
        if os.environ.get("UPDATE_SCREENSHOTS"):
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)

    context.close()


def ask_on_the_chat_page(page, live_server, question):
    """Ask on the visitors' page, as a visitor would, and return the newest reply."""
    page.goto(live_server)
    page.get_by_label("Type your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator(".msg--typing")).to_have_count(0)
    return page.locator(".msg--bot").last


def test_staff_who_never_saw_yaml_set_the_contact_details_and_see_them_in_a_reply(page, live_server, auth):
    auth.create()
    sign_in(page, live_server)
    expect(page.get_by_text("Visitors have no way to reach the clinic")).to_be_visible()
    page.get_by_role("link", name="Fill in the contact details").click()
    page.get_by_label("Phone").fill("555 010 0100 ext")
    page.get_by_label("Email").fill("frontdesk@example-clinic.org")
    page.get_by_label("Opening hours").fill("Mon-Fri: 8am-6pm")
    page.get_by_label("Website").fill("www.example-clinic.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Phone")).to_have_attribute("aria-invalid", "true")  # the mistake, next to the field
    expect(page.locator("#phone-error")).to_have_text(re.compile("Use digits, spaces and"))
    expect(page.get_by_label("Opening hours")).to_have_value("Mon-Fri: 8am-6pm")  # nothing typed is lost
    page.get_by_label("Phone").fill("555 010 0100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the contact details.")).to_be_visible()
    expect(page.get_by_label("Website")).to_have_value("https://www.example-clinic.org")
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "admin-clinic.png"), full_page=True)

    reply = ask_on_the_chat_page(page, live_server, "Where can I buy a unicorn saddle?")
    expect(reply).to_contain_text("Hours: Mon-Fri: 8am-6pm")
    expect(reply.get_by_role("link", name="Call 555 010 0100")).to_have_attribute("href", "tel:5550100100")
    expect(reply.get_by_role("link", name="Email frontdesk@example-clinic.org")).to_be_visible()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "admin-contact-reply.png"))


def test_staff_add_an_entry_from_an_unanswered_question_and_see_it_answered(page, live_server, auth):
    question = "Is there a cafeteria at the clinic?"
    expect(ask_on_the_chat_page(page, live_server, question)).to_have_class(re.compile("msg--fallback"))
    auth.create()
    sign_in(page, live_server)
    page.get_by_role("link", name="Unanswered", exact=True).click()
    row = page.locator(".review-group", has_text=question)
    row.get_by_role("link", name="New entry").click()
    expect(page.get_by_label("Question")).to_have_value(question)
    expect(page.locator("details.advanced", has_text="Advanced: id")).not_to_have_attribute("open", "")  # the id is made for them
    page.get_by_label("Answer", exact=True).fill("Yes: a cafeteria on the ground floor is open from 8am to 4pm.")
    page.get_by_label("Where the answer comes from").select_option(label="Why Choose Ketamine Therapy for Chronic Cancer Pain")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visitors get the new answer now.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/faq/is-there-a-cafeteria-at-the-clinic$"))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator("details.advanced summary").click()
        page.screenshot(path=str(ROOT / "docs" / "admin-edit.png"), full_page=True)

    reply = ask_on_the_chat_page(page, live_server, "is there a cafeteria at the clinic")
    expect(reply).to_contain_text("cafeteria on the ground floor")
    expect(reply.get_by_role("link", name="Why Choose Ketamine Therapy for Chronic Cancer Pain")).to_be_visible()

    # with no source section, the answer has no "From:" link (the script's reply and the page's)
    page.goto(f"{live_server}/admin/faq/is-there-a-cafeteria-at-the-clinic")
    page.get_by_label("Answer", exact=True).fill("Yes: a cafeteria on the ground floor is open from 7am to 5pm, Monday to Friday.")
    page.get_by_label("Where the answer comes from").select_option(label="No section (no \u201cFrom:\u201d link)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visitors get the new answer now.")).to_be_visible()
    page.get_by_role("link", name="History").click()
    expect(page.locator("tbody tr").first).to_contain_text("Entry: Is there a cafeteria at the clinic?")
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Changed: Is there a cafeteria at the clinic?")).to_be_visible()
    expect(page.locator("del", has_text="Why Choose Ketamine Therapy for Chronic Cancer Pain")).to_be_visible()  # the section by its title
    expect(page.locator("ins", has_text="7am to 5pm, Monday to Friday.")).to_be_visible()
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "admin-change.png"), full_page=True)
    reply = ask_on_the_chat_page(page, live_server, "is there a cafeteria at the clinic")
    expect(reply).to_contain_text("cafeteria on the ground floor")
    expect(reply.locator(".msg__source")).to_have_count(0)
    assert page.js_errors == []

    # deleting asks first, and says how to bring it back
    page.goto(f"{live_server}/admin/faq/is-there-a-cafeteria-at-the-clinic")
    page.get_by_role("link", name="Delete this entry").click()
    expect(page.get_by_role("heading", name="Delete this entry?")).to_be_visible()
    expect(page.get_by_text("Restore the version before this change", exact=False)).to_be_visible()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("To bring it back")).to_be_visible()
    page.get_by_role("link", name="view and restore").click()
    page.get_by_role("button", name="Restore the version before this change").click()
    reply = ask_on_the_chat_page(page, live_server, "is there a cafeteria at the clinic")
    expect(reply).to_contain_text("cafeteria on the ground floor")


def test_staff_add_a_topic_the_content_does_not_cover(page, live_server, auth):
    auth.create()
    sign_in(page, live_server)
    page.get_by_role("link", name="Content", exact=True).click()
    page.get_by_role("link", name="Topics not covered").click()
    page.get_by_role("link", name="Add a topic").click()
    new = page.locator("#add-topic")
    new.get_by_label("Topic").fill("Pets")
    new.get_by_label("Example questions").fill("Can I bring my dog to the clinic?\nAre pets allowed?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the topics.")).to_be_visible()
    expect(page.locator("legend", has_text="Pets")).to_be_visible()
    reply = ask_on_the_chat_page(page, live_server, "Are pets allowed at the clinic?")
    expect(reply).to_have_class(re.compile("msg--fallback"))
