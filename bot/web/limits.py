"""Rate limits on what visitors and sign-in can send (Flask-Limiter).

The defaults are sized for one person typing: a question every few seconds
for a while. Over the limit, a 429 with `Retry-After` (and, under /api/, the
usual JSON error). Counts are kept in memory by default, per worker; with
several workers or servers, point RATELIMIT_STORAGE_URI at a shared store
("redis://host:6379"). The client address is the one ProxyFix reports
through TRUSTED_PROXIES. Requests from the machine itself (127.0.0.1, ::1:
health checks, evaluation scripts, a proxy that TRUSTED_PROXIES does not
name) are never limited, so a misconfigured proxy cannot make every visitor
share one allowance.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)
LOOPBACK = frozenset({"127.0.0.1", "::1"})


def visitor_limit() -> str:
    """The limit on a visitor's questions and feedback (VISITOR_RATE_LIMIT)."""
    return current_app.config["VISITOR_RATE_LIMIT"]


def sign_in_limit() -> str:
    """The limit on sign-in attempts from one address (SIGN_IN_RATE_LIMIT)."""
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@limiter.request_filter
def from_this_machine() -> bool:
    """Requests from the machine itself are never limited."""
    return request.remote_addr in LOOPBACK


def retry_after(response: Response) -> Response:
    """A 429 says when to ask again: the seconds until the window of the limit it broke ends.
    (Flask-Limiter's own headers, RATELIMIT_HEADERS_ENABLED, are off by default: they cost a
    look-up in the limit store on every limited response, a round trip with Redis.)"""
    if response.status_code == 429 and "Retry-After" not in response.headers and limiter.current_limit is not None:
        broken = limiter.current_limit
        try:
            seconds = int(broken.reset_at - time.time())
        except Exception:  # the limit store cannot be read now: the length of the limit's window
            seconds = broken.limit.get_expiry()
        response.headers["Retry-After"] = str(max(seconds, 1))
    return response


def init_app(app: Flask) -> None:
    """Bind the limiter to the app; its settings are RATELIMIT_* in the config."""
    limiter.init_app(app)
    app.after_request(retry_after)
