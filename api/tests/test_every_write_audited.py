"""Every write has its change record: for every model with a history (every AuditedModel subclass, in every
room, found at run time), the change records replayed in order give exactly the stored rows
(accounts.testing.audit_gaps) — after the demo data set, after the daily jobs, and after every write operation
of the API (each from the OpenAPI schema, as every demo user)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings

from accounts.testing import audit_gaps, audited_models
from koshi.wsgi import application
from people.models import Person

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("KOSHI_FUZZ_EXAMPLES", "3"))
WRITES = sorted((path, method) for path, item in SchemaGenerator().get_schema(public=True)["paths"].items()
                for method in item if method in {"post", "put", "patch", "delete"})


def _gaps(installed: dict[str, set[str]]) -> list[str]:
    return list(audit_gaps(installed=installed))


def test_every_room_with_domain_records_is_walked():
    kinds = {f"{m._meta.app_label}.{m._meta.model_name}" for m in audited_models()}
    assert {"people.person", "people.familymember", "labour.employmentcontract", "registry.registration"} <= kinds


def test_the_demo_data_and_the_daily_jobs_leave_no_write_without_its_change_record(demo_data):
    call_command("run_scheduled", "--now")
    assert _gaps(demo_data) == []


def test_a_write_that_bypasses_the_history_is_found(demo_data):
    person = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=person.pk).update(surname="Bypassed")  # a queryset update sends no signal
    assert f"people.person#{person.pk}.surname: the history says {person.surname!r}, the row holds 'Bypassed'" \
        in _gaps(demo_data)


def test_every_write_through_the_api_leaves_its_change_record(demo_data, demo_tokens):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    for path, method in WRITES:
        @given(case=schema[path][method.upper()].as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def every_user_sends(case) -> None:
            for token in demo_tokens.values():
                case.call(headers={"Authorization": f"Token {token}"})

        every_user_sends()
    assert _gaps(demo_data) == []
