"""Demo data of the registry: registrations and the migration events they yield, shaped by the real
interregional flows (BNS origin-destination table, registry/data/). Reproducible from the seed.

Everything goes through Koshi's own importer (registry.importer), as a registry office's bulk load would:
first the movers' earlier registrations in their home region, then their moves, in proportion to the 2023
flows between each pair of regions; a few arrivals from abroad, temporary stays, late registrations (with
the law's fines), simplified registrations of contract workers; and a few corrections.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections import defaultdict
from pathlib import Path

from geo.models import TerritorialUnit
from geo.selectors import find_unit
from labour.models import EmploymentContract
from people.iin import make_iin
from people.models import Person

from . import importer, services
from .models import MigrationEvent

DATA = Path(__file__).resolve().parent / "data" / "kz_interregional_od_2010_2023.csv"
YEAR = 2023
HEADER = ["iin", "kind", "procedure", "region", "settlement", "street", "building", "flat", "premises",
          "arrival_date", "registered_on", "valid_until", "reason", "from_abroad", "owner_iin", "owner_consent_at",
          "employer_bin", "registering_body", "decision_number", "decision_date"]
STREETS = ["Abai", "Baitursynov", "Kenesary", "Auezov", "Tauelsizdik", "Respublika", "Mira", "Lenin", "Satpayev",
           "Dostyk", "Zhambyl", "Kazybek bi", "Gagarin", "Pushkin"]
OWNER_IIN = make_iin(dt.date(1961, 3, 12), "female", 4242)


def flows(units: dict[str, TerritorialUnit]) -> list[tuple[TerritorialUnit, TerritorialUnit, int]]:
    """(origin, destination, persons) of the latest year of the real table, in today's units."""
    names: dict[str, TerritorialUnit | None] = {}
    out = []
    with open(DATA, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if int(row["year"]) != YEAR or row["quality_flag"] != "ok":
                continue
            for name in (row["origin"], row["destination"]):
                if name not in names:
                    unit = find_unit(name)
                    names[name] = units.get(unit.code) if unit is not None else None
            origin, destination = names[row["origin"]], names[row["destination"]]
            if origin is not None and destination is not None and origin != destination:
                out.append((origin, destination, int(row["persons"])))
    return out


def seed(*, rng: random.Random, scale: float, log) -> None:
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    table = flows(units)
    if not table:
        log("registry: no flows could be matched to units, nothing seeded")
        return
    total = sum(p for _o, _d, p in table)
    n_moves = max(1500, min(20_000, round(total * scale * 6)))
    pairs = rng.choices(table, weights=[p for _o, _d, p in table], k=n_moves)

    adults: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for iin, unit_id, birth in (Person.objects.filter(home_unit__isnull=False, birth_date__lte=dt.date(2007, 1, 1))
                                .order_by("pk").values_list("iin", "home_unit_id", "birth_date")):
        adults[unit_id].append((iin, birth))
    for pool in adults.values():
        rng.shuffle(pool)

    contracts = list(EmploymentContract.objects.select_related("employee", "employer", "workplace_unit")
                     .order_by("pk"))
    contract_iins = {c.employee.iin for c in contracts}
    baseline: list[list[str]] = []
    moves: list[list[str]] = []
    used: set[str] = set()

    def address(unit: TerritorialUnit) -> dict[str, str]:
        return {"region": unit.code, "settlement": unit.centre_en or unit.name_en,
                "street": f"{rng.choice(STREETS)} street", "building": str(rng.randint(1, 180)),
                "flat": str(rng.randint(1, 120)) if rng.random() < 0.7 else ""}

    def row(**values: str) -> list[str]:
        return [values.get(h, "") for h in HEADER]

    for origin, destination, _persons in pairs:
        pool = adults.get(origin.pk) or []
        while pool and pool[-1][0] in used | contract_iins:
            pool.pop()
        if not pool:
            continue
        iin, birth = pool.pop()
        used.add(iin)
        first = max(dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)),
                    birth + dt.timedelta(days=16 * 366))
        baseline.append(row(iin=iin, kind="permanent", procedure="standard", premises="house",
                            arrival_date=first.isoformat(), registered_on=first.isoformat(),
                            owner_iin=OWNER_IIN, owner_consent_at=f"{first.isoformat()} 10:00", **address(origin)))
        arrival = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365 * 2 + 300))
        gap = rng.randrange(0, 10) if rng.random() < 0.9 else rng.randrange(11, 120)
        registered = arrival + dt.timedelta(days=gap)
        reason = rng.choices(["work", "study", "family", "other", "relocation"], weights=[38, 18, 27, 12, 5])[0]
        premises = rng.choices(["flat", "house", "dormitory", "hotel"], weights=[55, 30, 12, 3])[0]
        moves.append(row(iin=iin, kind="permanent", procedure="standard", premises=premises,
                         arrival_date=arrival.isoformat(), registered_on=registered.isoformat(), reason=reason,
                         owner_iin=OWNER_IIN, owner_consent_at=f"{registered.isoformat()} 09:30",
                         **address(destination)))
        if rng.random() < 0.05:  # a stay somewhere else before settling
            stay_from = arrival - dt.timedelta(days=rng.randrange(60, 200))
            moves.append(row(iin=iin, kind="temporary", procedure="standard", premises="hotel",
                             arrival_date=stay_from.isoformat(), registered_on=stay_from.isoformat(),
                             valid_until=(stay_from + dt.timedelta(days=rng.randrange(40, 90))).isoformat(),
                             reason=reason, owner_iin=OWNER_IIN, owner_consent_at=f"{stay_from.isoformat()} 12:00",
                             **address(rng.choice(list(units.values())))))

    # Contract workers from the south, registered at the place of work by the simplified procedure
    for contract in contracts:
        if contract.employee.home_unit_id == contract.workplace_unit_id:
            continue
        day = min(contract.start_date + dt.timedelta(days=rng.randrange(1, 9)), dt.date(2025, 12, 31))
        if contract.end_date is not None and day > contract.end_date:
            continue
        moves.append(row(iin=contract.employee.iin, kind="permanent", procedure="simplified", premises="service",
                         arrival_date=contract.start_date.isoformat(), registered_on=day.isoformat(), reason="work",
                         employer_bin=contract.employer.bin, **address(contract.workplace_unit)))

    # Returning citizens (kandas and others) arriving from abroad, first registration in Kazakhstan
    stock = [iin for pool in adults.values() for iin, _b in pool[: max(1, len(pool) // 50)]]
    for iin in stock[: max(30, n_moves // 30)]:
        if iin in used or iin in contract_iins:
            continue
        used.add(iin)
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(900))
        moves.append(row(iin=iin, kind="permanent", procedure="standard", premises="flat",
                         arrival_date=day.isoformat(), registered_on=(day + dt.timedelta(days=3)).isoformat(),
                         from_abroad="true", reason="family", owner_iin=OWNER_IIN,
                         owner_consent_at=f"{day.isoformat()} 11:00",
                         **address(rng.choice([units.get("KZ-59"), units.get("KZ-55"), units.get("KZ-39")])
                                   or rng.choice(list(units.values())))))

    stored = []
    for name, rows in (("demo-registrations-before.csv", baseline), ("demo-registrations-moves.csv", moves)):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADER)
                writer.writerows(rows)
            stored.append(importer.import_file(path, name=name).batch)

    # A few corrections: the district or region of departure was recorded wrongly
    events = list(MigrationEvent.objects.filter(kind="internal").order_by("pk")[:400])
    corrected = 0
    for event in rng.sample(events, min(8, len(events))):
        others = [u for u in units.values() if u.pk not in (event.origin_region_id, event.destination_region_id)]
        services.correct_event(event, reason="Region of departure mistyped at the registry office",
                               origin_region=rng.choice(others))
        corrected += 1
    log(f"registry: {sum(b.stored_rows for b in stored)} registrations imported "
        f"({sum(b.rejected_rows for b in stored)} rejected), {MigrationEvent.objects.count()} migration events "
        f"({corrected} corrections)")
