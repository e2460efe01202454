"""The clinic FAQ bot: `create_app()` wires the knowledge base and the blueprints."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from bot import api, chat, cli, feedback, knowledge, security
from bot.answer import DEFAULT_SUGGEST_THRESHOLD, DEFAULT_THRESHOLD

ROOT = Path(__file__).resolve().parent

# Every setting, with its default, in one place. Each can be set in the
# environment as FLASK_<NAME> (e.g. FLASK_KNOWLEDGE_DIR) or through test_config.
DEFAULTS = {
    "KNOWLEDGE_DIR": str(ROOT / "knowledge"),
    "ANSWER_THRESHOLD": DEFAULT_THRESHOLD,
    "SUGGEST_THRESHOLD": DEFAULT_SUGGEST_THRESHOLD,
    "MAX_QUESTION_CHARS": 1000,
    "MAX_CONTENT_LENGTH": 16 * 1024,
    "RELOAD_INTERVAL": 1.0,
    "DATABASE": None,  # default: clinic-bot.sqlite in the instance folder
    "FRAME_ANCESTORS": "",  # origins allowed to frame the chat, e.g. "https://clinic.example"
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` replaces the environment's settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False
    app.config["DATABASE"] = app.config["DATABASE"] or str(Path(app.instance_path) / "clinic-bot.sqlite")
    knowledge.init_app(app)
    feedback.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    api.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    return app
