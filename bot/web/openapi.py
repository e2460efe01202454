"""The public API described in OpenAPI 3.1, served at GET /api/openapi.json."""

from __future__ import annotations

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string", "description": "A code, e.g. invalid_json"}, "message": {"type": "string", "description": "A sentence for people"}},
}
LINK = {"type": "object", "required": ["label", "href"], "properties": {"label": {"type": "string"}, "href": {"type": "string"}}}
URGENT_HELP = {
    "type": "object",
    "required": ["text", "links"],
    "properties": {"title": {"type": "string"}, "text": {"type": "string"}, "notice": {"type": "string"}, "links": {"type": "array", "items": LINK}},
}
SOURCE = {
    "type": "object",
    "required": ["id", "title", "url", "score"],
    "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}, "score": {"type": "number", "minimum": 0, "maximum": 1}},
}
REPLY_PROPERTIES = {
    "status": {"enum": ["answered", "fallback", "crisis", "smalltalk"]},
    "answer": {"type": "string", "description": "Plain text to show; for crisis, the urgent-help text first"},
    "confidence": {"type": "number", "minimum": 0, "maximum": 1, "description": "The probability that the answer is right"},
    "sources": {"type": "array", "maxItems": 3, "items": SOURCE},
    "suggestions": {"type": "array", "maxItems": 3, "items": {"type": "string"}},
    "highlight": {"type": "string"},
    "urgent_help": URGENT_HELP,
    "contact": {"type": "object", "additionalProperties": {"type": "string"}},
    "contact_links": {
        "type": "array",
        "description": "The clinic's contact details to follow: tel:, mailto:, a map search, the website; `line` is the line of `answer` each stands for",
        "items": {"type": "object", "required": ["label", "href", "line"],
                  "properties": {"label": {"type": "string"}, "href": {"type": "string"}, "line": {"type": "string"}}},
    },
    "language": {"type": "string", "description": "en, es, or the code of a language the bot does not read"},
    "related": {"type": "array", "maxItems": 3, "items": {"type": "string"},
                "description": "Under an answer: other questions the clinic's content answers, nearest to the answer first (ask them as they are)"},
}
PART = {"type": "object", "required": ["status", "answer", "confidence", "sources", "suggestions"], "properties": REPLY_PROPERTIES}
REPLY = {
    "type": "object",
    "required": ["status", "answer", "confidence", "sources", "suggestions"],
    "properties": {**REPLY_PROPERTIES, "parts": {"type": "array", "minItems": 2, "maxItems": 3, "items": PART, "description": "When a message asks two or more things: the answers (up to two, each with its source), then a fallback part that names a question the content does not cover; on a crisis, the urgent help first, then the answers to its other questions"}},
}


def json_body(schema: dict, description: str) -> dict:
    """A response with a JSON body of `schema`."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*codes: int) -> dict:
    """The JSON error responses with these status codes."""
    meaning = {400: "Bad input", 413: "Request too large", 429: "Too many requests from this address", 503: "Unavailable just now"}
    return {str(code): json_body(ERROR, meaning[code]) for code in codes}


# Up to this many answer ids are listed in the document as the values `source_id` may take.
MAX_LISTED_IDS = 1000


def spec(source_ids: list[str] = ()) -> dict:
    """The OpenAPI 3.1 document of the visitor API; `source_ids` are the ids of the answers the bot can give."""
    source_id = {"type": ["string", "null"], "description": "The id of the answer the vote is about (sources[0].id), or null"}
    if 0 < len(source_ids) <= MAX_LISTED_IDS:
        source_id["enum"] = [*source_ids, None]
    question = {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": "[^\\s\\u001c-\\u001f\\u0085]",
                "description": "The visitor's message, up to 1,000 characters, not only spaces (Python's: \\u001c-\\u001f and \\u0085 count as spaces)"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Clinic FAQ bot", "version": "1", "description": "Answers visitors' questions only from the clinic's own content."},
        "paths": {
            "/api/ask": {
                "post": {
                    "summary": "Answer one visitor message",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["question"], "properties": {"question": question}}}}},
                    "responses": {"200": json_body(REPLY, "The reply"), **errors(400, 413, 429, 503)},
                }
            },
            "/api/feedback": {
                "post": {
                    "summary": "Store a visitor's 'Was this helpful?' answer",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["question", "helpful"],
                            "properties": {"question": question, "source_id": source_id, "helpful": {"type": "boolean"}},
                        }}},
                    },
                    "responses": {"201": json_body({"type": "object", "required": ["status"], "properties": {"status": {"const": "stored"}}}, "Stored"), **errors(400, 413, 429, 503)},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Whether the knowledge base is loaded and sound",
                    "responses": {
                        "200": json_body({"type": "object", "required": ["status", "entries"], "properties": {
                            "status": {"const": "ok"}, "entries": {"type": "integer"}, "revision": {"type": "integer"},
                            "index": {"enum": ["fitted", "updated"], "description": "updated: quick edits are live, the full index fit follows"}}}, "Sound"),
                        "503": json_body({"type": "object", "required": ["status", "entries"], "properties": {
                            "status": {"const": "error"}, "entries": {"type": "integer"}, "knowledge_error": {"type": "string"}, "serving": {"type": "string"}}}, "A knowledge file is broken"),
                    },
                }
            },
        },
    }
