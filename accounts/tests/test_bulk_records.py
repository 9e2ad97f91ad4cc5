"""The bulk paths' change records (accounts.auditing.creation_changes, built over a Polars frame) hold each value in
the very text the single path's records hold (accounts.auditing.jsonable): one representation, on both paths."""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.auditing import creation_changes, jsonable, members

NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
ZONES = [dt.UTC, dt.timezone(dt.timedelta(hours=5)), dt.timezone(dt.timedelta(hours=-3, minutes=-30))]
moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001 - naive bounds, as hypothesis wants
                       timezones=st.sampled_from(ZONES))
rows = st.fixed_dictionaries({
    "id": st.integers(min_value=1, max_value=2**62),
    "text": st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=NO_SURROGATES), max_size=30)),
    "flag": st.one_of(st.none(), st.booleans()),
    "day": st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1))),
    "moment": st.one_of(st.none(), moments),
})
SCHEMA: dict[str, pl.DataType] = {"id": pl.Int64(), "text": pl.Utf8(), "flag": pl.Boolean(), "day": pl.Date(), "moment": pl.Datetime("us", "UTC")}


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, min_size=1, max_size=20))
def test_a_bulk_create_record_holds_what_the_single_paths_record_holds(values):
    frame = pl.DataFrame(values, schema=SCHEMA, orient="row")
    bulk = [json.loads(text) for text in frame.select(creation_changes(frame.schema)).to_series().to_list()]
    single = [{k: [None, jsonable(v)] for k, v in row.items() if jsonable(v) not in (None, "")} for row in values]
    assert bulk == single


def test_a_date_time_is_written_in_utc_with_its_offset_and_a_fraction_only_when_there_is_one():
    almaty = dt.timezone(dt.timedelta(hours=5))
    assert jsonable(dt.datetime(2026, 1, 9, 9, 30, tzinfo=almaty)) == "2026-01-09T04:30:00+00:00"
    assert jsonable(dt.datetime(2026, 1, 9, 4, 30, 0, 120000, tzinfo=dt.UTC)) == "2026-01-09T04:30:00.120000+00:00"


def test_a_record_tells_its_own_fields_and_each_member_row_under_its_kind_and_number():
    changes = {"street": [None, "Abai"], "registry.migrationevent#12": {"age": [None, 30]},
               "people.person#7": {"home_unit_id": [3, 5]}}
    assert members("registry.registration", "40", changes) == [
        ("registry.registration", "40", {"street": [None, "Abai"]}),
        ("registry.migrationevent", "12", {"age": [None, 30]}),
        ("people.person", "7", {"home_unit_id": [3, 5]}),
    ]
    # a single path's record has no members; a JSON field's value (a dict) under a plain name stays a field
    assert members("people.person", "7", {"extra": {"a": 1}}) == [("people.person", "7", {"extra": {"a": 1}})]
