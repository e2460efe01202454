"""The visitor pages: the chat at /, the clinic's documents at /learn, the widget demo."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, render_template, request, send_from_directory
from markdown_it import MarkdownIt
from markupsafe import Markup

from bot.engine.answer import Bot
from bot.kbformat.reader import KnowledgeError
from bot.store import questions as unanswered
from bot.web.limits import limiter, visitor_limit
from bot.web.live import get_bot

bp = Blueprint("chat", __name__)
_markdown = MarkdownIt("commonmark", {"html": False})


@bp.app_template_filter("without_lines")
def without_lines(text: str, links: list[dict] | None) -> str:
    """An answer without the contact lines its links stand for (the page shows the links instead)."""
    for link in links or ():
        text = re.sub(r"[ \t]*\n?[ \t]*" + re.escape(link["line"]), "", text)
    return text


@bp.app_template_filter("markdown")
def render_markdown(text: str) -> Markup:
    """Markdown as HTML, with any HTML in the text shown as text (never run)."""
    return Markup(_markdown.render(text))


def starter_questions(bot: Bot) -> list[str]:
    """The questions offered when the chat opens: messages.yaml `starters`, else the first FAQ questions."""
    chosen = bot.messages.get("starters") or [e.questions[0] for e in bot.kb.entries if e.kind == "faq"]
    return list(chosen)[:6] or []


@bp.errorhandler(KnowledgeError)
def unavailable(_err: KnowledgeError):
    """The knowledge base has never loaded: a calm page with the emergency numbers."""
    return render_template("chat/unavailable.html"), 503


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(visitor_limit, methods=["POST"])
def index():
    """The chat page; a posted `question` is answered on the page (no JavaScript needed)."""
    bot = get_bot()
    question = reply = None
    status = 200
    if request.method == "POST":
        question = (request.form.get("question") or "").strip()
        limit = current_app.config["MAX_QUESTION_CHARS"]
        if not question or len(question) > limit:
            status, question = 400, question[:limit]
        else:
            reply = bot.ask(question)
            if any(part.status == "fallback" for part in reply.parts or [reply]):
                unanswered.log_quietly(question, "fallback")
    return render_template(
        "chat/index.html",
        bot=bot,
        question=question,
        reply=reply,
        error=status == 400,
        starters=starter_questions(bot),
        embed=request.args.get("embed") == "1",
    ), status


@bp.get("/learn")
def learn():
    """The clinic's documents, one anchor per section, for answers to link to."""
    return render_template("chat/learn.html", bot=get_bot())


@bp.get("/favicon.ico")
def favicon():
    """The site's icon where browsers look for it first (the pages also name the SVG one)."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400)


@bp.get("/widget-demo")
def widget_demo():
    """A sample clinic page with the one-line widget on it."""
    return render_template("chat/widget_demo.html", bot=get_bot())
