"""The clinic FAQ bot: `create_app()` wires the knowledge base and the blueprints."""

from __future__ import annotations

import gc
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import store
from bot.engine.answer import DEFAULT_SUGGEST_THRESHOLD, DEFAULT_THRESHOLD
from bot.web import accounts, admin, api, auth, chat, cli, clinic, content, imports, limits, live, review, security, sessions, usage

ROOT = Path(__file__).resolve().parent

# Every setting, with its default, in one place. Each can be set in the
# environment as FLASK_<NAME> (e.g. FLASK_KNOWLEDGE_DIR) or through test_config.
DEFAULTS = {
    "KNOWLEDGE_DIR": str(ROOT / "knowledge"),  # loaded into the store on the first start (an empty store)
    "DATABASE_URL": None,  # default: sqlite:/// clinic-bot.sqlite in the instance folder; postgresql+psycopg://... for several servers
    "ANSWER_THRESHOLD": DEFAULT_THRESHOLD,
    "SUGGEST_THRESHOLD": DEFAULT_SUGGEST_THRESHOLD,
    "MAX_QUESTION_CHARS": 1000,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,  # staff forms and uploads
    "API_MAX_CONTENT_LENGTH": 16 * 1024,  # a visitor's JSON request
    "RELOAD_INTERVAL": 0.5,  # seconds between checks of the knowledge revision (one small query)
    "REFIT_DELAY": 30.0,  # seconds after the first quick edit until the full index fit (new IDF, new words)
    "TIMEZONE": "",  # the clinic's time zone for the admin's history, e.g. "America/Chicago"; default: the server's
    "RETENTION_DAYS": 90,  # stored visitor questions older than this are deleted
    "MAX_STORED_PER_DAY": 5000,  # visitor questions kept for staff in one day, at most
    "FRAME_ANCESTORS": "",  # origins allowed to frame the chat, e.g. "https://clinic.example"
    "SECRET_KEY": None,  # default: a random key kept in the instance folder, shared by all workers
    "SECURE_COOKIES": False,  # set True when served over HTTPS
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    "WTF_CSRF_CHECK_DEFAULT": False,  # checked by the staff views, after the sign-in check
    "TRUSTED_PROXIES": 0,  # reverse proxies in front (X-Forwarded-For is trusted from this many)
    "VISITOR_RATE_LIMIT": "20 per minute;300 per hour",  # questions and feedback from one address
    "SIGN_IN_RATE_LIMIT": "10 per minute",  # sign-in attempts from one address
    "RATELIMIT_STORAGE_URI": "memory://",  # per worker; a shared store (redis://...) for several
    "RATELIMIT_HEADERS_ENABLED": False,  # X-RateLimit-* on every limited response (a look-up each); a 429 has Retry-After anyway
    "RATELIMIT_SWALLOW_ERRORS": True,  # a shared limit store that is down never costs a visitor the reply
    "USAGE_FLUSH_SECONDS": 30.0,  # how often a worker writes its reply counts and the unanswered questions it kept
    "KEEP_FITS": True,  # keep the intent classifier's fit in the instance folder's fits/: a new process need not solve it again
}


def instance_secret(instance: Path) -> str:
    """The instance folder's secret key, created on first use (readable by the owner only)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as f:
                f.write(secrets.token_hex(32))
            path.chmod(0o600)
        except FileExistsError:
            pass  # another worker created it first
    return path.read_text(encoding="ascii").strip()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` replaces the environment's settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
        # A tool or test serving a folder of its own, with no database named: a private in-memory
        # store, seeded from that folder (never the instance folder's store).
        app.config["DATABASE_URL"] = app.config["DATABASE_URL"] or (None if app.config.get("DATABASE") else "sqlite://")
    app.json.sort_keys = False
    if int(app.config["TRUSTED_PROXIES"]):
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or instance_secret(Path(app.instance_path))
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SECURE_COOKIES"])
    store.init_app(app)
    live.init_app(app)
    sessions.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    cli.init_app(app)
    api.init_app(app)
    usage.init_app(app)
    auth.csrf.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(content.bp)
    app.register_blueprint(clinic.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(accounts.bp)
    return app


# What importing made (modules, classes, compiled patterns) lives as long as the process. Out of the
# collector's reach, as a build's index is (quiet_build in bot/web/live.py), no collection walks it
# again, gunicorn's forked workers leave its pages shared, and the process does not walk it at exit
# either (0.15 s of `python -c "import app"`'s 0.65 s here).
gc.freeze()
