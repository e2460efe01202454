"""The staff admin: overview and the test pane. Every view needs a signed-in staff member."""

from __future__ import annotations

import weakref

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from bot.engine.contact import has_contact
from bot.engine.shadowing import Shadow, shadows
from bot.store import knowledge, questions, staff, usage
from bot.web.auth import login_required
from bot.web.charts import stacked_bars
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
    return render_template("admin/index.html", bot=bot, error=live.error, counts=counts, no_contact=no_contact, dashboard=dashboard(bot),
                           hidden=hidden_content(bot))


_hidden: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hidden_content(bot) -> list[Shadow]:
    """The content a not-covered topic hides, worked out once per version of the knowledge."""
    if bot not in _hidden:
        _hidden[bot] = shadows(bot) if bot.kb.entries else []
    return _hidden[bot]


@bp.post("/hidden/fix")
@login_required
def fix_hidden():
    """One click: take the phrasing that hides an entry out of its not-covered topic."""
    topic_id, phrasing = request.form.get("topic_id", ""), request.form.get("phrasing", "")
    try:
        change = knowledge.remove_topic_phrasing(topic_id, phrasing, staff=g.staff["name"])
    except knowledge.Invalid as err:
        flash(" ".join(err.errors.values()), "error")
    except knowledge.Conflict:
        flash("Someone changed the not-covered topics at the same moment. Look at the list again.", "error")
    else:
        current_app.extensions["knowledge"].refresh()
        flash(f"Removed “{phrasing}” from the not-covered topic. You can restore it from the history (change {change.id}).", "info")
    return redirect(url_for("admin.index") + "#hidden-content", 303)


DASHBOARD_DAYS = 30
OUTCOME_NAMES = {"answered": "answered", "fallback": "not covered", "crisis": "urgent help", "smalltalk": "small talk"}


def dashboard(bot) -> dict:
    """The last DASHBOARD_DAYS days in counts: questions per day by outcome, the helpful rate,
    the most asked unanswered questions (redacted, as stored) and the entries answered from most."""
    days = usage.days_back(DASHBOARD_DAYS)
    per_day = usage.outcomes_per_day(days)
    totals = {o: sum(row[o] for row in per_day) for o in usage.OUTCOMES}
    helpful, rated = usage.helpful_rate(days)
    entries = []
    for entry_id, times in usage.most_used_entries(days):
        entry = bot.kb.entry(entry_id)
        entries.append({"id": entry_id, "times": times, "text": (entry.questions[0] if entry and entry.questions else entry.title if entry else entry_id),
                        "gone": entry is None})
    return {"days": days, "per_day": per_day, "totals": totals, "total": sum(totals.values()), "chart": stacked_bars(per_day, usage.OUTCOMES),
            "names": OUTCOME_NAMES, "helpful": helpful, "rated": rated, "unanswered": questions.groups(since=days[0])[:5], "entries": entries}


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
