"""Security headers on every response, with framing allowed only from configured origins."""

from __future__ import annotations

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


def frame_ancestors(config: dict) -> str:
    """'self' plus the clinic's configured origins (FRAME_ANCESTORS, space-separated)."""
    origins = [o for o in str(config.get("FRAME_ANCESTORS", "")).split() if o.startswith(("https://", "http://"))]
    return " ".join(["'self'", *origins])


def add_headers(response: Response) -> Response:
    """Set the security headers on one response."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy(frame_ancestors(current_app.config)))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.path.startswith("/admin"):  # staff pages hold visitor questions and drafts: never cached
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(add_headers)
