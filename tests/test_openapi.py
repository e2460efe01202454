"""The API against its own OpenAPI document, with generated requests (schemathesis, in process, no network)."""

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from app import create_app  # noqa: E402
from tests.conftest import KNOWLEDGE  # noqa: E402

OPERATIONS = ["POST /api/ask", "POST /api/feedback", "GET /healthz"]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    folder = tmp_path_factory.mktemp("openapi")
    app = create_app({"TESTING": True, "KNOWLEDGE_DIR": str(KNOWLEDGE), "DATABASE": str(folder / "openapi.sqlite"), "SECRET_KEY": "s"})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_5xx_and_every_response_in_the_schema(api_schema, label):
    """Bounded: 40 generated requests an operation, each checked for a 5xx and against the schema."""
    operations = {result.ok().label: result.ok() for result in api_schema.get_all_operations()}
    assert label in operations, sorted(operations)

    @given(case=operations[label].as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate()

    check()


def test_the_document_is_served(client):
    body = client.get("/api/openapi.json").get_json()
    assert body["openapi"].startswith("3.1") and set(body["paths"]) == {"/api/ask", "/api/feedback", "/healthz"}
