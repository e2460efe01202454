"""Counting replies for the dashboard (bot/store/usage.py), off the reply's path: each worker keeps
its counts and writes them after a response at most every USAGE_FLUSH_SECONDS, and when it exits."""

from __future__ import annotations

import atexit

from flask import Flask, current_app

from bot.store import usage


def record(reply) -> None:
    """Count one reply to a visitor (never fails the reply)."""
    recorder = current_app.extensions.get("usage")
    if recorder is not None:
        recorder.record(reply)


def init_app(app: Flask) -> None:
    recorder = usage.Recorder()
    app.extensions["usage"] = recorder

    @app.after_request
    def flush_now_and_then(response):
        if recorder.due(float(app.config["USAGE_FLUSH_SECONDS"])):
            try:
                recorder.flush()
            except Exception as err:  # the store is down or busy: the counts wait for the next try
                app.logger.warning("could not write the usage counts: %s", err)
        return response

    def flush_at_exit() -> None:
        try:
            with app.app_context():
                recorder.flush()
        except Exception:
            pass  # the process is ending; at most USAGE_FLUSH_SECONDS of counts are lost

    atexit.register(flush_at_exit)
