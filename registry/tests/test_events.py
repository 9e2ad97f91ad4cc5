"""Migration events: moves within and between regions, arrivals from and departures abroad, corrections."""

import datetime as dt

import polars as pl
import pytest

from registry.models import MigrationEvent
from registry.selectors import migration_events_frame
from registry.services import RegistrationRefused, correct_event, deregister, register

from .conftest import a_request, adult, district, region

pytestmark = pytest.mark.django_db


def test_a_move_between_districts_of_one_region_is_an_internal_event():
    person = adult(None)
    register(a_request(person, "KZ-59", district_n=1, registered_on=dt.date(2024, 1, 10), from_abroad=False))
    outcome = register(a_request(person, "KZ-59", district_n=2, registered_on=dt.date(2025, 1, 10)))
    event = outcome.event
    assert event.kind == "internal"
    assert event.origin_region == event.destination_region == region("KZ-59")
    assert (event.origin_district, event.destination_district) == (district("KZ-59", 1), district("KZ-59", 2))


def test_a_move_between_regions_records_age_sex_and_reason_at_the_date():
    person = adult("KZ-61", birth_date=dt.date(1990, 6, 1), sex="female")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 5, 31), reason="work")).event
    assert (event.origin_region.code, event.destination_region.code) == ("KZ-61", "KZ-59")
    assert (event.age, event.sex, event.reason) == (34, "female", "work")


def test_a_new_registration_at_the_same_unit_is_no_migration():
    person = adult(None)
    register(a_request(person, "KZ-59", registered_on=dt.date(2024, 1, 10)))
    assert register(a_request(person, "KZ-59", registered_on=dt.date(2025, 1, 10))).event is None


def test_a_first_registration_with_no_known_origin_is_no_migration():
    assert register(a_request(adult(None), "KZ-59")).event is None


def test_a_first_registration_from_abroad_is_an_international_arrival():
    event = register(a_request(adult(None), "KZ-59", from_abroad=True)).event
    assert event.kind == "international_arrival" and event.origin_region is None


def test_deregistering_to_leave_the_country_is_an_international_departure():
    person = adult(None)
    reg = register(a_request(person, "KZ-59")).registration
    deregister(reg, on=dt.date(2025, 6, 1), leaving_country=True)
    event = MigrationEvent.objects.get(kind="international_departure")
    assert event.origin_region == region("KZ-59") and event.destination_region is None
    person.refresh_from_db()
    assert person.home_unit is None


def test_an_event_is_never_edited():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59")).event
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        MigrationEvent.objects.filter(pk=event.pk).update(age=1)
    with pytest.raises(PermissionError):
        event.delete()


def test_a_correction_replaces_the_event_in_the_frame_and_keeps_the_original():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10))).event
    fixed = correct_event(event, reason="Arrived from Pavlodar, not Turkistan", origin_region=region("KZ-55"))
    assert fixed.corrects == event and MigrationEvent.objects.filter(pk=event.pk).exists()
    frame = migration_events_frame()
    assert frame["event_id"].to_list() == [fixed.pk]
    assert frame.row(0, named=True)["origin_region"] == "KZ-55"
    with pytest.raises(RegistrationRefused):
        correct_event(event, reason="again", origin_region=region("KZ-10"))


def test_an_annulment_removes_the_event_from_the_frame():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    event = register(a_request(person, "KZ-59")).event
    correct_event(event, reason="Registered in error", annul=True)
    assert migration_events_frame().height == 0


def test_the_events_frame_has_the_agreed_columns_and_types():
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", district_n=1, registered_on=dt.date(2024, 1, 10)))
    register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10), reason="work"))
    register(a_request(adult(None), "KZ-55", registered_on=dt.date(2025, 4, 1), from_abroad=True))
    frame = migration_events_frame(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert frame.columns == ["event_id", "event_date", "kind", "origin_region", "destination_region",
                             "origin_district", "destination_district", "sex", "age", "reason"]
    assert frame.schema["event_date"] == pl.Date and frame.schema["age"] == pl.Int64
    assert frame["kind"].to_list() == ["internal", "international_arrival"]
    assert frame["origin_region"].to_list() == ["KZ-61", None]
    assert frame["origin_district"].to_list()[0] == district("KZ-61", 1).code
    assert migration_events_frame(start=dt.date(2025, 3, 11), end=dt.date(2025, 3, 31)).height == 0


def test_the_events_frame_is_read_in_one_query(django_assert_num_queries):
    person = adult("KZ-61")
    register(a_request(person, "KZ-61", registered_on=dt.date(2024, 1, 10)))
    register(a_request(person, "KZ-59", registered_on=dt.date(2025, 3, 10)))
    with django_assert_num_queries(1):
        migration_events_frame()


@pytest.mark.parametrize("grain", ["month", "year"])
@pytest.mark.parametrize("scope", ["interregional", "all_internal", "all"])
def test_the_databases_event_cube_counts_what_the_events_frame_counts(grain, scope):
    """registry.selectors.event_cube (GROUP BY in the database) = the same count over every event read into Python."""
    from registry.selectors import event_cube
    from registry.services import compact_event_counts

    people = [adult("KZ-61", birth_date=dt.date(1980 + i, 1, 1), sex="female" if i % 2 else "male") for i in range(5)]
    for i, person in enumerate(people):
        reg = register(a_request(person, ["KZ-59", "KZ-55", "KZ-61"][i % 3], registered_on=dt.date(2025, 1 + i, 10)))
        if i == 4:
            deregister(reg.registration, on=dt.date(2025, 6, 1), leaving_country=True)
        if i == 1:
            correct_event(reg.event, reason="came from Pavlodar", origin_region=region("KZ-55"))
        if i == 3:
            correct_event(reg.event, reason="did not move", annul=True)
    keys = ["origin_region", "destination_region", "event_date", "sex", "age"]
    db = event_cube(scope=scope, grain=grain, by_sex=True, by_age=True).sort(keys)
    frame = migration_events_frame()
    if scope != "all":
        frame = frame.filter(pl.col("kind") == "internal")
    if scope == "interregional":
        frame = frame.filter(pl.col("origin_region") != pl.col("destination_region"))
    day = pl.col("event_date").dt.truncate("1mo" if grain == "month" else "1y")
    python = frame.group_by("origin_region", "destination_region", day, "sex", "age").agg(n=pl.len()).sort(keys)
    assert db.height > 0
    assert db.with_columns(pl.col("n").cast(pl.Int64)).rows() == python.with_columns(pl.col("n").cast(pl.Int64)).rows()
    # By sex and age band: read from the counts the database keeps (PostgreSQL), counted here from every event
    bands = (0, 15, 25, 35, 45, 55, 65)
    band_keys = ["origin_region", "destination_region", "event_date", "sex", "age"]
    banded = event_cube(scope=scope, grain=grain, by_sex=True, by_age=True, age_bands=bands).sort(band_keys)
    lower = pl.lit(0)
    for bound in bands[1:]:
        lower = pl.when(pl.col("age") >= bound).then(pl.lit(bound)).otherwise(lower)
    python_banded = frame.with_columns(age=lower.cast(pl.Int64)).group_by(
        "origin_region", "destination_region", day, "sex", "age").agg(n=pl.len()).sort(band_keys)
    assert banded.with_columns(pl.col("n").cast(pl.Int64)).rows() == python_banded.with_columns(
        pl.col("n").cast(pl.Int64)).rows()
    coarse = event_cube(scope=scope, grain=grain, by_age=True, age_bands=(0, 25, 65))  # unions of the kept bands
    assert coarse["n"].sum() == db["n"].sum() and set(coarse["age"].to_list()) <= {0, 25, 65}
    compact_event_counts()  # folding the counts' deltas changes no figure
    again = event_cube(scope=scope, grain=grain, by_sex=True, by_age=True).sort(keys)
    assert again.rows() == db.rows()
