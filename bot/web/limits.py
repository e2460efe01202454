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

from flask import Flask, current_app, request
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


def init_app(app: Flask) -> None:
    """Bind the limiter to the app; its settings are RATELIMIT_* in the config."""
    limiter.init_app(app)
