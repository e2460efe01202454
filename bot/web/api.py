"""The JSON API: POST /api/ask, GET /healthz, and JSON errors under /api/."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from bot.kbformat.reader import KnowledgeError
from bot.store import db, feedback, knowledge
from bot.store import questions as unanswered
from bot.web import openapi, usage
from bot.web.limits import limiter, visitor_limit
from bot.web.live import get_bot

bp = Blueprint("api", __name__)


class BadRequest(Exception):
    """A request the API refuses, with a code and a sentence for people."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def error_response(status: int, code: str, message: str):
    """A JSON error body: {"error": code, "message": sentence}."""
    response = jsonify(error=code, message=message)
    response.status_code = status
    return response


def get_json_object() -> dict:
    """The JSON object of a request body, or a BadRequest saying what is wrong."""
    if not request.is_json:
        raise BadRequest("invalid_content_type", "Send the body as JSON with the header Content-Type: application/json.")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # "[[[[..." thousands deep
        raise BadRequest("invalid_json", "The request body is nested too deeply to be a question.") from None
    if body is None:
        raise BadRequest("invalid_json", "The request body is not valid JSON.")
    return body


def get_question(body: dict | None = None) -> str:
    """The `question` of a JSON request body, validated."""
    body = get_json_object() if body is None else body
    if not isinstance(body, dict) or "question" not in body:
        raise BadRequest("missing_question", 'The JSON body needs a "question" field, for example {"question": "How does ketamine work?"}.')
    question = body["question"]
    if not isinstance(question, str):
        raise BadRequest("invalid_question", 'The "question" field must be text.')
    if not question.strip():
        raise BadRequest("empty_question", "The question is empty. Please type a question.")
    if not is_text(question):
        raise BadRequest("invalid_question", 'The "question" field holds characters that are not text (unpaired surrogates).')
    limit = current_app.config["MAX_QUESTION_CHARS"]
    if len(question) > limit:
        raise BadRequest("question_too_long", f"The question is {len(question)} characters long; please keep it to {limit} characters or fewer.")
    return question


def is_text(value: str) -> bool:
    """Whether a string can be stored and shown: JSON can carry unpaired surrogates ("\\ud800") that UTF-8 cannot."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@bp.before_request
def limit_body() -> None:
    """Visitors' JSON requests are small: refuse bodies over API_MAX_CONTENT_LENGTH."""
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]


@bp.post("/api/ask")
@limiter.limit(visitor_limit)
def ask():
    """Answer one visitor question; keep it for staff if it was not answered."""
    question = get_question()
    reply = get_bot().ask(question)
    usage.record(reply)
    if reply.left_unanswered:
        unanswered.log_quietly(question, "fallback")
    return jsonify(reply.to_dict())


@bp.post("/api/feedback")
@limiter.limit(visitor_limit)
def give_feedback():
    """Store a visitor's "Was this helpful?" answer."""
    body = get_json_object()
    question = get_question(body)
    helpful = body.get("helpful")
    if not isinstance(helpful, bool):
        raise BadRequest("invalid_helpful", 'The "helpful" field must be true or false.')
    source_id = body.get("source_id")
    if source_id is not None and (not isinstance(source_id, str) or get_bot().kb.entry(source_id) is None):
        raise BadRequest("invalid_source_id", 'The "source_id" field must be the id of an answer the bot gave, or null.')
    try:
        feedback.store(question, source_id, helpful)
    except (SQLAlchemyError, OSError) as err:
        db.session.rollback()
        current_app.logger.warning("could not store feedback: %s", err)
        raise BadRequest("feedback_unavailable", "Your feedback could not be saved just now. Thank you all the same.", 503) from None
    if not helpful:
        unanswered.log_quietly(question, "unhelpful")
    return jsonify(status="stored"), 201


@bp.get("/api/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of /api/ask, /api/feedback and /healthz."""
    live = current_app.extensions["knowledge"]
    ids = [e.id for e in live.bot.kb.entries] if live.bot else []
    return jsonify(openapi.spec(ids))


@bp.get("/healthz")
def healthz():
    """Whether the store answers and the knowledge base is loaded and sound: 503 while it is not
    (the bot then serves the last good version, if it had one)."""
    live = current_app.extensions["knowledge"]
    body = {"status": "ok" if live.bot and not live.error else "error", "entries": len(live.bot.kb.entries) if live.bot else 0,
            "revision": max(live.loaded_revision, 0), "index": "fitted" if live.refit_at is None else "updated"}
    try:
        knowledge.revision()
    except SQLAlchemyError:
        db.session.rollback()
        body.update(status="error", store="the database cannot be reached")
    if live.error:
        body["knowledge_error"] = str(live.error) if isinstance(live.error, KnowledgeError) else "the knowledge could not be read from the store"
        body["serving"] = "the last good version" if live.bot else "nothing"
    return jsonify(body), 200 if body["status"] == "ok" else 503


def init_app(app: Flask) -> None:
    """Register the error handlers: JSON under /api/, the default elsewhere."""

    @app.errorhandler(BadRequest)
    def bad_request(err: BadRequest):
        return error_response(err.status, err.code, err.message)

    @app.errorhandler(KnowledgeError)
    def knowledge_error(err: KnowledgeError):
        app.logger.error("knowledge base error: %s", err)
        return error_response(503, "knowledge_unavailable", "The bot's knowledge base has an error; the clinic's staff have been told. Please try again later.")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if not request.path.startswith("/api/"):
            return err
        messages = {
            413: "The request is too large; a question may be at most 1,000 characters.",
            429: "That is a lot of questions in a short time. Please wait a minute, then ask again.",
        }
        response = error_response(err.code or 500, err.name.lower().replace(" ", "_"), messages.get(err.code, err.description))
        if getattr(err, "valid_methods", None):  # a 405 says which methods the route takes
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response
