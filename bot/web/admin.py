"""The staff admin: overview and the test pane. Every view needs a signed-in staff member."""

from __future__ import annotations

import weakref

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from bot.engine.answer import Bot
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
    if not isinstance(bot, Bot) or not bot.kb.entries:
        return []  # no knowledge loaded yet: a stand-in
    if bot not in _hidden:
        _hidden[bot] = shadows(bot)
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
    return render_template("admin/test.html", bot=bot, question=question, reply=reply, matches=matches, terms=terms,
                           explained=[explain(part, bot) for part in (reply.parts or [reply])] if reply else [],
                           alternatives=alternatives(reply, matches) if reply else [])


SMALL_TALK = {"greeting": "a greeting", "thanks": "a thank-you", "ack": "an acknowledgement (ok, got it)", "goodbye": "a goodbye",
              "done": "nothing more to ask (no, that's all), seen off like a goodbye",
              "identity": "a question about the bot itself", "human": "a wish to talk to a person", "instructions": "an instruction to the bot"}


def entry_label(bot, entry_id: str) -> str:
    entry = bot.kb.entry(entry_id)
    if entry is None:
        return entry_id
    return f"“{entry.questions[0]}”" if entry.questions else f"the passage of “{entry.title}”"


def explain(reply, bot) -> dict:
    """What the test pane says first, in plain words: answered from what, or why not."""
    reason = reply.reason or ""
    if reply.status == "answered":
        source = reply.sources[0]
        return {"headline": f"Answered from: {entry_label(bot, source.id)}", "because":
                f"The bot is {round(100 * reply.confidence)}% sure this is the right answer; it answers from {round(100 * bot.threshold)}%."
                f"{' Visitors see the source link “' + source.title + '”.' if source.url else ''}"}
    if reply.status == "crisis":
        return {"headline": "Urgent help first", "because": "The message may mean someone is in danger now, so the bot shows the crisis "
                f"line and emergency numbers instead of an answer (what it noticed: {reason.split(': ', 1)[-1] or 'its wording'})."}
    if reply.status == "smalltalk":
        return {"headline": "Small talk", "because": f"The bot read the message as {SMALL_TALK.get(reason, 'small talk')} and replied with its own message."}
    if reason.startswith("medical advice"):
        because = "it asks for advice on a dose or on starting, stopping or changing a medication, which the bot never gives."
    elif reason.startswith("not covered: "):
        topic = bot.kb.entry(reason.split(": ", 1)[1])
        because = f"it matches the not-covered topic “{topic.title if topic else reason}” best (Content, not-covered.yaml)."
    elif reason.startswith("probability"):
        best = reply.sources[0] if reply.sources else None
        because = (f"the closest entry, {entry_label(bot, best.id)}, is not a close enough match: the bot is only "
                   f"{round(100 * reply.confidence)}% sure, and answers from {round(100 * bot.threshold)}%." if best else "no entry is close enough.")
    elif reason.startswith("written in"):
        because = f"the message is {reason}, and the bot reads English and Spanish."
    else:
        because = "no entry shares a word with the question."
    return {"headline": "Not covered", "because": f"Not covered because {because}"}


def alternatives(reply, matches) -> list:
    """Up to three other answerable matches, for "close alternatives"."""
    shown = {part.sources[0].id for part in (reply.parts or [reply]) if part.status == "answered" and part.sources}
    return [m for m in matches if m.entry.kind != "not_covered" and m.entry.id not in shown][:3]
