"""The alert rules: which alerts are due on a day, computed from the residence and contract registers.

Each rule reads the registers with a few set-based queries (the filters run in the database), finishes the
computation in Polars, and asks the law (`law.deadlines`, `law.parameters`) for every deadline: never a loop over the register
in Python. The law is asked once per distinct date (a scan meets at most a few thousand distinct dates).
Nothing here writes; `services.scan` stores what the rules find. See oversight/README.md for each rule,
its article, and the evidence it keeps.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, cast

import polars as pl
from django.db.models import Exists, F, OuterRef, Q, Subquery

from geo.models import TerritorialUnit, UnitKind
from labour.models import ContractEntry, EmploymentContract, EntryKind
from law import deadlines, inputs, parameters
from registry.models import Kind, MigrationEvent, Registration

from .models import RULE_ARTICLES, Rule

# The register of contract entries (ЕСУТД) is kept, and its deadlines apply, from 18 September 2020
# (law.inputs.CONTRACTS_START): a gap without a contract is judged only from that day on.
RECEIVING_ARTICLE = "model-law/art-4/p-3"
MIN_AGE_PARAMETER = "relocation.eligibility.min_applicant_age"
THRESHOLD_PARAMETER = "oversight.days_without_contract_alert"
# A contract counts as a migrant's hire when the employee moved into the contract's region at most this
# many days before it started, or during it (see README, rule 2); or was registered on it by the simplified
# procedure.
HIRE_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Candidate:
    """An alert a rule finds due on the day: its key, its territory, the law's date, and its evidence."""

    rule: str
    unit_id: int
    period_start: dt.date
    due_date: dt.date
    article: str
    evidence: dict[str, Any] = field(default_factory=dict)
    person_id: int | None = None
    employer_id: int | None = None

    @property
    def key(self) -> tuple:
        return (self.rule, self.person_id, self.employer_id,
                self.unit_id if self.employer_id is not None else None, self.period_start)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- the law, by date -------------------------------------------------------------------------------------

def law_region_name(code: str) -> str:
    """'KZ-59' -> 'KZ_59', the name of the region's node in the law's regions lists."""
    return code.replace("-", "_")


@functools.lru_cache(maxsize=64)
def receiving_periods(code: str) -> tuple[tuple[dt.date, bool], ...]:
    """(from, receiving?) of the region with this ISO code in the law's list of receiving regions, oldest first;
    empty for a code the list does not name."""
    try:
        history = parameters.parameter_history(f"regions.receiving.{law_region_name(code)}")
    except KeyError:
        return ()
    return tuple((start, bool(value)) for start, value, _ref in history if start is not None)


def receiving_frame(codes: list[str]) -> pl.DataFrame:
    """One row per (region code, from): whether the region is receiving from that day (for a join_asof)."""
    rows = [(code, start, value) for code in sorted(set(codes)) for start, value in receiving_periods(code)]
    return pl.DataFrame(rows, schema={"region_code": pl.Utf8, "receiving_from": pl.Date, "receiving": pl.Boolean},
                        orient="row").sort("receiving_from")


CHUNK = 5000  # ids per IN (...) list: under SQLite's limit on query parameters


def _rows_for_ids(make_query, ids: list[int]) -> list[tuple]:
    """Rows of `make_query(chunk)` for `ids` in chunks of CHUNK (one query per chunk)."""
    rows: list[tuple] = []
    for start in range(0, len(ids), CHUNK):
        rows.extend(make_query(ids[start:start + CHUNK]))
    return rows


def _first_level_of() -> dict[int, tuple[int, str]]:
    """unit id -> (id, code) of its region or city of republican significance, for every unit (one query)."""
    units = {u[0]: u for u in TerritorialUnit.objects.values_list("id", "parent_id", "kind", "code")}
    out: dict[int, tuple[int, str]] = {}
    for uid in units:
        cur = units[uid]
        while cur[2] not in (UnitKind.REGION, UnitKind.CITY) and cur[1] in units:
            cur = units[cur[1]]
        out[uid] = (cur[0], cur[3])
    return out


# --- rule 1: a migrant in a receiving region without a contract (model law art. 15(1)) --------------------

@functools.lru_cache(maxsize=8192)
def alert_deadline(start: dt.date):
    """`law.deadlines.employment_alert_date` for one start date, kept for the life of the process (a worker's
    daily scans meet the same dates again; the law's answer for a past date does not change)."""
    return deadlines.employment_alert_date(arrival=start)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def no_contract_candidates(on: dt.date) -> list[Candidate]:
    """Registered internal migrants in a receiving region with no contract in force on `on` for longer than
    the law allows (model law art. 15(1), `law.deadlines.employment_alert_date`).

    A migrant: a person with a registration in force on `on` that moved them from another region — a
    permanent registration that yielded an internal migration event between two regions (the effective event,
    after corrections), or a temporary one whose declared previous region (or, failing that, the person's
    region of permanent residence) is another region. The region must be receiving on the day of arrival by
    the law's list, and the person of the law's age (18) on `on`. The days without a contract run from the
    arrival, or from the day after the last contract (ended before `on`) if that is later; the alert is due
    on any day after `employment_alert_date(arrival=that start)`. One alert per (person, start).
    """
    min_age = int(parameters.parameter_value(MIN_AGE_PARAMETER, on).value)
    born_by = _add_years(on, min_age)
    # The earliest start that can matter: the register of contracts exists from CONTRACTS_START.
    earliest = inputs.CONTRACTS_START
    moved_by_event = MigrationEvent.objects.effective().filter(
        registration=OuterRef("pk"), kind="internal").exclude(origin_region=F("destination_region"))
    active_contract = EmploymentContract.objects.active_on(on).filter(employee=OuterRef("person_id"))
    regs = (
        Registration.objects.active(on)
        .filter(arrival_date__lte=on, person__birth_date__lte=born_by)
        .annotate(moved=Exists(moved_by_event), employed=Exists(active_contract),
                  event_id=Subquery(moved_by_event.order_by("-event_date", "-id").values("id")[:1]),
                  event_date=Subquery(moved_by_event.order_by("-event_date", "-id").values("event_date")[:1]),
                  origin=Subquery(moved_by_event.order_by("-event_date", "-id").values("origin_region__code")[:1]))
        .filter(employed=False)
        .filter(Q(kind=Kind.PERMANENT, moved=True)
                | Q(kind=Kind.TEMPORARY, previous_region__isnull=False) & ~Q(previous_region=F("region"))
                | Q(kind=Kind.TEMPORARY, previous_region__isnull=True, person__home_unit__isnull=False)
                & ~Q(person__home_unit=F("region")))
        .values_list("id", "person_id", "kind", "procedure", "region_id", "region__code", "district_id",
                     "arrival_date", "registered_on", "previous_region__code", "person__home_unit__code", "event_id",
                     "event_date", "origin")
    )
    schema = {"registration_id": pl.Int64, "person_id": pl.Int64, "kind": pl.Utf8, "procedure": pl.Utf8,
              "region_id": pl.Int64, "region_code": pl.Utf8, "district_id": pl.Int64, "arrival_date": pl.Date,
              "registered_on": pl.Date, "previous_region": pl.Utf8, "home_region": pl.Utf8,
              "event_id": pl.Int64, "event_date": pl.Date, "origin": pl.Utf8}
    frame = pl.DataFrame(list(regs), schema=schema, orient="row")
    if frame.is_empty():
        return []
    # Receiving on the day of arrival, by the law's list in force that day
    frame = frame.sort("arrival_date").join_asof(
        receiving_frame(frame["region_code"].unique().to_list()), left_on="arrival_date",
        right_on="receiving_from", by="region_code", strategy="backward",
        check_sortedness=False,  # both sides are sorted by date above; polars cannot check it within groups
    ).filter(pl.col("receiving").fill_null(False))
    if frame.is_empty():
        return []
    # One arrival per person: the latest (a person may hold a permanent and a temporary registration)
    frame = frame.sort(["person_id", "arrival_date", "registration_id"]).unique("person_id", keep="last")

    # The last contract that ended before `on` (none is in force on `on`: filtered above)
    contracts = _rows_for_ids(lambda chunk: EmploymentContract.objects.filter(
        employee_id__in=chunk, start_date__lte=on).values_list(
        "id", "employee_id", "employer__name", "start_date", "end_date", "terminated_on"), frame["person_id"].to_list())
    cframe = pl.DataFrame(contracts, orient="row", schema={
        "contract_id": pl.Int64, "person_id": pl.Int64, "employer_name": pl.Utf8, "start_date": pl.Date,
        "end_date": pl.Date, "terminated_on": pl.Date})
    # The first day a contract is no longer in force: the day after its end date, or the day of termination
    cframe = cframe.with_columns(
        pl.min_horizontal(pl.col("end_date") + pl.duration(days=1), pl.col("terminated_on")).alias("ended_from")
    ).filter(pl.col("ended_from") <= on).sort(["person_id", "ended_from", "contract_id"]).unique(
        "person_id", keep="last")
    frame = frame.join(cframe.drop("start_date").rename({"end_date": "contract_end_date"}), on="person_id",
                       how="left")
    frame = frame.with_columns(
        pl.max_horizontal("arrival_date", pl.col("ended_from")).alias("gap_start")
    ).filter(pl.col("gap_start") >= earliest)
    if frame.is_empty():
        return []
    starts = frame["gap_start"].unique().to_list()
    deadlines = {start: alert_deadline(start) for start in starts}
    frame = frame.join(pl.DataFrame({"gap_start": starts, "due_date": [deadlines[s].due_date for s in starts]},
                                    schema={"gap_start": pl.Date, "due_date": pl.Date}), on="gap_start")
    frame = frame.filter(pl.col("due_date") < on).sort("person_id")
    threshold = {s: int(deadlines[s].parameters[0].value) for s in starts}
    article = RULE_ARTICLES[Rule.NO_CONTRACT]
    out = []
    for row in frame.iter_rows(named=True):
        start = row["gap_start"]
        evidence = {
            "on": on.isoformat(),
            "registration": {"id": row["registration_id"], "kind": row["kind"], "procedure": row["procedure"],
                             "region": row["region_code"], "arrival_date": _iso(row["arrival_date"]),
                             "registered_on": _iso(row["registered_on"])},
            "came_from": (row["previous_region"] or row["home_region"]) if row["kind"] == Kind.TEMPORARY
            else row["origin"],
            "event": None if row["event_id"] is None else {"id": row["event_id"], "date": _iso(row["event_date"])},
            "receiving": {"region": row["region_code"], "on": _iso(row["arrival_date"]),
                          "parameter": f"regions.receiving.{law_region_name(row['region_code'])}",
                          "article": RECEIVING_ARTICLE},
            "last_contract": None if row["contract_id"] is None else {
                "id": row["contract_id"], "employer": row["employer_name"],
                "end_date": _iso(row["contract_end_date"]), "ended_from": _iso(row["ended_from"])},
            "without_contract_from": start.isoformat(),
            "days_without_contract": (on - start).days,
            "threshold_days": threshold[start],
            "parameter": THRESHOLD_PARAMETER,
            "due_date": row["due_date"].isoformat(),
            "article": article,
        }
        out.append(Candidate(rule=Rule.NO_CONTRACT, unit_id=row["district_id"] or row["region_id"],
                             period_start=start, due_date=row["due_date"], article=article, evidence=evidence,
                             person_id=row["person_id"]))
    return out


# --- rule 2: an employer's late or missing contract entries for migrant hires (model law art. 14(1)) ------

def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def migrant_hires(on: dt.date) -> pl.DataFrame:
    """Contracts started by `on` that are migrants' hires: the employee was registered on the contract by the
    simplified procedure, or moved (an effective internal event between two regions) into the contract's
    region at most HIRE_LOOKBACK_DAYS before it started, or while it ran. Columns: contract_id, employer_id,
    person_id, region_id, region_code, start_date, end_date, terminated_on, how ("simplified" or "moved")."""
    regions = _first_level_of()
    rows = list(EmploymentContract.objects.filter(start_date__lte=on).annotate(
        simplified=Exists(Registration.objects.filter(contract=OuterRef("pk"), procedure="simplified")),
    ).values_list("id", "employer_id", "employee_id", "workplace_unit_id", "start_date", "end_date",
                  "terminated_on", "simplified"))
    frame = pl.DataFrame(rows, orient="row", schema={
        "contract_id": pl.Int64, "employer_id": pl.Int64, "person_id": pl.Int64, "workplace_unit_id": pl.Int64,
        "start_date": pl.Date, "end_date": pl.Date, "terminated_on": pl.Date, "simplified": pl.Boolean})
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, pl.Int64).alias("region_id"), pl.lit(None, pl.Utf8).alias("region_code"),
                                  pl.lit(None, pl.Utf8).alias("how"))
    units = pl.DataFrame([(u, r[0], r[1]) for u, r in regions.items()], orient="row",
                         schema={"workplace_unit_id": pl.Int64, "region_id": pl.Int64, "region_code": pl.Utf8})
    frame = frame.join(units, on="workplace_unit_id", how="left")
    moves = pl.DataFrame(list(
        MigrationEvent.objects.effective().filter(kind="internal", person__contracts__isnull=False)
        .exclude(origin_region=F("destination_region")).distinct()
        .values_list("person_id", "destination_region_id", "event_date")), orient="row",
        schema={"person_id": pl.Int64, "region_id": pl.Int64, "event_date": pl.Date})
    ends = pl.min_horizontal(pl.col("end_date"), pl.col("terminated_on"), pl.lit(on))
    moved = (frame.join(moves, on=["person_id", "region_id"], how="inner")
             .filter((pl.col("event_date") >= pl.col("start_date") - pl.duration(days=HIRE_LOOKBACK_DAYS))
                     & (pl.col("event_date") <= ends))
             .select("contract_id").unique().with_columns(pl.lit(True).alias("moved")))
    frame = frame.join(moved, on="contract_id", how="left").with_columns(pl.col("moved").fill_null(False))
    return (frame.filter(pl.col("simplified") | pl.col("moved"))
            .with_columns(pl.when(pl.col("simplified")).then(pl.lit("simplified")).otherwise(pl.lit("moved"))
                          .alias("how"))
            .drop("simplified", "moved", "workplace_unit_id"))


def entry_candidates(on: dt.date) -> list[Candidate]:
    """Employers whose migrant hires have late or missing entries in the contract register (model law
    art. 14(1)), one alert per (employer, region of work, month in which the entries were due).

    Late: an entry (new, change or termination) made after the law's deadline (`days_late` > 0, as labour
    computed it with `law.deadlines.contract_entry_lateness`). Missing: a fixed-term contract whose end date
    has passed with no termination entry once the termination's deadline is over
    (`law.deadlines.contract_entry_deadline(kind="termination", event_date=end date)`), or a contract with no
    'new' entry once the new contract's deadline is over.
    """
    hires = migrant_hires(on)
    if hires.is_empty():
        return []
    ids = hires["contract_id"].to_list()
    entries = pl.DataFrame(_rows_for_ids(lambda chunk: ContractEntry.objects.filter(contract_id__in=chunk).values_list(
        "id", "contract_id", "kind", "event_date", "registered_on", "due_date", "days_late", "article"), ids),
        orient="row", schema={"entry_id": pl.Int64, "contract_id": pl.Int64, "entry_kind": pl.Utf8,
                              "event_date": pl.Date, "registered_on": pl.Date, "due_date": pl.Date,
                              "days_late": pl.Int64, "entry_article": pl.Utf8})
    late = (entries.filter((pl.col("days_late") > 0) & (pl.col("registered_on") <= on))
            .join(hires, on="contract_id").with_columns(pl.lit("late").alias("finding")))
    has_kind = entries.filter(pl.col("registered_on") <= on).group_by("contract_id").agg(
        (pl.col("entry_kind") == EntryKind.TERMINATION).any().alias("has_termination"),
        (pl.col("entry_kind") == EntryKind.NEW).any().alias("has_new"))
    flags = hires.join(has_kind, on="contract_id", how="left").with_columns(
        pl.col("has_termination").fill_null(False), pl.col("has_new").fill_null(False))
    no_termination = flags.filter(pl.col("end_date").is_not_null() & (pl.col("end_date") < on)
                                  & pl.col("terminated_on").is_null() & ~pl.col("has_termination")).with_columns(
        pl.lit(EntryKind.TERMINATION.value).alias("entry_kind"), pl.col("end_date").alias("event_date"))
    no_new = flags.filter(~pl.col("has_new")).with_columns(
        pl.lit(EntryKind.NEW.value).alias("entry_kind"), pl.col("start_date").alias("event_date"))
    missing = pl.concat([no_termination, no_new])
    if not missing.is_empty():
        pairs = missing.select("entry_kind", "event_date").unique().rows()
        due = {(k, d): deadlines.contract_entry_deadline(kind=k, event_date=d) for k, d in pairs}
        missing = missing.join(pl.DataFrame(
            [(k, d, due[(k, d)].due_date, due[(k, d)].article) for k, d in pairs], orient="row",
            schema={"entry_kind": pl.Utf8, "event_date": pl.Date, "due_date": pl.Date, "entry_article": pl.Utf8}),
            on=["entry_kind", "event_date"]).filter(pl.col("due_date") < on).with_columns(
            pl.lit("missing").alias("finding"), pl.lit(None, pl.Int64).alias("entry_id"),
            pl.lit(None, pl.Date).alias("registered_on"),
            (pl.lit(on) - pl.col("due_date")).dt.total_days().cast(pl.Int64).alias("days_late"))
    columns = ["finding", "employer_id", "region_id", "region_code", "contract_id", "person_id", "how", "entry_id",
               "entry_kind", "event_date", "due_date", "registered_on", "days_late", "entry_article"]
    findings = pl.concat([late.select(columns), missing.select(columns)] if not missing.is_empty()
                         else [late.select(columns)])
    if findings.is_empty():
        return []
    findings = findings.with_columns(pl.col("due_date").dt.truncate("1mo").alias("period_start"))
    article = RULE_ARTICLES[Rule.CONTRACT_ENTRIES]
    out = []
    for (employer_id, region_id, period), group in findings.sort(
            ["employer_id", "region_id", "period_start", "due_date", "contract_id"]).group_by(
            ["employer_id", "region_id", "period_start"], maintain_order=True):
        items = [{
            "finding": r["finding"], "contract": r["contract_id"], "person": r["person_id"], "hire": r["how"],
            "entry": r["entry_id"], "kind": r["entry_kind"], "event_date": _iso(r["event_date"]),
            "due_date": _iso(r["due_date"]), "registered_on": _iso(r["registered_on"]),
            "days_late": int(r["days_late"]), "article": r["entry_article"] or article,
        } for r in group.iter_rows(named=True)]
        evidence = {
            "on": on.isoformat(), "region": group["region_code"][0], "month": period.isoformat()[:7],
            "late": sum(1 for i in items if i["finding"] == "late"),
            "missing": sum(1 for i in items if i["finding"] == "missing"),
            "findings": items, "article": article,
        }
        out.append(Candidate(rule=Rule.CONTRACT_ENTRIES, unit_id=region_id, period_start=period,
                             due_date=cast(dt.date, group["due_date"].min()), article=article, evidence=evidence,
                             employer_id=employer_id))
    return out


RULES = {
    Rule.NO_CONTRACT: no_contract_candidates,
    Rule.CONTRACT_ENTRIES: entry_candidates,
}
