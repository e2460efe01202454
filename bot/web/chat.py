"""The visitor pages: the chat at /, the clinic's documents at /learn, the widget demo."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_from_directory, url_for
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from bot.engine.answer import Bot, Reply
from bot.kbformat.reader import KnowledgeError
from bot.store import db, feedback
from bot.store import questions as unanswered
from bot.web import usage, visit
from bot.web.limits import limiter, visitor_limit
from bot.web.live import get_bot

bp = Blueprint("chat", __name__)


@bp.app_template_filter("without_lines")
def without_lines(text: str, links: list[dict] | None) -> str:
    """An answer without the contact lines its links stand for (the page shows the links instead)."""
    for link in links or ():
        text = re.sub(r"[ \t]*\n?[ \t]*" + re.escape(link["line"]), "", text)
    return text


@bp.app_template_filter("markdown")
def render_markdown(text: str) -> Markup:
    """Markdown as HTML, with any HTML in the text shown as text (never run)."""
    return Markup(_markdown().render(text))


@functools.cache
def _markdown():
    """The Markdown renderer, made when a page first needs it (not at import: `flask ask` never does)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def starter_questions(bot: Bot) -> list[str]:
    """The questions offered when the chat opens: messages.yaml `starters`, else the first FAQ questions."""
    chosen = bot.messages.get("starters") or [e.questions[0] for e in bot.kb.entries if e.kind == "faq"]
    return list(chosen)[:6] or []


@bp.errorhandler(KnowledgeError)
def unavailable(_err: KnowledgeError):
    """The knowledge base has never loaded: a calm page with the emergency numbers."""
    return render_template("chat/unavailable.html"), 503


def embedded() -> bool:
    return request.args.get("embed") == "1"


def chat_url(anchor: str = "") -> str:
    """The chat page (in the widget's layout when asked from it), at an anchor."""
    return url_for("chat.index", embed=1 if embedded() else None) + (f"#{anchor}" if anchor else "")


def urgent_banner(bot: Bot) -> dict:
    """The urgent-help banner of every visitor page: shown once a message of the visit needed it."""
    lang = visit.urgent_language()
    return {"shown": lang is not None, "language": lang or "en", **bot.urgent_help(lang or "en")}


class Shown(NamedTuple):
    """One exchange of the conversation as the page shows it."""

    question: str
    reply: Reply
    rated: bool | None


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(visitor_limit, methods=["POST"])
def index():
    """The chat page with the visit's conversation; a posted `question` joins it (no JavaScript needed)."""
    bot = get_bot()
    status = 200
    typed = ""
    if request.method == "POST":
        question = (request.form.get("question") or "").strip()
        limit = current_app.config["MAX_QUESTION_CHARS"]
        if not question or len(question) > limit:
            status, typed = 400, question[:limit]
        else:
            reply = bot.ask(question)
            usage.record(reply)
            if reply.left_unanswered:
                unanswered.log_quietly(question, "fallback")
            if reply.status == "crisis":
                visit.needed_urgent_help(reply.language)
            visit.remember(question)
            # Post, then show: a reload shows the conversation again instead of asking the question twice.
            return redirect(chat_url("latest"), 303)
    conversation = [Shown(item.question, bot.ask(item.question), item.rated) for item in visit.exchanges()]
    return render_template(
        "chat/index.html",
        bot=bot,
        conversation=conversation,
        typed=typed,
        error=status == 400,
        starters=starter_questions(bot),
        embed=embedded(),
        urgent=urgent_banner(bot),
    ), status


@bp.post("/feedback")
@limiter.limit(visitor_limit)
def give_feedback():
    """"Was this helpful?" without JavaScript: stored like the API's, then back to the conversation."""
    question = (request.form.get("question") or "").strip()
    source_id = request.form.get("source_id") or ""
    helpful = request.form.get("helpful")
    if not question or len(question) > current_app.config["MAX_QUESTION_CHARS"] or helpful not in ("yes", "no") \
            or get_bot().kb.entry(source_id) is None:
        abort(400, description="That answer could not be rated. Please go back to the chat and try again.")
    try:
        feedback.store(question, source_id, helpful == "yes")
    except (SQLAlchemyError, OSError) as err:
        db.session.rollback()
        current_app.logger.warning("could not store feedback: %s", err)
    if helpful == "no":
        unanswered.log_quietly(question, "unhelpful")
    rated = visit.rate(question, helpful == "yes")
    return redirect(chat_url(visit.anchor(rated, len(visit.exchanges()))), 303)


@bp.post("/start-over")
def start_over():
    """Clear the visit's conversation (the urgent help stays for the rest of the visit)."""
    visit.start_over()
    return redirect(chat_url(), 303)


@bp.get("/learn")
def learn():
    """The clinic's documents, one anchor per section, for answers to link to."""
    bot = get_bot()
    return render_template("chat/learn.html", bot=bot, urgent=urgent_banner(bot))


@bp.get("/favicon.ico")
def favicon():
    """The site's icon where browsers look for it first (the pages also name the SVG one)."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400)


@bp.get("/widget-demo")
def widget_demo():
    """A sample clinic page with the one-line widget on it."""
    return render_template("chat/widget_demo.html", bot=get_bot())
