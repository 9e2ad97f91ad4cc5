"""The indicators API keeps its records per data version, query and view (lib/data_versions.py): a published
figure corrected in the database is in the very next answer, and an analyst never receives the records kept
for another territory or for the ministry."""

import pytest
from django.db import transaction

from accounts.roles import Role
from accounts.testing import a_user, an_analyst_of
from stats.models import Coverage, Indicator, Observation

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/indicators/"


def _arrivals(client, unit: str, year: int) -> int:
    rows = client.get(URL, {"year": year, "unit": unit}).json()["results"]
    (row,) = [r for r in rows if r["sex"] == "total" and r["age_group"] == "total"]
    return row["arrivals"]


def test_a_corrected_figure_is_in_the_next_answer(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    published = Observation.objects.get(indicator=Indicator.ARRIVALS, coverage=Coverage.INTERREGIONAL,
                                        unit__code="KZ-71", year=2023, month__isnull=True, sex="total",
                                        age_group="total")
    before = _arrivals(client, "KZ-71", 2023)
    assert before == round(published.value)
    assert _arrivals(client, "KZ-71", 2023) == before  # the kept answer
    Observation.objects.filter(pk=published.pk).update(value=published.value + 1000)  # no signal: the trigger
    assert _arrivals(client, "KZ-71", 2023) == before + 1000


def test_a_rolled_back_correction_is_never_served(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    before = _arrivals(client, "KZ-71", 2023)
    with pytest.raises(RuntimeError), transaction.atomic():
        Observation.objects.filter(unit__code="KZ-71", year=2023, indicator=Indicator.ARRIVALS).update(value=1)
        assert _arrivals(client, "KZ-71", 2023) == 1  # read inside the transaction that wrote it
        raise RuntimeError
    assert _arrivals(client, "KZ-71", 2023) == before


def test_each_territory_and_the_ministry_get_their_own_records(client, shipped):
    north, south, ministry = an_analyst_of("KZ-59"), an_analyst_of("KZ-55"), a_user(Role.MINISTRY)
    seen = {}
    for user in (north, south, ministry, north, south):  # each view asked twice: the second from the cache
        client.force_login(user)
        seen.setdefault(user.pk, []).append({r["unit"] for r in client.get(URL, {"year": 2023}).json()["results"]})
    assert seen[north.pk] == [{"KZ-59"}, {"KZ-59"}]
    assert seen[south.pk] == [{"KZ-55"}, {"KZ-55"}]
    assert len(seen[ministry.pk][0]) == 20


def test_the_units_kept_per_language_follow_a_renamed_unit(db):
    from django.utils import translation

    from geo.models import TerritorialUnit
    from stats import selectors

    def name(lang: str) -> str:
        with translation.override(lang):
            frame = selectors.units_frame()
        return frame.filter(frame["code"] == "KZ-59")["name"][0]

    assert (name("en"), name("ru"), name("en")) == ("North Kazakhstan Region", "Северо-Казахстанская область",
                                                    "North Kazakhstan Region")
    TerritorialUnit.objects.filter(code="KZ-59", valid_to__isnull=True).update(name_en="North Kazakhstan")
    assert name("en") == "North Kazakhstan"


def test_a_kept_answer_reads_the_data_versions_once(client, shipped):
    """The records are kept under what the analyst's units depend on (their grant and territory: selectors.
    visible_key), so a kept answer reads the rooms' data versions in one query, not the units' first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(an_analyst_of("KZ-59"))
    first = client.get(URL, {"year": 2023}).json()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2023}).json() == first
    # (the signed-in user's query reads the grants' version too: accounts.backends; not counted here)
    versions = [q["sql"] for q in queries if "koshi_data_version" in q["sql"] and "accounts_user" not in q["sql"]]
    assert [sql.count("koshi_data_version") for sql in versions] == [1]
    assert {r["unit"] for r in first["results"]} == {"KZ-59"}
