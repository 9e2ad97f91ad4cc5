"""Writing the territorial reference: units, aliases and crosswalk from geo/data/, and BNS population.

`load_reference_data` runs in the data migrations, so every database has the units; `load_population` runs
from `seed_demo` and the `load_population` command. Both are idempotent.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from .models import PopulationCount
from .selectors import (  # noqa: F401  (re-exported: geo.services.UnknownUnit, geo.services.resolve_unit)
    UnknownUnit,
    current_units,
    normalize,
    resolve_unit,
    to_current,
)

DATA = Path(__file__).resolve().parent / "data"
POPULATION_CSV = DATA / "kz_population_by_region_2000_2023.csv"
POPULATION_SOURCE = "BNS via open-data-kazakhstan/population-projections-by-regions (PDDL 1.0)"
COUNTRY = "KZ"
WEIGHT_QUANTUM = Decimal("0.000001")


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _float(text: str) -> float | None:
    return float(text) if text else None


def crosswalk_weights(population_csv: Path = POPULATION_CSV) -> list[dict]:
    """The crosswalk rows of geo/data/crosswalk.csv with weights = population shares.

    For each historical unit, the year is the first in which every part appears in the BNS file; a weight is
    the part's total population at the start of that year over the sum of the parts (rounded to 6 decimals,
    the rounding remainder on the largest part, so the weights sum to exactly 1).
    """
    population: dict[tuple[str, int], int] = {}
    with open(population_csv, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["sex"] == "total" and row["area"] == "total":
                population[(row["region"], int(row["year"]))] = int(row["population_start_of_year"])
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _read("crosswalk.csv"):
        groups[(row["source_code"], row["source_from"])].append(row)
    result = []
    for (source_code, source_from), parts in groups.items():
        years = sorted({year for (_, year) in population})
        year = next(y for y in years if all((p["population_name"], y) in population for p in parts))
        counts = [population[(p["population_name"], year)] for p in parts]
        total = sum(counts)
        weights = [(Decimal(c) / Decimal(total)).quantize(WEIGHT_QUANTUM, ROUND_HALF_EVEN) for c in counts]
        largest = counts.index(max(counts))
        weights[largest] += Decimal(1) - sum(weights)
        shares = ", ".join(f"{p['population_name']} {c:,}" for p, c in zip(parts, counts, strict=True))
        for part, weight in zip(parts, weights, strict=True):
            result.append({
                "source": (source_code, _date(source_from)),
                "target": (part["target_code"], _date(part["target_from"])),
                "weight": weight,
                "basis": f"Population share, BNS 1 Jan {year}: {shares}",
            })
    return result


def load_reference_data(apps: Any = None) -> dict[str, int]:
    """Create or update the country, the first-level units (with their history), aliases and crosswalk.

    `apps` is the migration's app registry when called from a data migration. Idempotent: a second run
    changes nothing. Returns counts of units, aliases and crosswalk rows in the data.
    """
    registry = apps or global_apps
    Unit = registry.get_model("geo", "TerritorialUnit")
    Alias = registry.get_model("geo", "UnitAlias")
    Crosswalk = registry.get_model("geo", "UnitCrosswalk")

    with transaction.atomic():
        units: dict[Any, Any] = {}  # by (code, valid_from), then also by code
        country: Any = None
        for row in _read("units.csv"):
            valid_from = _date(row["valid_from"])
            if valid_from is None:
                raise ValueError(f"units.csv: {row['code']} has no valid_from")
            is_country = row["kind"] == "country"
            fields = {
                "alpha_code": row["alpha_code"], "kind": row["kind"],
                "name_kk": row["name_kk"], "name_ru": row["name_ru"], "name_en": row["name_en"],
                "centre_kk": row["centre_kk"], "centre_ru": row["centre_ru"], "centre_en": row["centre_en"],
                "valid_to": _date(row["valid_to"]),
                "parent": None if is_country else country,
                "path": row["code"] if is_country else f"{country.path}/{row['code']}",
                "centroid_lon": _float(row["centroid_lon"]), "centroid_lat": _float(row["centroid_lat"]),
                "shape_key": row["code"] if not is_country and not row["valid_to"] else "",
            }
            unit, _ = Unit.objects.update_or_create(code=row["code"], valid_from=valid_from, defaults=fields)
            if is_country:
                country = unit
            units[(row["code"], valid_from)] = unit

        wanted: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)

        def add(unit: Any, alias: str, language: str) -> None:
            key = normalize(alias)
            if key:
                wanted[unit.pk].setdefault(key, (alias, language))

        for unit in units.values():
            for lang in ("kk", "ru", "en"):
                add(unit, getattr(unit, f"name_{lang}"), lang)
            add(unit, unit.code, "")
            if unit.alpha_code:
                add(unit, unit.alpha_code, "")
        for row in _read("aliases.csv"):
            versions = [u for (code, start), u in units.items()
                        if code == row["code"] and (not row["version_from"] or start == _date(row["version_from"]))]
            if not versions:
                raise ValueError(f"aliases.csv names an unknown unit version: {row}")
            for unit in versions:
                add(unit, row["alias"], row["language"])
        existing = set(Alias.objects.filter(unit_id__in=wanted).values_list("unit_id", "normalized"))
        Alias.objects.bulk_create([
            Alias(unit_id=unit_id, alias=alias, normalized=key, language=language)
            for unit_id, aliases in wanted.items()
            for key, (alias, language) in aliases.items()
            if (unit_id, key) not in existing
        ])

        rows = crosswalk_weights()
        for row in rows:
            Crosswalk.objects.update_or_create(
                source=units[row["source"]], target=units[row["target"]],
                defaults={"weight": row["weight"], "basis": row["basis"]},
            )
    return {"units": len(units), "aliases": sum(len(a) for a in wanted.values()), "crosswalk": len(rows)}


def _population_unit(name: str, year: int, cache: dict) -> Any:
    """The unit version a BNS row belongs to: the one in force on 31 December of its year.

    The BNS file gives 2017 for Turkistan and Shymkent, recalculated in the borders they received in June
    2018; such a row (a unit that began within a year after the date) belongs to that next version.
    """
    key = (name, year)
    if key not in cache:
        day = dt.date(year, 12, 31)
        try:
            cache[key] = resolve_unit(name, on=day)
        except UnknownUnit as exc:
            later = [u for u in exc.versions if day < u.valid_from <= day + dt.timedelta(days=366)]
            if not later:
                raise
            cache[key] = later[0]
    return cache[key]


def load_population(path: str | Path | None = None) -> int:
    """Load BNS population by region, year, sex and area (start of year) from the shipped CSV.

    Region names are resolved through the aliases on the year's date ("South Kazakhstan" rows go to the
    historical unit, "Kazakhstan (total)" to the country). Rows already loaded are updated if their value
    changed; returns the number of rows created (0 on a second run).
    """
    source_path = Path(path) if path else POPULATION_CSV
    cache: dict = {}
    incoming: dict[tuple[int, int, str, str], int] = {}
    with open(source_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            unit = _population_unit(row["region"], year, cache)
            incoming[(unit.pk, year, row["sex"], row["area"])] = int(row["population_start_of_year"])
    with transaction.atomic():
        existing = {
            (p.unit_id, p.year, p.sex, p.area): p
            for p in PopulationCount.objects.filter(year__in={k[1] for k in incoming})
        }
        new: list[Any] = []
        changed: list[Any] = []
        for (unit_id, year, sex, area), persons in incoming.items():
            count = existing.get((unit_id, year, sex, area))
            if count is None:
                new.append(PopulationCount(unit_id=unit_id, year=year, sex=sex, area=area, persons=persons,
                                           source=POPULATION_SOURCE))
            elif count.persons != persons:
                count.persons = persons
                changed.append(count)
        PopulationCount.objects.bulk_create(new, batch_size=1000)
        PopulationCount.objects.bulk_update(changed, ["persons"], batch_size=1000)
    return len(new)
