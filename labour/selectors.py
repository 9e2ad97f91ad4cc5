"""Reading the register of employment contracts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from geo.selectors import first_level_unit
from law.deadlines import contract_entry_deadline
from law.inputs import LawInputError
from law.parameters import parameter_value
from law.rules.common import REGION_CODES
from people.models import Person

from .matching import Candidate, candidates_from
from .models import (
    CourseDuty,
    Employer,
    EmploymentContract,
    JobOffer,
    JobSeeker,
    MatchProposal,
    Notice,
    NoticeReply,
    OfferStatus,
    ProposalStatus,
    Vacancy,
)


def active_contract(person: Person, on: dt.date) -> EmploymentContract | None:
    """The person's contract in force on `on` (the latest started, if several), or None."""
    return (
        EmploymentContract.objects.active_on(on).filter(employee=person)
        .select_related("employer", "workplace_unit").order_by("-start_date", "-id").first()
    )


def open_job_seekers(on: dt.date):
    """Job-seeker and unemployed records open on `on` (the relocation programme reads them)."""
    return JobSeeker.objects.open_on(on).select_related("person", "unit")


# --- issue 13 ----------------------------------------------------------------------------------------------------

def receiving_regions(on: dt.date) -> frozenset[str]:
    """ISO codes of the regions the law lists as receiving resettlers on `on` (regions.receiving.*)."""
    codes = set()
    for code in REGION_CODES:
        try:
            if parameter_value(f"regions.receiving.{code.replace('-', '_')}", on).value:
                codes.add(code)
        except (LawInputError, KeyError):
            continue
    return frozenset(codes)


def search_vacancies(user: Any, *, on: dt.date, region: Any = None, occupation: Any = None,
                     min_wage: int | None = None, housing: str | None = None):
    """Open vacancies the user may see on `on`, filtered; the same filters serve the page and the API."""
    qs = (Vacancy.objects.visible_to(user, "view").open_on(on)
          .select_related("employer", "region", "occupation"))
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    if occupation is not None:
        qs = qs.filter(occupation__code__startswith=occupation.code)
    if min_wage is not None:
        qs = qs.filter(wage_kzt__gte=min_wage)
    if housing == "any":
        qs = qs.exclude(housing="none")
    elif housing:
        qs = qs.filter(housing=housing)
    return qs.order_by("-wage_kzt", "id")


def matchable_vacancies(*, on: dt.date, region: Any = None):
    qs = Vacancy.objects.open_on(on).select_related("region", "occupation")
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    return qs.order_by("id")


def free_places(vacancies: Iterable[Vacancy]) -> dict[int, int]:
    """Places a run may still propose: not filled, not held by a pending offer or a proposal under review."""
    ids = [v.pk for v in vacancies]
    held: dict[int, int] = {}
    for row in (JobOffer.objects.filter(vacancy_id__in=ids, status=OfferStatus.PENDING)
                .values("vacancy_id").annotate(n=Count("id"))):
        held[row["vacancy_id"]] = held.get(row["vacancy_id"], 0) + row["n"]
    for row in (MatchProposal.objects.filter(vacancy_id__in=ids, status=ProposalStatus.PROPOSED)
                .values("vacancy_id").annotate(n=Count("id"))):
        held[row["vacancy_id"]] = held.get(row["vacancy_id"], 0) + row["n"]
    return {v.pk: max(0, v.places - v.places_filled - held.get(v.pk, 0)) for v in vacancies}


def _busy_people() -> set[int]:
    """People with a proposal under review or an offer waiting for their answer: not proposed again."""
    busy = set(MatchProposal.objects.filter(status=ProposalStatus.PROPOSED).values_list("person_id", flat=True))
    busy |= set(JobOffer.objects.filter(status=OfferStatus.PENDING).values_list("person_id", flat=True))
    return busy


def matching_candidates(*, on: dt.date, region: Any = None) -> tuple[list[Candidate], dict[str, int], dict[str, str]]:
    """(candidates, quota caps by region, source by candidate key) for a run.

    Open job seekers come from this register; every callable named in settings.KOSHI_LABOUR_MATCHING_PROVIDERS
    adds candidates and quota caps (labour/README.md, "The provider hook"). A candidate's key is the person's
    database id as text. Where two sources give the same person, the first wins; where two give a cap for the
    same region, the smaller wins.
    """
    busy = _busy_people()
    candidates: dict[str, Candidate] = {}
    sources: dict[str, str] = {}
    seekers = (JobSeeker.objects.open_on(on).exclude(person_id__in=busy)
               .select_related("occupation").order_by("id"))
    employed = set(EmploymentContract.objects.active_on(on).values_list("employee_id", flat=True))
    for s in seekers:
        if s.person_id in employed:
            continue
        key = str(s.person_id)
        candidates[key] = Candidate(
            key=key, occupation=s.occupation.code if s.occupation_id else None,
            previous_wage_kzt=s.previous_wage_kzt, family_size=s.family_size or 1,
            preferred_regions=tuple(str(c) for c in (s.preferred_regions or [])[:3]), source="job_seeker")
        sources[key] = "job_seeker"
    quotas: dict[str, int] = {}
    region_code = first_level_unit(region).code if region is not None else None
    for provider in matching_providers():
        supplied = provider(on=on, region=region_code) or {}
        for cand in candidates_from(supplied.get("candidates", ())):
            if cand.key in candidates or (cand.key.isdecimal() and int(cand.key) in busy):
                continue
            candidates[cand.key] = cand
            sources[cand.key] = cand.source
        for code, cap in (supplied.get("quotas") or {}).items():
            quotas[str(code)] = min(int(cap), quotas.get(str(code), int(cap)))
    return list(candidates.values()), quotas, sources


def matching_providers() -> list[Callable[..., dict]]:
    """The callables named in settings.KOSHI_LABOUR_MATCHING_PROVIDERS (dotted paths), in order."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return [import_string(path) for path in getattr(settings, "KOSHI_LABOUR_MATCHING_PROVIDERS", ())]


def proposals_to_review(user: Any):
    return (MatchProposal.objects.visible_to(user, "decide").filter(status=ProposalStatus.PROPOSED)
            .select_related("vacancy", "vacancy__employer", "vacancy__region", "person").order_by("created_at", "id"))


def offers_for(user: Any):
    """The offers made to the user's own person."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return JobOffer.objects.none()
    return (JobOffer.objects.filter(person_id=person_id)
            .select_related("vacancy", "vacancy__employer", "vacancy__region", "vacancy__occupation"))


def overdue_course_duties(user: Any, on: dt.date):
    """The course duties the user may see whose enrolment deadline passed with nobody enrolled by `on`."""
    return (CourseDuty.objects.visible_to(user, "view").overdue_on(on)
            .filter(contract__terminated_on__isnull=True)
            .select_related("contract", "contract__employer", "contract__employee").order_by("due_date", "id"))


def notices_for(user: Any):
    """Notices the user may read: an employer only its region's, an officer its territory's."""
    return Notice.objects.visible_to(user, "view").select_related("region").distinct().order_by("-published_on", "-id")


def fair_vacancies(notice: Notice):
    return (Vacancy.objects.filter(pk__in=NoticeReply.objects.filter(notice=notice).values("vacancies"))
            .select_related("employer", "occupation").order_by("employer__name", "title"))


# --- the labour-only oversight rule (shown by oversight/, which joins the registers) ------------------------------

@dataclass(frozen=True)
class EntryEvidence:
    """One record behind an alert: the contract, the entry's kind, the event's day, when it was due, when (if ever)
    it was entered, and how many days late."""

    contract_id: int
    employee_id: int
    kind: str
    event_date: dt.date
    due_date: dt.date
    registered_on: dt.date | None
    days_late: int


@dataclass(frozen=True)
class EmployerEntryAlert:
    """An employer whose internal-migrant hires have late or missing contract entries (model law art. 14(1))."""

    employer_id: int
    employer_name: str
    late: tuple[EntryEvidence, ...]
    missing: tuple[EntryEvidence, ...]
    since: dt.date  # the earliest due date among the evidence
    article: str = "model-law/art-14/p-1"


def employers_with_late_or_missing_entries(user: Any, on: dt.date) -> list[EmployerEntryAlert]:
    """Employers (in the user's scope) whose migrant hires have an entry made after its deadline, or a
    fixed-term contract that ended with no termination entry by the law's deadline (checked on `on`).

    An entry on its due date is on time; a missing termination entry counts from the day after its due date.
    Read-only: the oversight room shows these and records their resolution.
    """
    from .models import ContractEntry

    contracts = EmploymentContract.objects.visible_to(user, "view").filter(internal_migrant=True)
    late_rows = (ContractEntry.objects.filter(contract__in=contracts, days_late__gt=0, registered_on__lte=on)
                 .select_related("contract").order_by("due_date", "id"))
    by_employer: dict[int, dict[str, list[EntryEvidence]]] = {}
    for e in late_rows:
        by_employer.setdefault(e.contract.employer_id, {"late": [], "missing": []})["late"].append(EntryEvidence(
            contract_id=e.contract_id, employee_id=e.contract.employee_id, kind=e.kind, event_date=e.event_date,
            due_date=e.due_date, registered_on=e.registered_on, days_late=e.days_late))
    ended = (contracts.filter(term="fixed", end_date__lt=on, terminated_on__isnull=True)
             .exclude(entries__kind="termination").order_by("end_date", "id"))
    for c in ended:
        if c.end_date is None:  # not so: filtered on end_date
            continue
        try:
            due = contract_entry_deadline(kind="termination", event_date=c.end_date).due_date
        except LawInputError:
            continue
        if on > due:
            by_employer.setdefault(c.employer_id, {"late": [], "missing": []})["missing"].append(EntryEvidence(
                contract_id=c.pk, employee_id=c.employee_id, kind="termination", event_date=c.end_date,
                due_date=due, registered_on=None, days_late=(on - due).days))
    names = dict(Employer.objects.filter(pk__in=by_employer).values_list("pk", "name"))
    alerts = [EmployerEntryAlert(employer_id=pk, employer_name=names.get(pk, ""), late=tuple(rows["late"]),
                                 missing=tuple(rows["missing"]),
                                 since=min(r.due_date for r in rows["late"] + rows["missing"]))
              for pk, rows in by_employer.items()]
    return sorted(alerts, key=lambda a: (a.since, a.employer_id))
