"""The register's events go through the same indicator computation as the official series."""

import datetime as dt

import polars as pl
import pytest

from accounts.roles import Role
from accounts.testing import a_user, an_analyst_of
from stats import selectors
from stats.tests.test_indicators import EVENTS, events_frame

pytestmark = pytest.mark.django_db


def test_register_indicators_from_an_events_frame_are_scoped_to_the_analyst():
    out = selectors.register_indicators("year", events=EVENTS, user=an_analyst_of("KZ-59"))
    assert out["unit"].unique().to_list() == ["KZ-59"]
    row = out.row(0, named=True)
    assert (row["arrivals"], row["departures"], row["net"]) == (2, 1, 1)
    assert row["net_per_1000"] > 0


def test_register_events_frame_from_the_registry_has_the_agreed_columns():
    frame = selectors.register_events()
    assert list(frame.columns) == list(events_frame([]).columns)
    assert frame.schema["event_date"] == pl.Date


def test_a_year_of_register_events_by_sex():
    events = events_frame([(dt.date(2024, 3, 1), "internal", "KZ-61", "KZ-55", "female", 33)] * 3)
    out = selectors.register_indicators("year", events=events, by_sex=True)
    assert out.filter((pl.col("unit") == "KZ-55") & (pl.col("sex") == "female"))["arrivals"].item() == 3


def test_researchers_never_receive_register_cells_of_fewer_than_five_persons():
    events = events_frame([(dt.date(2024, 3, 1), "internal", "KZ-61", "KZ-55", "female", 33)] * 6
                          + [(dt.date(2024, 3, 2), "internal", "KZ-61", "KZ-59", "male", 40)] * 2)
    researcher = selectors.register_indicators("year", events=events, user=a_user(Role.RESEARCHER))
    rows = {r["unit"]: r for r in researcher.iter_rows(named=True)}
    assert rows["KZ-55"]["arrivals"] == 6 and rows["KZ-55"]["net"] == 6
    assert rows["KZ-59"]["arrivals"] is None and rows["KZ-59"]["net"] is None  # 2 persons: suppressed
    ministry = selectors.register_indicators("year", events=events, user=a_user(Role.MINISTRY))
    assert ministry.filter(pl.col("unit") == "KZ-59")["arrivals"].item() == 2
