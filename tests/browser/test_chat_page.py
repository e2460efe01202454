"""The visitor's chat page and widget in a real browser (Playwright + Debian's chromium)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, ROOT

pytestmark = pytest.mark.browser


def ask(page, question):
    page.get_by_label("Type your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()


def test_question_answered_with_source_link(page, live_server):
    page.goto(live_server)
    ask(page, "How does ketamine work?")
    reply = page.locator(".msg--answered").last
    expect(reply).to_contain_text("NMDA receptor")
    link = reply.get_by_role("link", name="How Ketamine Treats Chronic Cancer Pain")
    expect(link).to_have_attribute("href", "/learn#how-ketamine-works")
    link.click()
    expect(page).to_have_url(re.compile(r"/learn#how-ketamine-works$"))
    expect(page.locator("#how-ketamine-works")).to_contain_text("NMDA receptor")
    assert page.js_errors == []


def test_fallback_shows_contact_details_as_links_to_follow(page, live_server, knowledge_dir, reimport):
    messages = knowledge_dir / "messages.yaml"
    text = messages.read_text().replace('phone: ""', 'phone: "(555) 010-0100"', 1).replace('email: ""', 'email: "care@clinic.example"', 1)
    messages.write_text(text.replace('address: ""', 'address: "12 Elm Street, Springfield"', 1))
    reimport()
    page.goto(live_server)
    ask(page, "Does ketamine kill cancer cells?")
    reply = page.locator(".msg--fallback").last
    expect(reply).to_contain_text("does not cover")
    expect(reply.get_by_role("link", name="Call (555) 010-0100")).to_have_attribute("href", "tel:5550100100")
    expect(reply.get_by_role("link", name="Email care@clinic.example")).to_have_attribute("href", "mailto:care@clinic.example")
    expect(reply.get_by_role("link", name="Map: 12 Elm Street, Springfield")).to_have_attribute("href", re.compile(r"^https://www\.openstreetmap\.org/search\?query=12\+Elm"))
    expect(reply.locator(".msg__text")).not_to_contain_text("Phone:")  # the link stands for the line
    assert page.js_errors == []


def test_the_skip_link_goes_to_the_conversation(page, live_server):
    page.goto(live_server)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#conversation")).to_be_focused()


def test_fallback_suggestion_buttons_ask_again(page, live_server, app):
    app.extensions["knowledge"].get().threshold = 0.99
    page.goto(live_server)
    ask(page, "does ketamine help depression and sleep")
    reply = page.locator(".msg--fallback").last
    buttons = reply.locator(".suggestions button")
    expect(buttons.first).to_be_visible()
    assert 1 <= buttons.count() <= 3
    buttons.first.click()
    expect(page.locator(".msg--visitor")).to_have_count(2)


def test_urgent_message_shows_988_and_911(page, live_server):
    page.goto(live_server)
    ask(page, "I want to end my life")
    reply = page.locator(".msg--crisis").last
    expect(reply.get_by_role("alert")).to_contain_text("988")
    for href in ("tel:988", "sms:988", "tel:911"):
        expect(reply.locator(f'a[href="{href}"]')).to_be_visible()
    banner = page.locator("#urgent-banner")
    expect(banner).to_be_visible()
    ask(page, "How does ketamine work?")
    page.mouse.wheel(0, 2000)
    expect(banner).to_be_in_viewport()


def test_html_in_a_question_is_shown_as_text(page, live_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server)
    ask(page, "<img src=x onerror=alert(1)>")
    expect(page.locator(".msg--visitor").last).to_have_text("<img src=x onerror=alert(1)>")
    page.wait_for_timeout(300)
    assert dialogs == [] and page.locator(".conversation img").count() == 0


def test_keyboard_only_conversation(page, live_server):
    page.goto(live_server)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#conversation")).to_be_focused()  # the skip link goes to the conversation
    box = page.get_by_label("Type your question")
    for _ in range(15):  # then Tab, past the starter questions, to the question box
        if box.evaluate("node => node === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type("What causes chronic cancer pain?")
    page.keyboard.press("Enter")
    expect(page.locator(".msg--answered").last).to_contain_text("nerve plexus")
    expect(page.get_by_label("Type your question")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Start over")).to_be_focused()  # then the starter questions, then the reply
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Common questions"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('.msg--answered')"), "back into the reply's questions and buttons"


def test_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server)
    page.get_by_label("Type your question").fill("What are the traditional treatments for cancer pain?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator(".msg--answered")).to_contain_text("nerve stimulators")
    expect(page.locator(".msg--answered .msg__source a")).to_have_attribute("href", "/learn#traditional-treatments")
    context.close()


def test_starter_question_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server)
    page.get_by_role("button", name="How does ketamine work?").click()
    expect(page.locator(".msg--answered")).to_contain_text("NMDA")
    context.close()


def test_widget_opens_and_answers(page, live_server):
    page.goto(f"{live_server}/widget-demo")
    page.get_by_role("button", name="Questions? Ask us").click()
    button = page.locator("#clinic-chat-button")
    expect(button).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator("#clinic-chat-panel iframe")
    chat.get_by_label("Type your question").fill("Can ketamine help with depression?")
    chat.get_by_role("button", name="Ask", exact=True).click()
    expect(chat.locator(".msg--answered").last).to_contain_text("depression and anxiety")
    page.keyboard.press("Escape")
    expect(page.locator("#clinic-chat-panel")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_feedback_is_stored(page, live_server, app):
    page.goto(live_server)
    ask(page, "Does ketamine reduce inflammation?")
    reply = page.locator(".msg--answered").last
    reply.get_by_role("button", name="Yes").click()
    expect(page.get_by_text("Thank you for your feedback.")).to_be_visible()
    with app.app_context():
        from bot.store.feedback import recent

        rows = recent()
    assert (rows[0]["question"], rows[0]["source_id"], rows[0]["helpful"]) == ("Does ketamine reduce inflammation?", "inflammation", 1)


AXE_VIEWS = [  # (path, questions asked first on /, JavaScript on, width)
    ("/", [], True, 1280),
    ("/", ["How does ketamine work?"], True, 1280),
    ("/", ["I want to kill myself"], True, 360),
    ("/", ["How does ketamine work?", "Does ketamine kill cancer cells?"], False, 1280),
    ("/", ["I want to kill myself", "what is glutamate? and does ketamine help with depression too?"], False, 360),
    ("/", ["ya no aguanto este dolor, quiero morirme"], True, 360),
    ("/learn", [], True, 1280),
    ("/learn", ["I want to kill myself"], True, 360),
    ("/learn", ["I want to kill myself"], False, 1280),
    ("/?embed=1", [], True, 360),
    ("/?embed=1", ["How does ketamine work?"], False, 360),
    ("/widget-demo", [], True, 360),
]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci` in the project root")
@pytest.mark.parametrize("path, questions, javascript, width", AXE_VIEWS)
def test_axe_finds_no_serious_or_critical_violations(browser, live_server, path, questions, javascript, width):
    context = browser.new_context(bypass_csp=True, java_script_enabled=javascript, viewport={"width": width, "height": 800})
    page = context.new_page()
    for question in questions:
        page.goto(live_server + ("/?embed=1" if path == "/?embed=1" else "/"))
        ask(page, question)
        page.locator(".msg--bot").nth(1).wait_for()
        if javascript:
            expect(page.locator(".msg--typing")).to_have_count(0)
    if not javascript:  # axe needs scripts: the same visit (its cookie), with the page's own script left out
        cookies = context.cookies()
        context.close()
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
        context.add_cookies(cookies)
        context.route("**/static/chat.js", lambda route: route.abort())
        page = context.new_page()
    page.goto(live_server + path)
    if path in ("/", "/?embed=1"):
        expect(page.locator(".msg--visitor")).to_have_count(len(questions))  # the visit's conversation is what axe checks
    if path == "/widget-demo":
        page.get_by_role("button", name="Questions? Ask us").click()
        page.frame_locator("#clinic-chat-panel iframe").get_by_label("Type your question").wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == []


@pytest.mark.parametrize("width", [360, 1280])
def test_layout_and_screenshots(browser, live_server, width, tmp_path, knowledge_dir, reimport):
    messages = knowledge_dir / "messages.yaml"  # a clinic that has filled in its contact details
    text = messages.read_text().replace('phone: ""', 'phone: "(555) 010-0100"', 1).replace('email: ""', 'email: "care@clinic.example"', 1)
    messages.write_text(text)
    reimport()
    context = browser.new_context(viewport={"width": width, "height": 780 if width < 600 else 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(live_server)
    ask(page, "How effective is ketamine for cancer pain?")
    page.locator(".msg--answered").wait_for()
    ask(page, "Is ketamine addictive?")
    page.locator(".msg--fallback").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    shot = folder / f"chat-{width}.png"
    page.wait_for_timeout(600)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(200)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_two_questions_get_two_bubbles_each_with_its_source(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server)
    ask(page, "what is glutamate? and does ketamine help with depression too?")
    answers = page.locator(".msg--answered")
    expect(answers).to_have_count(2)
    expect(answers.nth(0)).to_contain_text("excitatory neurotransmitter")
    expect(answers.nth(1)).to_contain_text("depression and anxiety")
    expect(answers.nth(0).locator(".msg__source a")).to_have_count(1)
    expect(answers.nth(1).locator(".msg__source a")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("javascript, width", [(True, 360), (False, 360), (True, 1280)])
def test_a_crisis_that_also_asks_shows_urgent_help_first_then_the_answer(browser, live_server, javascript, width, tmp_path):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server)
    ask(page, "I have my pills saved up and I'm done. Can ketamine help with depression?")
    expect(page.locator(".msg--bot").last).to_contain_text("depression and anxiety")
    crisis, answer = page.locator(".msg--crisis").last, page.locator(".msg--answered").last
    expect(crisis.get_by_role("link", name="Call 988")).to_be_visible()
    # both read at one moment, in the page: the reply may still be scrolling into view
    first = page.evaluate("([c, a]) => c.getBoundingClientRect().top < a.getBoundingClientRect().top", [crisis.element_handle(), answer.element_handle()])
    assert first, "the urgent help comes before the answer"
    expect(answer.locator(".msg__source a")).to_have_count(1)
    expect(answer.locator(".feedback")).to_have_count(0)  # a crisis message is never kept as feedback
    page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / f"crisis-then-answer-{'js' if javascript else 'nojs'}-{width}.png"), full_page=True)
    context.close()


def test_urgent_help_in_spanish_for_a_spanish_message(page, live_server):
    page.goto(live_server)
    ask(page, "ya no aguanto este dolor, quiero morirme")
    reply = page.locator(".msg--crisis").last
    expect(reply).to_have_attribute("lang", "es")
    expect(reply.get_by_role("alert")).to_contain_text("Busque ayuda ahora")
    expect(reply.get_by_role("alert")).to_contain_text("oprima 2")
    expect(reply.get_by_role("link", name="Enviar AYUDA al 988")).to_have_attribute("href", "sms:988?body=AYUDA")
    assert page.js_errors == []


@pytest.mark.parametrize("width, height", [(360, 740), (768, 1024), (1280, 900)])
@pytest.mark.parametrize("question, last", [("How does ketamine work?", ".feedback"), ("Does ketamine kill cancer cells?", ".urgent-links"),
                                            ("I want to kill myself", ".urgent-links")])
def test_every_new_reply_is_fully_visible_above_the_question_box(browser, live_server, width, height, question, last):
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server)
    for earlier in ("What is ketamine?", "How effective is it?", "Can it help with depression?"):  # a conversation that fills the screen
        ask(page, earlier)
        expect(page.locator(".msg--typing")).to_have_count(0)
    ask(page, question)
    expect(page.locator(".msg--typing")).to_have_count(0)
    reply = page.locator(".msg--bot").last
    box = page.locator("#ask-form").bounding_box()
    shown = reply.bounding_box()
    end = reply.locator(last).bounding_box()
    banner = page.locator("#urgent-banner")
    highest = banner.bounding_box()["y"] + banner.bounding_box()["height"] if banner.is_visible() else 0
    assert shown["y"] >= highest - 1, "the reply starts below the urgent banner"
    if shown["height"] <= box["y"] - highest:
        assert end["y"] + end["height"] <= box["y"] + 1, f"the reply's last part is under the question box at {width} px"
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_without_javascript_the_page_opens_at_the_newest_question_and_reply(browser, live_server, width, height):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server)
    page.get_by_label("Type your question").fill("Does ketamine kill cancer cells?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page).to_have_url(re.compile(r"#latest$"))
    question = page.locator("#latest").bounding_box()
    assert 0 <= question["y"] < height / 3, "the visitor's question is at the top of the screen"
    reply = page.locator(".msg--fallback").bounding_box()
    assert reply["y"] < page.locator("#ask-form").bounding_box()["y"], "its reply starts above the question box"
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_urgent_reply_screenshot(browser, live_server, width, height, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server)
    ask(page, "How does ketamine work?")
    expect(page.locator(".msg--typing")).to_have_count(0)
    ask(page, "i cant do this anymore, i have my pills saved up for tonight")
    reply = page.locator(".msg--crisis").last
    expect(reply.get_by_role("link", name="Call 988")).to_be_in_viewport()
    expect(page.locator("#urgent-banner")).to_be_visible()
    folder = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    shot = folder / f"urgent-{width}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("javascript, width", [(True, 360), (False, 360), (True, 1280)])
def test_a_weak_crisis_shows_urgent_help_then_the_questions_it_came_near(browser, live_server, javascript, width, tmp_path):
    from tests.test_answer import WEAK_CRISIS

    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server)
    ask(page, WEAK_CRISIS)
    crisis = page.locator(".msg--crisis").last
    expect(crisis.get_by_role("link", name="Call 988")).to_be_visible()
    label = crisis.locator(".suggestions__label")
    expect(label).to_have_text("If you were asking about the treatment:")
    # both read at one moment, in the page: the reply may still be scrolling into view
    first = crisis.evaluate("m => m.querySelector('a[href=\"tel:988\"]').getBoundingClientRect().top < m.querySelector('.suggestions__label').getBoundingClientRect().top")
    assert first, "the urgent help comes first"
    question = crisis.locator(".button--suggestion").first
    expect(question).to_be_visible()
    page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / f"weak-crisis-{'js' if javascript else 'nojs'}-{width}.png"), full_page=True)
    text = question.inner_text()
    question.click()
    expect(page.locator(".msg--visitor").last).to_have_text(text)  # one tap asks it
    expect(page.locator(".msg--bot").last).not_to_have_class(re.compile("msg--crisis"))
    context.close()
