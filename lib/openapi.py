"""The OpenAPI schema documents the errors every endpoint can answer, so that a client (and the schemathesis
test in api/tests/test_schema_fuzz.py) knows every status it may receive.

`AutoSchema` (settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to each operation, unless the view already
documents that status:
- 400 where the client sends something (parameters or a body): the body names the field(s) at fault;
- 401 where a login is needed (answered with `WWW-Authenticate: Token`), 403 where the user's role or
  territory may not do it;
- 404 where the path names an object (an object outside the reader's scope is a 404 too);
- 409 on writes (a transition the state does not allow, an Idempotency-Key reused for another request);
- 429 where the view is throttled.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from rest_framework.permissions import AllowAny

ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": "`detail` says what is wrong; a 400 names each field at fault with its messages.",
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": {},
        }
    }
}

DESCRIPTIONS = {
    "400": "The request is not valid: the body names each field at fault.",
    "401": "Not logged in: send `Authorization: Token <key>` (POST /api/v1/auth/token/ gives one).",
    "403": "The user's role or territory does not allow this.",
    "404": "No such object, or none the user may see.",
    "409": "The object's state does not allow this now, or the Idempotency-Key was used for another request.",
    "429": "Too many requests: wait the seconds given in Retry-After.",
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path: str, path_regex: str, path_prefix: str, method: str,
                      registry: Any) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        statuses = []
        if operation.get("parameters") or operation.get("requestBody"):
            statuses.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses += ["401", "403"]
        if "{" in path:
            statuses.append("404")
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}:
            statuses.append("409")
        if self.view.get_throttles():
            statuses.append("429")
        responses = operation["responses"]
        for status in statuses:
            responses.setdefault(status, {"description": DESCRIPTIONS[status], "content": ERROR_BODY})
        return operation
