"""The persons list reads values, not model instances (people.selectors.person_views): each row is still the
person's record as read from the model itself — its region's code and name in the reader's language, its sex's
label — for a reader who sees identities and, pseudonymised, for a researcher; the detail answers the same."""

from typing import Any

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_person_in, a_user, an_officer_of
from people.models import Person
from people.selectors import pseudonym

pytestmark = pytest.mark.django_db


def record_of(person: Any, identities: bool) -> dict:
    """The record as the model gives it (as people.selectors.person_view read it from an instance)."""
    home = person.home_unit
    region = home.code if home is not None else None
    labels = {"sex_label": person.get_sex_display(), "region_name": home.name if home is not None else ""}
    if identities:
        return {"id": person.pk, "key": str(person.pk), "iin": person.iin, "surname": person.surname,
                "given_name": person.given_name, "patronymic": person.patronymic,
                "birth_date": person.birth_date.isoformat(), "sex": person.sex, "citizenship": person.citizenship,
                "region": region, **labels}
    return {"key": pseudonym(person.iin), "pseudonym": pseudonym(person.iin), "birth_year": person.birth_date.year,
            "sex": person.sex, "citizenship": person.citizenship, "region": region, **labels}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("reader", ["officer", "researcher"])
def test_each_row_of_the_persons_list_is_the_persons_own_record(reader, language):
    a_person_in("KZ-59", surname="Ivanova", given_name="Aigerim")
    a_person_in("KZ-59", surname="Abenov")
    a_person_in(None, surname="Nowhere")
    user: Any = an_officer_of("KZ-59") if reader == "officer" else a_user(Role.RESEARCHER)
    api = APIClient()
    api.force_authenticate(user)
    rows = api.get("/api/v1/people/persons/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    with translation.override(language):
        expected = [record_of(person, identities=reader == "officer")
                    for person in Person.objects.select_related("home_unit").order_by("id")
                    if reader != "officer" or person.home_unit is not None]
    assert len(rows) == (2 if reader == "officer" else 3)
    assert rows == expected
    detail = api.get(f"/api/v1/people/persons/{rows[0]['key']}/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert detail == expected[0]
    assert language == "en" or all(row["sex_label"] not in ("Male", "Female") for row in rows)


def test_the_persons_page_reads_each_region_from_the_persons_own_unit(client, django_assert_max_num_queries):
    """The page's rows are model instances with their home unit joined: no further read per row."""
    for surname in ("Ivanova", "Abenov", "Serikova"):
        a_person_in("KZ-59", surname=surname)
    client.force_login(an_officer_of("KZ-59"))
    client.get("/people/")
    with django_assert_max_num_queries(12) as captured:
        assert client.get("/people/").status_code == 200
    # no read of a data version (the grants' one comes joined to the user's row: accounts.backends)
    assert not [q for q in captured.captured_queries if "FROM koshi_data_version" in q["sql"]]


def test_the_persons_list_reads_the_geo_version_with_its_rows_and_sees_a_renamed_unit_at_once():
    """The geo room's data version comes in the list's own query (geo.selectors.labels_version): no token is read
    apart; a region renamed between two pages is named anew on the second, in the reader's language."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from geo.models import TerritorialUnit

    a_person_in("KZ-59", surname="Ivanova")
    api = APIClient()
    api.force_authenticate(an_officer_of("KZ-59"))
    api.get("/api/v1/people/persons/", HTTP_ACCEPT_LANGUAGE="ru")  # the Russian labels are kept from here
    with CaptureQueriesContext(connection) as captured:
        rows = api.get("/api/v1/people/persons/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"]
    assert [r["region"] for r in rows] == ["KZ-59"]
    assert not [q for q in captured.captured_queries if q["sql"].startswith("SELECT name, token FROM")]
    TerritorialUnit.objects.filter(code="KZ-59", valid_to__isnull=True).update(name_ru="Переименованная")
    rows = api.get("/api/v1/people/persons/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"]
    assert [(r["region"], r["region_name"]) for r in rows] == [("KZ-59", "Переименованная")]
