"""The facts the registration rules read from the registers, gathered set-based for a frame of requests.

Used alike by `services.check` (a frame of one row) and the bulk import (a chunk of a file), so that both paths
decide on the same facts: the unit's kind, path and dates; the contract in force in labour's register on the day
of registration (labour's own `active_on`); the person's active permanent registration.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import polars as pl

from .models import Kind, Registration

UNIT_FIELDS = ("id", "kind", "path", "valid_from", "valid_to")


def unit_columns(prefix: str, unit: Any) -> dict[str, Any]:
    """A unit's columns for a requests frame (`prefix` region or district); all null for no unit."""
    if unit is None:
        return {f"{prefix}_id": None, f"{prefix}_path": None, f"{prefix}_from": None, f"{prefix}_to": None,
                **({"region_kind": None} if prefix == "region" else {})}
    out = {f"{prefix}_id": unit.pk, f"{prefix}_path": unit.path, f"{prefix}_from": unit.valid_from,
           f"{prefix}_to": unit.valid_to}
    if prefix == "region":
        out["region_kind"] = unit.kind
    return out


@lru_cache(maxsize=4096)
def _first_level(unit_id: int) -> tuple[str, str, str, str]:
    from geo.models import TerritorialUnit
    from geo.selectors import first_level_unit

    unit = first_level_unit(TerritorialUnit.objects.get(pk=unit_id))
    return unit.path, unit.name_kk, unit.name_ru, unit.name_en


def with_contracts(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the contract in force on the day of registration (the latest started) for the simplified rows:
    contract_id, contract_employer_bin, contract_region_path and contract_region_kk/_ru/_en (its workplace's
    region and its names: a reason naming it is worded later in its reader's language)."""
    from labour.models import EmploymentContract

    schema = {"person_id": pl.Int64, "registered_on": pl.Date, "contract_id": pl.Int64,
              "contract_employer_bin": pl.Utf8, "contract_region_path": pl.Utf8, "contract_region_kk": pl.Utf8, "contract_region_ru": pl.Utf8,
              "contract_region_en": pl.Utf8}
    wanted = (frame.filter((pl.col("procedure") == "simplified") & pl.col("person_id").is_not_null()
                           & pl.col("registered_on").is_not_null())
              .select("person_id", "registered_on").unique())
    rows = []
    for (day,), group in wanted.group_by(["registered_on"]):
        persons = group.get_column("person_id").to_list()
        seen: set[int] = set()
        for person_id, contract_id, employer_bin, workplace_id in (
                EmploymentContract.objects.active_on(day).filter(employee_id__in=persons)
                .order_by("employee_id", "-start_date", "-id")
                .values_list("employee_id", "id", "employer__bin", "workplace_unit_id")):
            if person_id in seen:
                continue
            seen.add(person_id)
            names = _first_level(workplace_id) if workplace_id else (None, None, None, None)
            rows.append((person_id, day, contract_id, employer_bin, *names))
    found = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.drop([c for c in schema if c not in ("person_id", "registered_on") and c in frame.columns]).join(
        found, on=["person_id", "registered_on"], how="left")


def one_of(values: list[Any], sql_type: str) -> Any:
    """`field__in=one_of(values, "bigint")`: a chunk's values as ONE array parameter on PostgreSQL (a list of 10,000
    ids is otherwise 10,000 parameters to bind, parse and plan: 0.3–0.5 s a query against 0.07 s); the list itself
    on SQLite."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [list(values)])
    return values


def active_permanent(person_ids: list[int]) -> pl.DataFrame:
    """The active permanent registration of each of these persons: person_id, active_id, active_registered_on,
    active_region_id, active_district_id."""
    rows = list(Registration.objects.filter(person_id__in=one_of(person_ids, "bigint"), kind=Kind.PERMANENT,
                                            is_active=True)
                .values_list("person_id", "id", "registered_on", "region_id", "district_id"))
    return pl.DataFrame(rows, schema={"person_id": pl.Int64, "active_id": pl.Int64, "active_registered_on": pl.Date,
                                      "active_region_id": pl.Int64, "active_district_id": pl.Int64}, orient="row")


def with_active(frame: pl.DataFrame) -> pl.DataFrame:
    ids = frame.get_column("person_id").drop_nulls().unique().to_list()
    active = active_permanent(ids)
    drop = [c for c in active.columns if c != "person_id" and c in frame.columns]
    return frame.drop(drop).join(active, on="person_id", how="left")


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
