"""Schemathesis over the whole OpenAPI schema (/api/schema/), as every demo user (token authentication):
no server error, no response that violates the schema, no status code the schema does not document.

Generic over the schema: one test per operation, listed from the schema itself, so every endpoint a room adds
is covered without touching this file. Run it alone with `pytest api/tests/test_schema_fuzz.py`.
KOSHI_FUZZ_EXAMPLES (default 3) sets the generated requests per operation, each sent as every demo user
(KOSHI_FUZZ_USERS, comma-separated usernames, narrows that).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.demo import DEMO_USERS
from koshi.wsgi import application

EXAMPLES = int(os.environ.get("KOSHI_FUZZ_EXAMPLES", "3"))
USERS = [u.strip() for u in os.environ.get("KOSHI_FUZZ_USERS", ",".join(DEMO_USERS)).split(",") if u.strip()]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance,
          response_headers_conformance]
METHODS = {"get", "post", "put", "patch", "delete"}
OPERATIONS = sorted((path, method) for path, item in SchemaGenerator().get_schema(public=True)["paths"].items()
                    for method in item if method in METHODS)

pytestmark = pytest.mark.django_db

# Operations known to fail, with the reason (issue 9 stays open until this is empty). Not strict: generated
# cases may miss the failing one in a given run.
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    ("/api/v1/labour/course-duties/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/labour/economic-activities/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/labour/occupations/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/labour/offers/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/labour/proposals/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/relocation/payment-orders/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/relocation/quotas/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/relocation/report/", "get"): "a list answers a shape other than the schema's page (issue 9 open)",
    ("/api/v1/relocation/applications/", "post"): "the response body does not match its declared serializer (issue 9 open)",
    ("/api/v1/relocation/applications/{id}/transitions/{name}/", "post"): "the response body does not match its declared serializer (issue 9 open)",
    ("/api/v1/relocation/quota-orders/", "post"): "the response body does not match its declared serializer (issue 9 open)",
    ("/api/v1/surveys/forms/", "post"): "the response body does not match its declared serializer (issue 9 open)",
}


def _operation_param(path: str, method: str):
    marks = []
    if (path, method) in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[path, method], strict=False))  # random cases: may miss
    return pytest.param(path, method, marks=marks, id=f"{method.upper()} {path}")


@pytest.fixture(scope="module")
def api_schema(demo_data, django_db_blocker):
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def tokens(demo_tokens) -> dict[str, str]:
    return {name: demo_tokens[name] for name in USERS}


@pytest.mark.parametrize(("path", "method"), [_operation_param(p, m) for p, m in OPERATIONS])
def test_no_request_makes_a_server_error_or_an_undocumented_response(api_schema, tokens, path, method):
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def every_user_sends(case) -> None:
        for token in tokens.values():
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

    every_user_sends()
