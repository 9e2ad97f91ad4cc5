"""Schemathesis over the whole OpenAPI schema (/api/schema/), as every demo user (token authentication):
no server error, no response that violates the schema, no status code the schema does not document.

Generic over the schema: one test per operation, listed from the schema itself, so every endpoint a room adds
is covered without touching this file. Run it alone with `pytest api/tests/test_schema_fuzz.py`.
KOSHI_FUZZ_EXAMPLES (default 3) sets the generated requests per operation, each sent as every demo user
(KOSHI_FUZZ_USERS, comma-separated usernames, narrows that). There is no list of known failures: a failing
operation fails the suite.

The rule every endpoint follows so that it passes (api/README.md says the same):
- A GET that answers a list answers lib/pagination's page (`count`, `next`, `previous`, `results`): call
  `self.paginate_queryset(...)` / `self.get_paginated_response(...)` on a GenericAPIView (or use ListAPIView)
  AND declare the item serializer with `many=True` (`@extend_schema(responses=ItemOut(many=True))`), which
  drf-spectacular documents as the page. A table bounded by a fixed set (one row per region) may opt out with
  `pagination_class = None`; it is then documented as a bare array.
- Every other status than 400/401/403/404/409/429 is declared in extend_schema, with its content type for
  anything that is not JSON (`{(200, "text/csv"): str}`, `{(200, "application/pdf"): OpenApiTypes.BINARY}`).
- Declare a body for 400/404 only if it covers every 400/404 the view can answer, DRF's own
  `{"field": ["message"]}` from `serializer.is_valid(raise_exception=True)` and `{"detail": ...}` from
  `Http404` included (give the extra fields `required=False`); otherwise leave them to lib/openapi.AutoSchema,
  whose error body allows both.
- Every query parameter and body field is parsed and bounded (max_length from the column, min/max values,
  dates within sensible years): a malformed value is a 400 naming it, never a 500.
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

@pytest.fixture(scope="module")
def api_schema(demo_data, django_db_blocker):
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def tokens(demo_tokens) -> dict[str, str]:
    return {name: demo_tokens[name] for name in USERS}


@pytest.mark.parametrize(("path", "method"), [pytest.param(p, m, id=f"{m.upper()} {p}") for p, m in OPERATIONS])
def test_no_request_makes_a_server_error_or_an_undocumented_response(api_schema, tokens, path, method):
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def every_user_sends(case) -> None:
        for token in tokens.values():
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

    every_user_sends()
