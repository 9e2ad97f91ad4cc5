"""The register's events go through the same indicator computation as the official series."""

import datetime as dt

import polars as pl
import pytest

from stats import selectors
from stats.tests.test_indicators import EVENTS, events_frame

pytestmark = pytest.mark.django_db


def test_register_indicators_from_an_events_frame_are_scoped_to_the_analyst():
    from accounts.testing import an_analyst_of

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
