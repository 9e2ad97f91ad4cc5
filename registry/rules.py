"""The registration rules, written once over a frame of requests (Polars): one row or a million.

`services.check` is this module applied to a frame of one row; the bulk import applies it to each chunk of a
file. Each rule names the field it concerns, the article of law behind it, and the reason given to people;
`evaluate` returns every rule each row breaks. The facts a rule needs from the registers (the person's birth
date, the unit's kind and dates, the contract in force, the active registration) are columns of the frame,
gathered set-based by `registry.facts`; the law's parameters of each day by `law_frame` (law.deadlines).

Columns of a requests frame (nulls where unknown):
    row, kind, procedure, reason, registered_on, arrival_date, valid_until, birth_date,
    region_id, region_kind, region_path, region_from, region_to,
    district_id, district_path, district_from, district_to,
    settlement, street, building, premises, owner_iin, owner_consent (bool),
    decision_number, decision_date, employer_bin (the acting employer's BIN, null for none),
    contract_id, contract_employer_bin, contract_region_path, contract_region_kk/_ru/_en (its names),
    active_registered_on (the person's active permanent registration's date), person_id
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import gettext_lazy as _lazy

from law.deadlines import registration_rules
from law.inputs import LawInputError
from lib.texts import word
from people.iin import InvalidIIN, parse_iin

# The model law and Rules No. 1427 (law/) give the parameters; the articles below are the law's own references,
# read per day from law.deadlines.registration_rules (see law_frame).
PERMANENT, TEMPORARY = "permanent", "temporary"
STANDARD, SIMPLIFIED, PREFERENTIAL = "standard", "simplified", "preferential"
KINDS = (PERMANENT, TEMPORARY)
PROCEDURES = (STANDARD, SIMPLIFIED, PREFERENTIAL)
FIRST_LEVEL_KINDS = ("region", "city")
# Dates a register can hold: not before anyone now living was born, not past the end of this century.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)

REQUEST_SCHEMA: dict[str, Any] = {
    "row": pl.Int64, "person_id": pl.Int64, "kind": pl.Utf8, "procedure": pl.Utf8, "reason": pl.Utf8,
    "registered_on": pl.Date, "arrival_date": pl.Date, "valid_until": pl.Date, "birth_date": pl.Date,
    "region_id": pl.Int64, "region_kind": pl.Utf8, "region_path": pl.Utf8, "region_from": pl.Date,
    "region_to": pl.Date, "district_id": pl.Int64, "district_path": pl.Utf8, "district_from": pl.Date,
    "district_to": pl.Date, "settlement": pl.Utf8, "street": pl.Utf8, "building": pl.Utf8, "premises": pl.Utf8,
    "owner_iin": pl.Utf8, "owner_consent": pl.Boolean, "decision_number": pl.Utf8, "decision_date": pl.Date,
    "employer_bin": pl.Utf8, "contract_id": pl.Int64, "contract_employer_bin": pl.Utf8,
    "contract_region_path": pl.Utf8, "contract_region_kk": pl.Utf8,
    "contract_region_ru": pl.Utf8, "contract_region_en": pl.Utf8, "active_registered_on": pl.Date,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when that month is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _article(rules: Any, name: str = "") -> str:
    """The article behind one of the law's registration parameters (or the rules' first article)."""
    for param in getattr(rules, "parameters", ()) or ():
        if name and param.path.endswith(name) and param.articles:
            return str(param.articles[0])
    articles = getattr(rules, "articles", None)
    if isinstance(articles, list | tuple) and articles:
        return str(articles[0])
    return str(articles or "")


LAW_SCHEMA: dict[str, Any] = {
    "registered_on": pl.Date, "min_age": pl.Int64, "deadline": pl.Int64, "min_stay": pl.Int64,
    "displaced_months": pl.Int64, "displaced_until": pl.Date, "art_rules": pl.Utf8, "art_min_age": pl.Utf8,
    "art_min_stay": pl.Utf8, "art_displaced": pl.Utf8,
}


def law_frame(days: Any) -> pl.DataFrame:
    """The law's registration parameters and their articles for each distinct day of registration (one call to
    law.deadlines per day, cached there); a day the law does not cover has no row."""
    rows = []
    for day in sorted({d for d in days if d is not None}):
        try:
            r = registration_rules(day)
        except LawInputError:
            continue
        rows.append((day, r.min_age_years, r.deadline_days, r.temporary_min_stay_days, r.displaced_person_max_months,
                     add_months(day, r.displaced_person_max_months), _article(r), _article(r, "min_age_years"),
                     _article(r, "temporary_min_stay_days"), _article(r, "displaced_person_max_months")))
    return pl.DataFrame(rows, schema=LAW_SCHEMA, orient="row")


def age_on(day: pl.Expr, birth: pl.Expr) -> pl.Expr:
    """Whole years from `birth` to `day` (the birthday counts from its day)."""
    before = (day.dt.month() * 100 + day.dt.day()) < (birth.dt.month() * 100 + birth.dt.day())
    return (day.dt.year() - birth.dt.year() - before.cast(pl.Int32)).cast(pl.Int64)


def iin_is_valid(value: str | None) -> bool:
    try:
        parse_iin(value or "")
    except InvalidIIN:
        return False
    return True


def _blank(name: str) -> pl.Expr:
    return pl.col(name).fill_null("").str.strip_chars() == ""


def _not_in(name: str, values: Any) -> pl.Expr:
    return ~pl.col(name).fill_null("").is_in(list(values))


def _out_of_range(name: str) -> pl.Expr:
    return (pl.col(name) < EARLIEST) | (pl.col(name) > LATEST)


@dataclass(frozen=True)
class Rule:
    """One condition: `broken` is true on a row that fails it; `message` words the reason from the row."""

    code: str
    field: str
    broken: Callable[[dt.date], pl.Expr]
    text: str  # the key of its reason in TEXTS
    params: Callable[[dict], dict[str, Any]] = lambda row: {}  # the reason's parameters, read from the row
    article: str = ""  # the law frame's column holding the article, or ""

    def message(self, row: dict) -> str:
        """The reason in the active language."""
        return word(TEXTS[self.text], self.params(row))


def _blank_on(name: str) -> Callable[[dt.date], pl.Expr]:
    """The rule's condition for a required part of the address (the same on any day)."""
    return lambda today: _blank(name)


C = pl.col
perm, temp = C("kind") == PERMANENT, C("kind") == TEMPORARY
std, simp, pref = C("procedure") == STANDARD, C("procedure") == SIMPLIFIED, C("procedure") == PREFERENTIAL
stay = (C("valid_until") - C("arrival_date")).dt.total_days()

# The reason given for each broken rule, by key (a rejection stores the key and its parameters, and is worded when
# read, in the reader's language: registry.importer.reports.reason_text).
TEXTS: dict[str, Any] = {
    "kind": _lazy("Unknown kind of registration."),
    "procedure": _lazy("Unknown procedure."),
    "reason": _lazy("Unknown reason for moving."),
    "no_law": _lazy("Koshi holds no registration rules for that date."),
    "future": _lazy("The date of registration is in the future."),
    "arrival_after": _lazy("The date of arrival is after the date of registration."),
    "arrival_before_birth": _lazy("The date of arrival is before the person's birth."),
    "date_range": _lazy("The date is outside the years 1900 to 2099."),
    "too_young": _lazy("A person registers from the age of %(age)s; this person is %(actual)s on %(day)s."),
    "region": _lazy("The region must be a region or a city of republican significance."),
    "region_in_force": _lazy("The region is not in force on the date of registration."),
    "district": _lazy("The district does not lie in the region."),
    "district_in_force": _lazy("The district is not in force on the date of registration."),
    "address_part": _lazy("This part of the address is required."),
    "premises": _lazy("Unknown type of premises."),
    "needs_until": _lazy("A temporary registration needs the end of the stay."),
    "short_stay": _lazy("A temporary registration is for a stay of more than %(days)s days; this stay is %(stay)s "
                        "days."),
    "until_permanent": _lazy("A permanent registration has no end date."),
    "owner_iin": _lazy("The owner's IIN is not valid."),
    "consent": _lazy("The owner's consent is required."),
    "no_contract": _lazy("The simplified procedure needs an employment contract in force in the contract register."),
    "contract_employer": _lazy("The person's contract is with another employer."),
    "contract_place": _lazy("The simplified procedure registers a person at the place of work: the address must be "
                            "in %(region)s."),
    "decision_number": _lazy("The number of the local executive body's decision is required."),
    "decision_date": _lazy("The date of the local executive body's decision is required."),
    "decision_after": _lazy("The decision is dated after the registration."),
    "displaced": _lazy("A displaced person is registered temporarily, for at most %(months)s months."),
    "older": _lazy("Older than the person's active permanent registration."),
    "duplicate": _lazy("Duplicate of an earlier row of this file."),
    "same_day": _lazy("A second permanent registration of the same person on the same day."),
}

RULES: tuple[Rule, ...] = (
    # What is asked for (Rules No. 1427: permanent or temporary; the three procedures of the model law)
    Rule("kind", "kind", lambda today: _not_in("kind", KINDS), "kind"),
    Rule("procedure", "procedure", lambda today: _not_in("procedure", PROCEDURES), "procedure"),
    Rule("reason", "reason", lambda today: ~_blank("reason") & _not_in("reason", _reasons()), "reason"),
    # Dates: the law in force on the day of registration; the day not in the future, arrival not after it
    Rule("no_law", "registered_on", lambda today: C("min_age").is_null(), "no_law"),
    Rule("future", "registered_on", lambda today: C("registered_on") > pl.lit(today), "future"),
    Rule("arrival_after", "arrival_date", lambda today: C("arrival_date") > C("registered_on"), "arrival_after"),
    Rule("arrival_before_birth", "arrival_date", lambda today: C("arrival_date") < C("birth_date"),
         "arrival_before_birth"),
    Rule("date_range", "arrival_date", lambda today: _out_of_range("arrival_date"), "date_range"),
    Rule("date_range", "valid_until", lambda today: _out_of_range("valid_until"), "date_range"),
    Rule("date_range", "decision_date", lambda today: _out_of_range("decision_date"), "date_range"),
    # Age (Rules No. 1427: the minimum age for registering on one's own)
    Rule("too_young", "person", lambda today: age_on(C("registered_on"), C("birth_date")) < C("min_age"),
         "too_young", lambda row: {"age": row["min_age"], "actual": row["age"],
                                   "day": row["registered_on"].isoformat()}, "art_min_age"),
    # Address: a first-level unit in force, a district inside it, the parts of an address
    Rule("region", "region", lambda today: C("region_kind").is_null() | ~C("region_kind").is_in(FIRST_LEVEL_KINDS),
         "region"),
    Rule("region_in_force", "region", lambda today: C("region_kind").is_in(FIRST_LEVEL_KINDS) & (
        (C("region_from") > C("registered_on")) | (C("region_to") < C("registered_on"))), "region_in_force"),
    Rule("district", "district", lambda today: C("district_id").is_not_null() & C("region_id").is_not_null() & (
        (C("district_id") == C("region_id")) | ~C("district_path").str.starts_with(C("region_path"))), "district"),
    Rule("district_in_force", "district", lambda today: C("district_id").is_not_null() & (C("district_id") != C("region_id"))
         & C("district_path").str.starts_with(C("region_path"))
         & ((C("district_from") > C("registered_on")) | (C("district_to") < C("registered_on"))),
         "district_in_force"),
    *[Rule("missing", part, _blank_on(part), "address_part") for part in ("settlement", "street", "building")],
    Rule("premises", "premises", lambda today: _not_in("premises", _premises()), "premises"),
    # A temporary stay: its end, and longer than the law's minimum (Rules No. 1427)
    Rule("needs_until", "valid_until", lambda today: temp & C("valid_until").is_null(), "needs_until"),
    Rule("short_stay", "valid_until", lambda today: temp & (stay <= C("min_stay")),
         "short_stay", lambda row: {"days": row["min_stay"], "stay": row["stay"]}, "art_min_stay"),
    Rule("until_permanent", "valid_until", lambda today: perm & C("valid_until").is_not_null(), "until_permanent"),
    # Standard procedure: the owner's IIN and consent
    Rule("owner_iin", "owner_iin", lambda today: std & ~C("owner_iin_ok"), "owner_iin"),
    Rule("consent", "owner_consent_at", lambda today: std & ~C("owner_consent").fill_null(False), "consent",
         article="art_rules"),
    # Simplified procedure: a contract in force in labour's register, with this employer, at the place of work
    Rule("no_contract", "contract", lambda today: simp & C("contract_id").is_null(), "no_contract",
         article="art_rules"),
    Rule("contract_employer", "contract", lambda today: simp & C("contract_id").is_not_null()
         & C("employer_bin").is_not_null() & (C("employer_bin") != C("contract_employer_bin").fill_null("")),
         "contract_employer"),
    Rule("contract_place", "region", lambda today: simp & C("contract_id").is_not_null() & C("region_path").is_not_null()
         & ~C("contract_region_path").str.starts_with(C("region_path")),
         "contract_place", lambda row: {"region": {lang: row[f"contract_region_{lang}"] for lang in ("kk", "ru", "en")}}),
    # Preferential procedure: the decision of the local executive body; temporary, for a limited time
    Rule("decision", "decision_number", lambda today: pref & _blank("decision_number"), "decision_number"),
    Rule("decision", "decision_date", lambda today: pref & C("decision_date").is_null(), "decision_date"),
    Rule("decision_after", "decision_date", lambda today: pref & (C("decision_date") > C("registered_on")),
         "decision_after"),
    Rule("displaced", "kind", lambda today: pref & ~temp,
         "displaced", lambda row: {"months": row["displaced_months"]}, "art_displaced"),
    Rule("displaced", "valid_until", lambda today: pref & temp & (C("valid_until") > C("displaced_until")),
         "displaced", lambda row: {"months": row["displaced_months"]}, "art_displaced"),
    # The register's order: a permanent registration does not go back before the person's active one
    Rule("older", "registered_on", lambda today: perm & (C("registered_on") < C("active_registered_on")), "older"),
)

# The law behind each rule (what `article` reads per day from law.deadlines is the same reference, dated):
# the Law "On Population Migration" art. 51 p. 2 (the duty to register, by the internal affairs bodies' procedure),
# the Rules No. 1427 of 1 Dec 2011 as amended by Resolution No. 30 of 4 Feb 2020 (age 14; temporary stays over one
# month), and the model law Koshi implements (law/: art. 12 registration and its deadline, art. 13 the
# preferential procedure). A code without a law of its own is the register's integrity (a row is a real request).
CITES: dict[str, str] = {
    "kind": "model-law/art-12/p-1", "procedure": "model-law/art-12/p-1", "reason": "model-law/art-12/p-1",
    "no_law": "model-law/art-12/p-1", "future": "model-law/art-12/p-1", "arrival_after": "model-law/art-12/p-1",
    "arrival_before_birth": "model-law/art-12/p-1", "date_range": "model-law/art-12/p-1",
    "too_young": "migration-law/art-51/p-2; rules-1427 (Resolution No. 30 of 2020)",
    "region": "rules-1427/item-2", "region_in_force": "rules-1427/item-2", "district": "rules-1427/item-2",
    "district_in_force": "rules-1427/item-2", "missing": "rules-1427/item-2", "premises": "rules-1427 (eligible premises)",
    "needs_until": "model-law/art-12/p-2", "short_stay": "model-law/art-12/p-2", "until_permanent": "model-law/art-12/p-1",
    "owner_iin": "rules-1427 (the owner's consent)", "consent": "rules-1427 (the owner's consent)",
    "no_contract": "model-law/art-12/p-1 (simplified procedure)", "contract_employer": "model-law/art-12/p-1 (simplified procedure)",
    "contract_place": "model-law/art-12/p-1 (simplified procedure)", "decision": "model-law/art-13/p-2",
    "decision_after": "model-law/art-13/p-2", "displaced": "model-law/art-13/p-2",
    "older": "model-law/art-12/p-1", "duplicate": "model-law/art-12/p-1", "same_day": "model-law/art-12/p-1",
}

# Rules over the set of requests itself (a file): never broken by a single request.
SET_RULES: tuple[Rule, ...] = (
    Rule("duplicate", "iin", lambda today: C("natural_key").is_not_null()
         & (C("row").rank("ordinal").over("natural_key") > 1), "duplicate"),
    Rule("same_day", "registered_on", lambda today: perm & C("person_id").is_not_null()
         & (C("row").rank("ordinal").over(["person_id", "kind", "registered_on"]) > 1)
         & (C("row").rank("ordinal").over("natural_key") == 1), "same_day"),
)


def _reasons() -> list[str]:
    from .models import Reason

    return list(Reason.values)


def _premises() -> list[str]:
    from .models import Premises

    return list(Premises.values)


def prepare(requests: pl.DataFrame) -> pl.DataFrame:
    """The requests with the law's parameters of their day and the derived columns the rules read."""
    law = law_frame(requests.get_column("registered_on").unique().to_list())
    frame = requests.join(law, on="registered_on", how="left")
    owner_ok = {v: iin_is_valid(v) for v in frame.get_column("owner_iin").unique().to_list()}
    return frame.with_columns(
        owner_iin_ok=C("owner_iin").replace_strict(owner_ok, default=False, return_dtype=pl.Boolean),
        age=age_on(C("registered_on"), C("birth_date")), stay=stay,
    )


def evaluate(requests: pl.DataFrame, *, today: dt.date, set_rules: bool = False, prepared: bool = False
             ) -> pl.DataFrame:
    """Every rule each request breaks: a frame of (row, code, field, message, article, text, params), in rule
    order per row: `message` is the reason in the active language, `text` its key in TEXTS and `params` its
    parameters (JSON), which a stored rejection keeps to word the reason again in its reader's language.

    `requests` has the columns of REQUEST_SCHEMA (see the module's docstring); `set_rules` adds the rules over
    the set (duplicates within a file), which need `natural_key`; `prepared` when `prepare` was applied already.
    """
    frame = requests if prepared else prepare(requests)
    rules = RULES + (SET_RULES if set_rules else ())
    flags = frame.select(C("row"), *[r.broken(today).fill_null(False).alias(f"_r{i}") for i, r in enumerate(rules)])
    bad = flags.filter(pl.any_horizontal(pl.exclude("row")))
    out: list[tuple[int, str, str, str, str, str, str]] = []
    if bad.height:
        detail = frame.join(bad, on="row", how="semi")
        by_row = {r["row"]: r for r in detail.iter_rows(named=True)}
        for flag_row in bad.iter_rows(named=True):
            row = by_row[flag_row["row"]]
            for i, rule in enumerate(rules):
                if flag_row[f"_r{i}"]:
                    params = rule.params(row)
                    out.append((row["row"], rule.code, rule.field, word(TEXTS[rule.text], params),
                                str(row.get(rule.article) or "") if rule.article else "", rule.text,
                                json.dumps(params, ensure_ascii=False)))
    return pl.DataFrame(out, schema={"row": pl.Int64, "code": pl.Utf8, "field": pl.Utf8, "message": pl.Utf8,
                                     "article": pl.Utf8, "text": pl.Utf8, "params": pl.Utf8}, orient="row")
