"""A superscript digit ("²") passes str.isdigit() but int() refuses it: every guard that read a number with
isdigit() then int() answered such a query with a 500 (issue 9: no 500 from any input). Each is checked here
through the page or API a client reaches."""

import pytest

from accounts.roles import Role
from accounts.testing import a_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/api/v1/people/persons/?limit=²",
    "/api/v1/registry/events/?limit=²",
    "/api/v1/stats/indicators/?year=²",
    "/stats/?year=²&month=²",
])
def test_a_superscript_digit_in_a_number_is_never_a_server_error(client, path):
    client.force_login(a_user(Role.MINISTRY))
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
