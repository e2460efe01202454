"""The session cookie: Flask's signed cookie, without its costs where nothing uses it.

The visitor API (/api/...) and the health check are stateless: they get Flask's
null session, so no cookie is read, verified or written (and no staff session is
looked up) on the visitor's busiest path. The pages keep Flask's signed cookie,
with its signer made once per key instead of on every request.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

STATELESS = ("/api/", "/healthz")  # path prefixes served without a session


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, none on the STATELESS paths."""

    def __init__(self):
        self._signers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The visit's session; None on the stateless paths (Flask then uses its null session:
        reading it finds nothing, writing to it is an error)."""
        if request.path.startswith(STATELESS):
            return None
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's signer for the app's keys, made once for each set of keys."""
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._signers:
            self._signers[keys] = super().get_signing_serializer(app)
        return self._signers[keys]


def init_app(app: Flask) -> None:
    """Serve the app's sessions with CookieSessions."""
    app.session_interface = CookieSessions()
