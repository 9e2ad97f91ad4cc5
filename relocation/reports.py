"""The programme's results by receiving region and period, in the shape of the published figures
(relocation/data/kz_resettlement_by_region.csv), with those figures beside Koshi's where the periods match."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from geo.models import TerritorialUnit

from .models import Application, PaymentOrder

DATA = Path(__file__).resolve().parent / "data"

# English names used by the published tables -> ISO 3166-2:KZ codes
REGION_CODES = {
    "Abai": "KZ-10", "Akmola": "KZ-11", "Aktobe": "KZ-15", "Almaty Region": "KZ-19", "Atyrau": "KZ-23",
    "West Kazakhstan": "KZ-27", "Jambyl": "KZ-31", "Jetisu": "KZ-33", "Karaganda": "KZ-35", "Kostanay": "KZ-39",
    "Kyzylorda": "KZ-43", "Mangystau": "KZ-47", "Pavlodar": "KZ-55", "North Kazakhstan": "KZ-59",
    "Turkistan": "KZ-61", "Ulytau": "KZ-62", "East Kazakhstan": "KZ-63", "Astana": "KZ-71", "Almaty": "KZ-75",
    "Shymkent": "KZ-79", "Kazakhstan (total)": "KZ",
}


def parse_period(start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The report's period: whole ISO dates, start <= end, at most 20 years; default: this calendar year."""
    today = timezone.localdate()
    try:
        s = dt.date.fromisoformat(start) if start else dt.date(today.year, 1, 1)
        e = dt.date.fromisoformat(end) if end else dt.date(s.year, 12, 31)
    except ValueError:
        raise ValueError(_("Dates as YYYY-MM-DD.")) from None
    if e < s or (e - s).days > 366 * 20:
        raise ValueError(_("The period must end after it starts and last at most 20 years."))
    return s, e


@functools.lru_cache(maxsize=1)
def published() -> list[dict[str, Any]]:
    with (DATA / "kz_resettlement_by_region.csv").open(encoding="utf-8") as f:
        rows = []
        for r in csv.DictReader(f):
            code = REGION_CODES.get(r["receiving_region"])
            if code is None or not r["persons"].isdecimal():
                continue
            rows.append({"start": dt.date.fromisoformat(r["period_start"]), "end": dt.date.fromisoformat(r["period_end"]),
                         "region": code, "persons": int(r["persons"]), "category": r["category"],
                         "source_url": r["source_url"]})
        return rows


def programme_report(user: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """By receiving region, for families who arrived in the period: families and persons per category (internal
    resettlers, kandas), the amounts of their payment orders due, approved and paid, and the published persons
    (both categories together, as published) where a published period matches exactly."""
    arrived = Application.objects.visible_to(user, "view").filter(arrived_on__gte=start, arrived_on__lte=end)
    counts = arrived.values("receiving_region", "category").annotate(families=Count("id"), persons=Sum("places"))
    money = (PaymentOrder.objects.filter(application__in=arrived).exclude(measure=PaymentOrder.Measure.REFUND)
             .values("application__receiving_region")
             .annotate(due=Sum("amount_kzt", filter=Q(status="due")),
                       approved=Sum("amount_kzt", filter=Q(status="approved")),
                       paid=Sum("amount_kzt", filter=Q(status="paid"))))
    amounts: dict[int, Mapping[str, Any]] = {m["application__receiving_region"]: m for m in money}
    units = {u.pk: u for u in TerritorialUnit.objects.filter(pk__in={c["receiving_region"] for c in counts})}
    pub = {r["region"]: r for r in published() if r["start"] == start and r["end"] == end}
    by_region: dict[int, dict[str, Any]] = {}
    for c in counts:
        unit = units[c["receiving_region"]]
        row = by_region.setdefault(unit.pk, {
            "region": unit.code, "region_name": unit.name, "families_resettlers": 0, "persons_resettlers": 0,
            "families_kandas": 0, "persons_kandas": 0, "families": 0, "persons": 0,
            "due_kzt": int(amounts.get(unit.pk, {}).get("due") or 0),
            "approved_kzt": int(amounts.get(unit.pk, {}).get("approved") or 0),
            "paid_kzt": int(amounts.get(unit.pk, {}).get("paid") or 0),
            "published_persons": pub[unit.code]["persons"] if unit.code in pub else None})
        row[f"families_{c['category']}"] += c["families"]
        row[f"persons_{c['category']}"] += c["persons"] or 0
        row["families"] += c["families"]
        row["persons"] += c["persons"] or 0
    return sorted(by_region.values(), key=lambda r: r["region"])


def published_periods() -> list[tuple[dt.date, dt.date]]:
    return sorted({(r["start"], r["end"]) for r in published()}, reverse=True)


def csv_response(rows: list[dict[str, Any]], start: dt.date, end: dt.date) -> HttpResponse:
    out = io.StringIO()
    fields = ["period_start", "period_end", "region", "region_name", "families_resettlers", "persons_resettlers",
              "families_kandas", "persons_kandas", "families", "persons", "due_kzt", "approved_kzt", "paid_kzt",
              "published_persons"]
    w = csv.DictWriter(out, fieldnames=fields)
    w.writeheader()
    for r in rows:
        w.writerow({"period_start": start.isoformat(), "period_end": end.isoformat(), **r})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="relocation-{start.isoformat()}-{end.isoformat()}.csv"'
    return response
