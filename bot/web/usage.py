"""What replies leave for staff, written off the reply's path: the dashboard's counts (bot/store/usage.py)
and the questions the bot could not answer (bot/store/questions.py). Each worker keeps both in memory
and writes them after a response at most every USAGE_FLUSH_SECONDS (the questions also as soon as
questions.WRITE_AT wait), and when it exits (gunicorn's graceful stop, a restart, Ctrl-C)."""

from __future__ import annotations

import atexit

from flask import Flask, current_app

from bot.store import questions, usage

PENDING = {"usage": "usage counts", "unanswered": "unanswered questions"}  # what waits to be written, by its app.extensions name
# The apps of this process whose pending counts and questions are written when it exits (a worker has one).
_apps: set[Flask] = set()


def record(reply) -> None:
    """Count one reply to a visitor (never fails the reply)."""
    recorder = current_app.extensions.get("usage")
    if recorder is not None:
        recorder.record(reply)


def init_app(app: Flask) -> None:
    """Keep counts and questions in memory; write them now and then after a response, and at exit."""
    app.extensions["usage"] = usage.Recorder()
    app.extensions["unanswered"] = questions.Pending(limit=questions.MAX_PENDING, batch=questions.WRITE_AT)

    @app.after_request
    def flush_now_and_then(response):
        every = float(app.config["USAGE_FLUSH_SECONDS"])
        for name, what in PENDING.items():
            pending = app.extensions[name]
            if pending.due(every):
                try:
                    pending.flush()
                except Exception as err:  # the store is down or busy: they wait for the next try
                    app.logger.warning("could not write the %s: %s", what, err)
        return response

    _apps.add(app)


def forget(app: Flask) -> None:
    """Write what an app keeps now and stop writing it at exit: for a process that is done with one of
    several apps (the tests build hundreds), which can then be freed with its bot."""
    flush_all(app)
    _apps.discard(app)


@atexit.register
def flush_at_exit() -> None:
    """What every app of the process still keeps in memory, written as the process exits."""
    for app in list(_apps):
        flush_all(app)


def flush_all(app: Flask) -> None:
    """Write everything pending now, as a worker does when it exits (a failure is logged: what was not written is lost)."""
    for name, what in PENDING.items():
        try:
            with app.app_context():
                app.extensions[name].flush()
        except Exception as err:
            app.logger.warning("could not write the %s: %s", what, err)
