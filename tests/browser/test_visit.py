"""A visit in a real browser: the conversation lasts, starts over, never hides the urgent help."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def ask(page, question):
    page.get_by_label("Type your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator(".msg--typing")).to_have_count(0)  # the reply is in (at once without JavaScript)


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def visitor(request, browser):
    context = browser.new_context(java_script_enabled=request.param, viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.js_errors = errors
    yield page
    assert errors == []
    context.close()


def questions(page):
    return page.locator(".msg--visitor").all_text_contents()


def test_the_conversation_survives_a_reload_and_a_visit_to_learn(visitor, live_server):
    visitor.goto(live_server)
    ask(visitor, "How does ketamine work?")
    ask(visitor, "Does ketamine kill cancer cells?")
    expect(visitor.locator(".msg--fallback")).to_have_count(1)
    visitor.reload()
    expect(visitor.locator(".msg--visitor")).to_have_count(2)
    assert [q.strip() for q in questions(visitor)] == ["How does ketamine work?", "Does ketamine kill cancer cells?"]
    visitor.locator(".msg--answered .msg__source a").first.click()
    expect(visitor).to_have_url(re.compile(r"/learn#how-ketamine-works$"))
    visitor.go_back()
    expect(visitor.locator(".msg--visitor")).to_have_count(2)
    visitor.goto(live_server)  # a fresh load of the page, as from the site's menu
    expect(visitor.locator(".msg--visitor")).to_have_count(2)
    expect(visitor.locator(".msg--answered")).to_contain_text("NMDA receptor")
    expect(visitor.locator(".msg--fallback")).to_contain_text("does not cover")


def test_start_over_clears_the_conversation_and_shows_the_starters(visitor, live_server):
    visitor.goto(live_server)
    expect(visitor.get_by_role("button", name="Start over")).to_be_hidden()
    ask(visitor, "How does ketamine work?")
    visitor.get_by_role("button", name="Start over").click()
    expect(visitor.locator(".msg--visitor")).to_have_count(0)
    expect(visitor.get_by_role("button", name="How does ketamine work?")).to_be_visible()
    visitor.reload()
    expect(visitor.locator(".msg--visitor")).to_have_count(0)
    expect(visitor.get_by_role("button", name="Start over")).to_be_hidden()


def test_the_starter_questions_stay_reachable(visitor, live_server):
    visitor.goto(live_server)
    starter = visitor.locator("#starters").get_by_role("button", name="Can ketamine help me rely less on opioids?")
    expect(starter).to_be_visible()
    ask(visitor, "How does ketamine work?")
    expect(starter).to_be_hidden()  # folded away under "Common questions"
    visitor.get_by_text("Common questions").click()
    starter.click()
    expect(visitor.locator(".msg--visitor")).to_have_count(2)
    expect(visitor.locator(".msg--answered").last).to_contain_text("opioid")


def test_feedback_is_given_once_and_remembered(visitor, live_server, app):
    visitor.goto(live_server)
    ask(visitor, "Does ketamine reduce inflammation?")
    visitor.locator(".msg--answered").get_by_role("button", name="Yes").click()
    expect(visitor.get_by_text("Thank you for your feedback.")).to_be_visible()
    visitor.reload()
    expect(visitor.get_by_text("Thank you for your feedback.")).to_be_visible()
    expect(visitor.locator(".msg--answered").get_by_role("button", name="Yes")).to_have_count(0)
    with app.app_context():
        from bot.store.feedback import recent

        assert [(r["question"], r["source_id"], r["helpful"]) for r in recent()] == [("Does ketamine reduce inflammation?", "inflammation", 1)]


def test_an_answer_offers_related_questions_to_ask(visitor, live_server):
    visitor.goto(live_server)
    ask(visitor, "What causes chronic cancer pain?")
    related = visitor.locator(".msg--answered .related button")
    expect(related.first).to_be_visible()
    assert 1 <= related.count() <= 3
    chosen = related.first.inner_text().strip()
    related.first.click()
    expect(visitor.locator(".msg--visitor")).to_have_count(2)
    assert questions(visitor)[-1].strip() == chosen
    expect(visitor.locator(".msg--answered")).to_have_count(2)


def test_urgent_help_stays_on_every_page_for_the_visit(visitor, live_server):
    visitor.goto(live_server)
    banner = visitor.locator("#urgent-banner")
    expect(banner).to_be_hidden()
    visitor.goto(f"{live_server}/learn")
    expect(visitor.locator("#urgent-banner")).to_be_hidden()
    visitor.goto(live_server)
    ask(visitor, "I want to end my life")
    expect(banner).to_be_visible()
    ask(visitor, "How does ketamine work?")
    visitor.reload()
    expect(banner).to_be_visible()
    visitor.goto(f"{live_server}/learn")
    learn_banner = visitor.locator("#urgent-banner")
    expect(learn_banner).to_be_visible()
    expect(learn_banner.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    visitor.mouse.wheel(0, 3000)
    expect(learn_banner).to_be_in_viewport()
    visitor.goto(live_server)
    visitor.get_by_role("button", name="Start over").click()
    expect(visitor.locator("#urgent-banner")).to_be_visible()


def test_urgent_help_stays_in_spanish_for_a_spanish_visitor(visitor, live_server):
    visitor.goto(live_server)
    ask(visitor, "ya no aguanto este dolor, quiero morirme")
    visitor.goto(f"{live_server}/learn")
    banner = visitor.locator("#urgent-banner")
    expect(banner).to_have_attribute("lang", "es")
    expect(banner.get_by_role("link", name="Enviar AYUDA al 988")).to_have_attribute("href", "sms:988?body=AYUDA")
    banner.get_by_text("Más").click()
    expect(banner).to_contain_text("oprima 2")


@pytest.mark.parametrize("width, height", [(360, 740), (390, 844)])
def test_on_a_phone_the_urgent_help_is_one_line_and_expands(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server)
    ask(page, "I want to end my life")
    banner = page.locator("#urgent-banner")
    links = banner.locator(".urgent-link")
    expect(links).to_have_count(3)
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(3)}
    more = banner.locator("summary").bounding_box()
    assert len(tops) == 1 and abs(more["y"] + more["height"] / 2 - (min(tops) + links.first.bounding_box()["height"] / 2)) < 8, "numbers and More on one line"
    assert banner.bounding_box()["height"] <= 60, "the banner takes one line on a phone"
    expect(banner.locator(".urgent-banner__text")).to_be_hidden()
    banner.locator("summary").click()
    expect(banner.locator(".urgent-banner__text")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
