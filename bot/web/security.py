"""Security headers on every response, with framing allowed only from configured origins."""

from __future__ import annotations

import functools

from flask import Flask, Response, current_app, request


def content_security_policy(frame_ancestors: str) -> str:
    """The CSP: everything from this origin only, no inline scripts or styles."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def frame_ancestors(setting: str) -> str:
    """'self' plus the clinic's configured origins (FRAME_ANCESTORS, space-separated)."""
    origins = [o for o in setting.split() if o.startswith(("https://", "http://"))]
    return " ".join(["'self'", *origins])


@functools.lru_cache(maxsize=16)
def policy_headers(frame_ancestors_setting: str) -> tuple[tuple[str, str], ...]:
    """The headers every response carries, for one FRAME_ANCESTORS setting (made once, not per response)."""
    return (
        ("Content-Security-Policy", content_security_policy(frame_ancestors(frame_ancestors_setting))),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    )


def add_headers(response: Response) -> Response:
    """Set the security headers on one response (a header the view set itself is kept)."""
    headers = response.headers
    headers.extend([(name, value) for name, value in policy_headers(str(current_app.config.get("FRAME_ANCESTORS") or "")) if name not in headers])
    if request.path.startswith("/admin"):  # staff pages hold visitor questions and drafts: never cached
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(add_headers)
