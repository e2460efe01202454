"""The widget on a clinic's own page, served from a second origin (another port on 127.0.0.1)."""

import os
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sample clinic</title></head>
<body><main><h1>Sample Clinic: Pain Management</h1><p>Our clinic's own page.</p></main>
<script src="{bot}/static/widget.js" defer></script></body></html>"""


@pytest.fixture
def clinic_site(live_server):
    """A page of the clinic's own website on another origin, with the widget's one line on it."""
    server = make_server("127.0.0.1", 0, lambda environ, start: Response(HOST_PAGE.format(bot=live_server), mimetype="text/html")(environ, start))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def open_widget(page, site):
    page.goto(site)
    page.get_by_role("button", name="Questions? Ask us").click()
    return page.locator("#clinic-chat-panel")


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_embedded_from_another_origin_it_answers_with_one_close_control(browser, app, clinic_site, width, height, tmp_path):
    app.config["FRAME_ANCESTORS"] = clinic_site  # what a clinic sets (FLASK_FRAME_ANCESTORS)
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    panel = open_widget(page, clinic_site)
    expect(panel.get_by_role("heading", name="Ketamine Pain Clinic")).to_be_visible()  # the header, once the chat has loaded
    chat = page.frame_locator("#clinic-chat-panel iframe")
    chat.get_by_label("Type your question").fill("Can ketamine help with depression?")
    chat.get_by_role("button", name="Ask", exact=True).click()
    expect(chat.locator(".msg--answered").last).to_contain_text("depression and anxiety")
    expect(page.locator("#clinic-chat-blocked")).to_be_hidden()
    closes = page.get_by_role("button", name="close", exact=False)
    expect(closes).to_have_count(1)  # the panel's ×, nothing else
    expect(page.locator("#clinic-chat-button")).to_be_hidden()
    title = page.locator("#clinic-chat-title").bounding_box()
    close = page.locator("#clinic-chat-close").bounding_box()
    assert title["x"] + title["width"] <= close["x"], "the × never covers the title"
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0 and box["y"] + box["height"] <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    chat_width = chat.locator("html").evaluate("html => html.scrollWidth")
    assert chat_width <= box["width"], "the compact layout fits the panel"
    folder = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.wait_for_timeout(300)
    page.screenshot(path=str(folder / f"widget-{width}.png"))
    page.locator("#clinic-chat-close").click()
    expect(panel).to_be_hidden()
    expect(page.locator("#clinic-chat-button")).to_be_focused()
    context.close()


def test_escape_in_the_chat_closes_it(page, app, clinic_site):
    app.config["FRAME_ANCESTORS"] = clinic_site
    panel = open_widget(page, clinic_site)
    chat = page.frame_locator("#clinic-chat-panel iframe")
    chat.get_by_label("Type your question").click()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("#clinic-chat-button")).to_have_attribute("aria-expanded", "false")


def test_without_frame_ancestors_the_panel_says_so_and_links_to_the_chat(page, app, clinic_site):
    app.config["FRAME_ANCESTORS"] = ""  # the default: only the bot's own pages may frame it
    panel = open_widget(page, clinic_site)
    blocked = page.locator("#clinic-chat-blocked")
    expect(blocked).to_be_visible(timeout=10_000)
    expect(blocked).to_contain_text("cannot open inside this page")
    link = blocked.get_by_role("link", name="Open the chat in a new tab")
    expect(link).to_have_attribute("href", page.evaluate("document.querySelector('script[src*=widget]').src.replace('/static/widget.js', '/')"))
    expect(panel.locator("iframe")).to_be_hidden()  # never the browser's broken-frame icon
    expect(panel.get_by_role("button", name="Close the chat")).to_be_visible()
