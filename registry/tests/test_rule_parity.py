"""The single registration and the bulk import decide by the same rules: random requests sent through both paths
(services.check on one request; importer.import_file on a file of that one row) get the same outcome and the
same reasons, word for word."""

import csv
import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import importer, services
from registry.importer.checks import IN_FILE
from registry.services import Address, Request

from .conftest import adult, district, region
from .test_procedures import a_contract, an_employer

pytestmark = pytest.mark.django_db

HEADER = ["iin", "kind", "procedure", "region", "district", "settlement", "street", "building", "flat", "premises",
          "arrival_date", "registered_on", "valid_until", "reason", "owner_iin", "owner_consent_at",
          "decision_number", "decision_date"]
CONSENT = dt.datetime(2025, 1, 1, 10, 0, tzinfo=dt.UTC)


class Rollback(Exception):
    pass


@pytest.fixture
def world():
    for code in ("KZ-59", "KZ-55", "KZ-61"):
        region(code)
    grown, child = adult("KZ-61"), adult("KZ-61", birth_date=dt.date(2013, 6, 1))
    worker = adult("KZ-61", birth_date=dt.date(1985, 2, 2))
    a_contract(worker, an_employer("KZ-59"), start=dt.date(2024, 11, 1))
    return {"persons": [grown, child, worker], "districts": {"KZ-59": district("KZ-59"), "KZ-55": district("KZ-55")}}


requests = st.fixed_dictionaries({
    "person": st.integers(0, 2),
    "kind": st.sampled_from(["permanent", "temporary", "weekly"]),
    "procedure": st.sampled_from(["standard", "simplified", "preferential"]),
    "region": st.sampled_from(["KZ-59", "KZ-55"]),
    "district": st.sampled_from([None, "KZ-59", "KZ-55"]),
    "street": st.sampled_from(["Abai", ""]),
    "premises": st.sampled_from(["flat", "dormitory", "castle"]),
    "registered_on": st.one_of(st.dates(dt.date(2024, 12, 1), dt.date(2025, 5, 31)), st.just(dt.date(2016, 12, 30))),
    "arrival_days_before": st.integers(-3, 40),
    "stay_days": st.one_of(st.none(), st.integers(0, 420)),
    "owner_iin": st.sampled_from(["900517300019", "900517300018", ""]),
    "consent": st.booleans(),
    "decision_number": st.sampled_from(["", "17"]),
    "decision_days_before": st.one_of(st.none(), st.integers(-2, 10)),
    "reason": st.sampled_from(["work", "", "bored"]),
})


def single_path(r: dict, world) -> set[tuple[str, str]]:
    person = world["persons"][r["person"]]
    arrival = r["registered_on"] - dt.timedelta(days=r["arrival_days_before"])
    req = Request(
        person=person, kind=r["kind"], procedure=r["procedure"],
        address=Address(region=region(r["region"]), settlement="Petropavl", street=r["street"], building="1",
                        premises=r["premises"], flat="2",
                        district=world["districts"][r["district"]] if r["district"] else None),
        arrival_date=arrival, registered_on=r["registered_on"],
        valid_until=arrival + dt.timedelta(days=r["stay_days"]) if r["stay_days"] is not None else None,
        reason=r["reason"], owner_iin=r["owner_iin"], owner_consent_at=CONSENT if r["consent"] else None,
        decision_number=r["decision_number"],
        decision_date=(r["registered_on"] - dt.timedelta(days=r["decision_days_before"])
                       if r["decision_days_before"] is not None else None))
    return {(IN_FILE.get(f.field, f.field), str(f.message) + (f" ({f.article})" if f.article else ""))
            for f in services.check(req)}


def import_path(r: dict, world, tmp_path) -> tuple[int, set[tuple[str, str]]]:
    person = world["persons"][r["person"]]
    arrival = r["registered_on"] - dt.timedelta(days=r["arrival_days_before"])
    values = dict(
        iin=person.iin, kind=r["kind"], procedure=r["procedure"], region=r["region"],
        district=world["districts"][r["district"]].code if r["district"] else "", settlement="Petropavl",
        street=r["street"], building="1", flat="2", premises=r["premises"], arrival_date=arrival.isoformat(),
        registered_on=r["registered_on"].isoformat(),
        valid_until=(arrival + dt.timedelta(days=r["stay_days"])).isoformat() if r["stay_days"] is not None else "",
        reason=r["reason"], owner_iin=r["owner_iin"],
        owner_consent_at=CONSENT.astimezone(dt.timezone(dt.timedelta(hours=5))).strftime("%Y-%m-%d %H:%M")
        if r["consent"] else "",
        decision_number=r["decision_number"],
        decision_date=(r["registered_on"] - dt.timedelta(days=r["decision_days_before"])).isoformat()
        if r["decision_days_before"] is not None else "")
    path = tmp_path / "one.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerow([values[h] for h in HEADER])
    batch = importer.import_file(path).batch
    return batch.stored_rows, {(x.field, importer.reason_text(x.code, x.params, x.reason)) for x in batch.rejections.all()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(r=requests)
def test_the_single_form_and_the_import_refuse_the_same_requests_for_the_same_reasons(r, world, tmp_path):
    try:
        with transaction.atomic():
            refused = single_path(r, world)
            stored, rejected = import_path(r, world, tmp_path)
            raise Rollback
    except Rollback:
        pass
    assert rejected == refused
    assert stored == (0 if refused else 1)
