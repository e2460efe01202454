"""The visitor pages: the chat page at / and the clinic's documents at /learn."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from bot.knowledge import get_bot

bp = Blueprint("chat", __name__)


@bp.route("/", methods=["GET", "POST"])
def index():
    """The chat page; a posted `question` is answered on the page itself."""
    bot = get_bot()
    question = (request.form.get("question") or "").strip()[:1000] if request.method == "POST" else ""
    reply = bot.ask(question) if question else None
    return render_template("chat/index.html", bot=bot, question=question, reply=reply)


@bp.get("/learn")
def learn():
    """The clinic's documents, one anchor per section, for answers to link to."""
    return render_template("chat/learn.html", bot=get_bot())
