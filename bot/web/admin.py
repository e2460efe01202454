"""The staff admin: overview and the test pane. Every view needs a signed-in staff member."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from bot.engine.contact import has_contact
from bot.store import staff
from bot.web.auth import login_required
from bot.web.live import get_bot, page_bot

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
def index():
    """The overview: knowledge base status; how to create the first account when there is none."""
    if not staff.any_exist():
        return render_template("admin/no_staff.html", bot=page_bot())
    return overview()


@login_required
def overview():
    """The signed-in overview of the knowledge base."""
    live = current_app.extensions["knowledge"]
    bot = page_bot()
    counts = {kind: sum(e.kind == kind for e in bot.kb.entries) for kind in ("faq", "passage", "not_covered")}
    no_contact = bool(bot.kb.entries) and not has_contact(bot.messages.get("clinic", {}))
    return render_template("admin/index.html", bot=bot, error=live.error, counts=counts, no_contact=no_contact)


@bp.route("/test", methods=["GET", "POST"])
@login_required
def test():
    """Ask as a visitor would, and see the top matches, their scores and the words that matched."""
    bot = get_bot()
    question = (request.form.get("question") or "").strip()[: current_app.config["MAX_QUESTION_CHARS"]] if request.method == "POST" else ""
    reply = bot.ask(question) if question else None
    matches = bot.retriever.search(question, k=5) if question else []
    terms = bot.retriever.query_terms(question) if question else []
    return render_template("admin/test.html", bot=bot, question=question, reply=reply, matches=matches, terms=terms)
