"""An import stores only the rows its uploader may register, by the single form's check; the rest are rejected
in the row report naming the region. For each role that can import (officer: their territory; ministry: the
country), and for the roles that cannot upload at all."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.testing import a_user, an_officer_of
from registry import importer
from registry.access import may_register
from registry.models import ImportBatch, Registration

from .conftest import adult, region
from .test_import import row, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    for code in ("KZ-59", "KZ-55", "KZ-61"):
        region(code)
    return [adult("KZ-61", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(3)]


def test_an_officer_of_north_kazakhstan_stores_only_north_kazakhstans_rows(tmp_path, people):
    officer = an_officer_of("KZ-59")
    a, b, c = people
    path = write(tmp_path, [row(a, "KZ-59"), row(b, "KZ-61"), row(c, "KZ-55")])
    batch = importer.import_file(path, user=officer).batch
    assert batch.stored_rows == 1 and batch.rejected_rows == 2
    assert set(Registration.objects.filter(batch=batch).values_list("region__code", flat=True)) == {"KZ-59"}
    assert {(r.line, r.field) for r in batch.rejections.all()} == {(3, "region"), (4, "region")}
    assert all("outside your territory" in importer.reason_text(r.code, r.params) for r in batch.rejections.all())


def test_the_import_refuses_exactly_what_the_single_form_refuses(tmp_path, people):
    officer = an_officer_of("KZ-59")
    day = dt.date(2025, 3, 3)
    for code in ("KZ-59", "KZ-61", "KZ-55"):
        assert may_register(officer, people[0], region(code), "standard", day)[0] == (code == "KZ-59")


def test_a_ministry_officer_imports_rows_of_every_region(tmp_path, people):
    ministry = a_user("ministry")
    a, b, c = people
    batch = importer.import_file(write(tmp_path, [row(a, "KZ-59"), row(b, "KZ-61"), row(c, "KZ-55")]),
                                 user=ministry).batch
    assert batch.stored_rows == 3 and batch.rejected_rows == 0


@pytest.mark.parametrize("role", ["citizen", "employer", "analyst", "researcher", "auditor"])
def test_roles_that_cannot_import_cannot_upload(role, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = APIClient()
    client.force_authenticate(a_user(role, scope="KZ-59"))
    upload = SimpleUploadedFile("r.csv", b"iin,kind\n", content_type="text/csv")
    assert client.post("/api/v1/registry/imports/", {"file": upload}, format="multipart").status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_employers_or_citizens_grant_never_covers_a_files_rows(people):
    employer, citizen = a_user("employer"), a_user("citizen", person=people[0])
    for user in (employer, citizen):
        assert may_register(user, None, region("KZ-59"), "simplified", dt.date(2025, 3, 3)) == (False, None)
