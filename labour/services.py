"""The only way to change the register of employment contracts. Deadlines come from the law (law.deadlines)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import as_actor
from geo.models import TerritorialUnit
from geo.selectors import first_level_unit
from law.deadlines import contract_entry_deadline, contract_entry_lateness, course_enrolment_deadline
from law.inputs import LawInputError
from law.parameters import parameter_value
from people.models import Person

from .models import (
    Attendance,
    ContractEntry,
    Course,
    CourseDuty,
    CourseFormat,
    CourseKind,
    CourseProvider,
    Employer,
    EmploymentContract,
    Enrolment,
    EnrolmentStatus,
    EntryKind,
    FairInvitation,
    Housing,
    JobOffer,
    JobSeeker,
    MatchProposal,
    MatchRun,
    Notice,
    NoticeKind,
    NoticeReply,
    OfferStatus,
    ProposalStatus,
    Sector,
    SeekerStatus,
    Term,
    Vacancy,
    VacancyStatus,
)

CHANGEABLE_FIELDS = ("position", "workplace_unit", "wage_kzt", "term", "end_date")


def _today() -> dt.date:
    return timezone.localdate()


def register_employer(*, bin: str, name: str, region: TerritorialUnit, sector: str,
                      users: Iterable[Any] = (), actor: Any = None) -> Employer:
    with as_actor(actor), transaction.atomic():
        employer = Employer(bin=(bin or "").strip(), name=name.strip(), region=region, sector=sector)
        employer.full_clean()
        employer.save()
        if users:
            employer.users.add(*users)
    return employer


def _entry(contract: EmploymentContract, kind: str, event_date: dt.date, registered_on: dt.date,
           changes: dict | None = None) -> ContractEntry:
    deadline = contract_entry_deadline(kind=kind, event_date=event_date)
    late = contract_entry_lateness(kind=kind, event_date=event_date, registered_on=registered_on)
    return ContractEntry.objects.create(
        contract=contract, kind=kind, event_date=event_date, registered_on=registered_on,
        due_date=deadline.due_date, days_late=max(0, int(late)), article=str(deadline.article)[:200],
        changes=changes or {},
    )


def register_contract(*, employer: Employer, employee: Person, position: str, workplace_unit: TerritorialUnit,
                      start_date: dt.date, wage_kzt: int, term: str = Term.INDEFINITE,
                      end_date: dt.date | None = None, registered_on: dt.date | None = None,
                      internal_migrant: bool | None = None, actor: Any = None) -> EmploymentContract:
    """Enter a new contract; its 'new' entry records whether it was entered within the law's deadline.

    An internal migrant's contract (declared, or by default: the employee's home region differs from the
    place of work's region) also creates the employer's course duties with the law's enrolment deadline."""
    registered_on = registered_on or _today()
    errors: dict[str, str] = {}
    if term == Term.FIXED and end_date is None:
        errors["end_date"] = _("A fixed-term contract needs an end date.")
    if term == Term.INDEFINITE and end_date is not None:
        errors["end_date"] = _("A contract of indefinite term has no end date.")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date is before the start date.")
    if wage_kzt is None or int(wage_kzt) <= 0:
        errors["wage_kzt"] = _("The wage must be a positive whole number of tenge.")
    if registered_on < start_date - dt.timedelta(days=366):
        errors["registered_on"] = _("The entry is dated more than a year before the contract starts.")
    if errors:
        raise ValidationError(errors)
    with as_actor(actor), transaction.atomic():
        if internal_migrant is None:
            internal_migrant = (employee.home_unit is not None and
                                first_level_unit(employee.home_unit).code != first_level_unit(workplace_unit).code)
        contract = EmploymentContract(
            employer=employer, employee=employee, position=position.strip(), workplace_unit=workplace_unit,
            start_date=start_date, term=term, end_date=end_date, wage_kzt=int(wage_kzt),
            internal_migrant=internal_migrant,
        )
        contract.full_clean()
        contract.save()
        _entry(contract, EntryKind.NEW, start_date, registered_on)
        if internal_migrant:
            _create_course_duties(contract)
    return contract


@functools.lru_cache(maxsize=4096)
def _course_deadline(hired_on: dt.date):
    """law.deadlines.course_enrolment_deadline, remembered per day of hiring (the law of a past day is fixed)."""
    return course_enrolment_deadline(hired_on=hired_on)


def _create_course_duties(contract: EmploymentContract) -> list[CourseDuty]:
    try:
        deadline = _course_deadline(contract.start_date)
    except LawInputError:
        return []  # hired before the law's range: no duty
    return [CourseDuty.objects.create(contract=contract, kind=kind, due_date=deadline.due_date,
                                      article=deadline.article) for kind in CourseKind.values]


def change_contract(contract: EmploymentContract, *, event_date: dt.date, registered_on: dt.date | None = None,
                    actor: Any = None, **changes: Any) -> ContractEntry:
    """Amend a contract (position, place of work, wage, term) as of `event_date`, as a dated entry."""
    registered_on = registered_on or _today()
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed by an amendment.") for f in unknown})
    with as_actor(actor), transaction.atomic():
        contract = EmploymentContract.objects.select_for_update().get(pk=contract.pk)
        if contract.terminated_on is not None:
            raise ValidationError({"contract": _("The contract is terminated: it can no longer be changed.")})
        if event_date < contract.start_date:
            raise ValidationError({"event_date": _("The change is dated before the contract starts.")})
        diff = {}
        for field, value in changes.items():
            old = getattr(contract, field)
            if old != value:
                diff[field] = [_plain(old), _plain(value)]
                setattr(contract, field, value)
        if not diff:
            raise ValidationError({"__all__": _("Nothing changes.")})
        contract.full_clean()
        contract.save()
        return _entry(contract, EntryKind.CHANGE, event_date, registered_on, diff)


def terminate_contract(contract: EmploymentContract, *, event_date: dt.date,
                       registered_on: dt.date | None = None, actor: Any = None) -> ContractEntry:
    registered_on = registered_on or _today()
    with as_actor(actor), transaction.atomic():
        contract = EmploymentContract.objects.select_for_update().get(pk=contract.pk)
        if contract.terminated_on is not None:
            raise ValidationError({"contract": _("The contract is already terminated.")})
        if event_date < contract.start_date:
            raise ValidationError({"event_date": _("The termination is dated before the contract starts.")})
        contract.terminated_on = event_date
        contract.save()
        return _entry(contract, EntryKind.TERMINATION, event_date, registered_on)


def register_job_seeker(person: Person, *, unit: TerritorialUnit, registered_on: dt.date,
                        status: str = SeekerStatus.JOB_SEEKER, actor: Any = None) -> JobSeeker:
    """Open a job-seeker (or unemployed) record; a person has at most one open record."""
    seeker = JobSeeker(person=person, unit=unit, registered_on=registered_on, status=status)
    # The person (locked below) and the unit are rows in hand, the one open record per person is checked under
    # that lock (and the database's constraint holds it), and an open record has no end date to order: validating
    # those again cost six queries of every registration, for nothing. What is left reads no row, so it is done
    # before the lock, and its error raised after the check of an open record (which is answered first).
    try:
        seeker.full_clean(exclude=["person", "unit"], validate_constraints=False)
        invalid = None
    except ValidationError as exc:
        invalid = exc
    # No savepoint of its own (as accounts.idempotency): no ValidationError is raised inside the block, and any
    # other exception there fails the caller's whole transaction anyway (a request's: ATOMIC_REQUESTS). That
    # spares two round trips of every registration made inside a transaction.
    with as_actor(actor), transaction.atomic(savepoint=False):
        # Lock the person's row (only its id is read: the row is in hand; no ORDER BY), so that two registrations
        # of one person wait for each other here and the second sees the first's record below. The check is a
        # query of its own, after the lock: a check inside the locking query would read from before the wait
        # (READ COMMITTED).
        list(Person.objects.select_for_update().filter(pk=person.pk).order_by().values_list("pk", flat=True))
        taken = JobSeeker.objects.filter(person=person, ended_on__isnull=True).exists()
        if not taken and invalid is None:
            seeker.save()
    if taken:
        raise ValidationError({"person": _("The person is already registered as a job seeker.")})
    if invalid is not None:
        raise invalid
    return seeker


def end_job_seeking(seeker: JobSeeker, *, on: dt.date, actor: Any = None) -> JobSeeker:
    with as_actor(actor), transaction.atomic():
        seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        if seeker.ended_on is not None:
            raise ValidationError({"ended_on": _("This record is already closed.")})
        if on < seeker.registered_on:
            raise ValidationError({"ended_on": _("The record cannot end before it was opened.")})
        seeker.ended_on = on
        seeker.save()
    return seeker


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return getattr(value, "code", value.pk)
    return value


# --- issue 13: vacancies, matching, offers, courses, notices ----------------------------------------------------
# Every function below takes the acting user as `actor` and records it in the change history.

class Conflict(Exception):
    """A transition the record's state does not allow; `state` names the state (the API answers 409)."""

    def __init__(self, state: str, message: str):
        super().__init__(message)
        self.state = state
        self.message = message


def minimum_wage(on: dt.date) -> int:
    """The minimum monthly wage in force on `on` (law/rules/parameters/minimum_wage.yaml), whole tenge."""
    return int(parameter_value("minimum_wage", on).value)


def set_employer_activity(employer: Employer, *, activity: Any, actor: Any) -> Employer:
    """Give the employer its OKED division (and the section it lies in)."""
    from accounts.audit import acting_as

    if activity is None or activity.level != "division":
        raise ValidationError({"activity": _("Choose an OKED division (two digits).")})
    with transaction.atomic(), acting_as(actor):
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        employer.activity = activity
        employer.sector = activity.parent.code if activity.parent and activity.parent.code in Sector.values \
            else employer.sector
        employer.save()
    return employer


def post_vacancy(*, employer: Employer, title: str, region: TerritorialUnit, settlement: str, occupation: Any,
                 places: int, wage_kzt: int, starts_on: dt.date, closes_on: dt.date, actor: Any,
                 housing: str = Housing.NONE, housing_rooms: int | None = None,
                 today: dt.date | None = None) -> Vacancy:
    """Post a vacancy; a wage below the minimum wage in force on the start date is refused."""
    from accounts.audit import acting_as

    today = today or _today()
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Name the position.")
    if not (settlement or "").strip():
        errors["settlement"] = _("Name the settlement where the work is.")
    if region.kind not in ("region", "city"):
        errors["region"] = _("Choose a region or a city of republican significance.")
    if occupation is None or occupation.level != "sub-major":
        errors["occupation"] = _("Choose an ISCO-08 sub-major group (two digits).")
    if places is None or int(places) < 1:
        errors["places"] = _("A vacancy has at least one place.")
    elif int(places) > 10_000:
        errors["places"] = _("At most 10,000 places in one vacancy.")
    if closes_on < today:
        errors["closes_on"] = _("The closing date has passed.")
    if starts_on > today + dt.timedelta(days=730):
        errors["starts_on"] = _("The start date is more than two years away.")
    if housing not in Housing.values:
        errors["housing"] = _("Unknown kind of housing.")
    elif housing == Housing.SERVICE_FLAT and not housing_rooms:
        errors["housing_rooms"] = _("Say how many rooms the service flat has.")
    elif housing != Housing.SERVICE_FLAT and housing_rooms:
        errors["housing_rooms"] = _("Rooms are given only for a service flat.")
    if wage_kzt is None or int(wage_kzt) < 1:
        errors["wage_kzt"] = _("The wage must be a positive whole number of tenge.")
    else:
        floor = minimum_wage(max(starts_on, today))
        if int(wage_kzt) < floor:
            errors["wage_kzt"] = _("The wage is below the minimum monthly wage in force (%(floor)s tenge).") % {
                "floor": f"{floor:,}".replace(",", "\u00a0")}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        vacancy = Vacancy.objects.create(
            employer=employer, title=title.strip(), region=region, settlement=settlement.strip(),
            occupation=occupation, places=int(places), wage_kzt=int(wage_kzt), housing=housing,
            housing_rooms=housing_rooms if housing == Housing.SERVICE_FLAT else None, starts_on=starts_on,
            closes_on=closes_on, posted_by=actor if hasattr(actor, "pk") else None)
    return vacancy


def withdraw_vacancy(vacancy: Vacancy, *, actor: Any, on: dt.date | None = None) -> Vacancy:
    from accounts.audit import acting_as

    with transaction.atomic(), acting_as(actor):
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        if vacancy.status != VacancyStatus.OPEN:
            raise Conflict(vacancy.status, _("The vacancy is already closed (%(state)s).") % {
                "state": vacancy.get_status_display()})
        vacancy.status = VacancyStatus.WITHDRAWN
        vacancy.closed_on = on or _today()
        vacancy.save()
    return vacancy


def close_expired_vacancies(*, on: dt.date, actor: Any = "close_vacancies") -> int:
    """Close every open vacancy whose closing date is before `on` (the daily task runs this)."""
    from accounts.audit import acting_as, record_bulk_update

    with transaction.atomic(), acting_as(actor):
        expired = list(Vacancy.objects.select_for_update().filter(status=VacancyStatus.OPEN, closes_on__lt=on))
        for vacancy in expired:
            vacancy.status = VacancyStatus.EXPIRED
            vacancy.closed_on = on
        Vacancy.objects.bulk_update(expired, ["status", "closed_on"])
        record_bulk_update(expired, ["status", "closed_on"], reason="closing date passed")
    return len(expired)


# --- matching ---

def run_matching(*, on: dt.date, region: TerritorialUnit | None, actor: Any) -> MatchRun:
    """Match candidates to the open vacancies of `region` (None: the whole country) on `on`, exactly.

    Candidates are the open job seekers and whatever the matching providers pass in (labour/README.md);
    vacancies offer their places not yet filled, offered or proposed; the law's receiving regions on `on`
    and the providers' quota caps bound the run. Proposals from the run wait for an officer's decision."""
    import time

    from accounts.audit import acting_as, record_bulk_create

    from . import matching, selectors

    started = time.perf_counter()
    vacancies = list(selectors.matchable_vacancies(on=on, region=region))
    free = selectors.free_places(vacancies)
    jobs = tuple(matching.Job(key=str(v.pk), region=first_level_unit(v.region).code,
                              occupation=v.occupation.code, places=free[v.pk], wage_kzt=v.wage_kzt, housing=v.housing,
                              housing_rooms=v.housing_rooms) for v in vacancies)
    candidates, quotas, sources = selectors.matching_candidates(on=on, region=region)
    instance = matching.Instance(candidates=tuple(candidates), jobs=jobs,
                                 receiving_regions=selectors.receiving_regions(on), quotas=quotas)
    result = matching.solve(instance)
    with transaction.atomic(), acting_as(actor):
        run = MatchRun.objects.create(
            on=on, region=region, run_by=actor if hasattr(actor, "pk") else None, candidates=len(candidates),
            vacancies=len(jobs), arcs=result.arcs, objective=result.objective,
            excluded=[int(k) for k in result.excluded_jobs], seconds=round(time.perf_counter() - started, 3))
        proposals = [MatchProposal(run=run, vacancy_id=int(p.job), person_id=int(p.candidate),
                                   source=sources.get(p.candidate, "job_seeker"), score=p.score, parts=p.parts)
                     for p in result.proposals]
        MatchProposal.objects.bulk_create(proposals)
        record_bulk_create(list(MatchProposal.objects.filter(run=run)), reason=f"matching run {run.pk}")
    return run


def decide_proposal(proposal: MatchProposal, *, accept: bool, actor: Any, reason: str = "") -> MatchProposal:
    """The officer accepts (an offer goes to the person) or rejects a proposal still under review."""
    from accounts.audit import acting_as

    with transaction.atomic(), acting_as(actor):
        proposal = MatchProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PROPOSED:
            raise Conflict(proposal.status, _("The proposal was already decided (%(state)s).") % {
                "state": proposal.get_status_display()})
        vacancy = Vacancy.objects.select_for_update().get(pk=proposal.vacancy_id)
        if accept and vacancy.status != VacancyStatus.OPEN:
            raise Conflict(vacancy.status, _("The vacancy is closed (%(state)s).") % {
                "state": vacancy.get_status_display()})
        proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        proposal.decided_by = actor if hasattr(actor, "pk") else None
        proposal.decided_at = timezone.now()
        proposal.reason = (reason or "")[:500]
        proposal.save()
        if accept:
            JobOffer.objects.create(proposal=proposal, vacancy=vacancy, person_id=proposal.person_id)
    return proposal


def answer_offer(offer: JobOffer, *, accept: bool, actor: Any, on: dt.date | None = None) -> JobOffer:
    """The person accepts or declines an offer; an acceptance takes a place, the last place fills the vacancy."""
    from accounts.audit import acting_as

    on = on or _today()
    with transaction.atomic(), acting_as(actor):
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.PENDING:
            raise Conflict(offer.status, _("The offer was already answered (%(state)s).") % {
                "state": offer.get_status_display()})
        vacancy = Vacancy.objects.select_for_update().get(pk=offer.vacancy_id)
        if accept:
            if vacancy.status != VacancyStatus.OPEN or vacancy.places_filled >= vacancy.places:
                raise Conflict(vacancy.status, _("The vacancy has no place left (%(state)s).") % {
                    "state": vacancy.get_status_display()})
            vacancy.places_filled += 1
            if vacancy.places_filled >= vacancy.places:
                vacancy.status = VacancyStatus.FILLED
                vacancy.closed_on = on
            vacancy.save()
        offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
        offer.answered_at = timezone.now()
        offer.save()
    return offer


# --- courses ---

def add_course_provider(*, name: str, region: TerritorialUnit, actor: Any) -> CourseProvider:
    from accounts.audit import acting_as

    if not (name or "").strip():
        raise ValidationError({"name": _("Name the provider.")})
    with transaction.atomic(), acting_as(actor):
        return CourseProvider.objects.create(name=name.strip(), region=region)


def add_course(*, provider: CourseProvider, kind: str, title: str, hours: int, format: str, actor: Any,
               price_kzt: int = 0) -> Course:
    from accounts.audit import acting_as

    errors = {}
    if kind not in CourseKind.values:
        errors["kind"] = _("Unknown kind of course.")
    if format not in CourseFormat.values:
        errors["format"] = _("Unknown format.")
    if not hours or not 1 <= int(hours) <= 1000:
        errors["hours"] = _("A course lasts 1 to 1,000 hours.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        return Course.objects.create(provider=provider, kind=kind, title=title.strip(), hours=int(hours),
                                     format=format, price_kzt=int(price_kzt or 0))


def enrol(duty: CourseDuty, *, course: Course, enrolled_on: dt.date, actor: Any) -> Enrolment:
    """Enrol the hired migrant of `duty` on `course`, paid by the employer; late enrolment is recorded as such
    (the deadline stays on the duty)."""
    from accounts.audit import acting_as

    with transaction.atomic(), acting_as(actor):
        duty = CourseDuty.objects.select_for_update().select_related("contract").get(pk=duty.pk)
        if Enrolment.objects.filter(duty=duty).exists():
            raise Conflict("enrolled", _("The person is already enrolled for this duty."))
        if course.kind != duty.kind:
            raise ValidationError({"course": _("The course is not of the kind the duty asks for.")})
        if enrolled_on < duty.contract.start_date:
            raise ValidationError({"enrolled_on": _("The enrolment is dated before the hiring.")})
        return Enrolment.objects.create(duty=duty, course=course, enrolled_on=enrolled_on,
                                        payer=duty.contract.employer)


def record_attendance(enrolment: Enrolment, *, on: dt.date, hours: int, actor: Any) -> Attendance:
    from accounts.audit import acting_as

    if not hours or not 1 <= int(hours) <= 12:
        raise ValidationError({"hours": _("1 to 12 hours a day.")})
    with transaction.atomic(), acting_as(actor):
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise Conflict(enrolment.status, _("The enrolment is closed (%(state)s).") % {
                "state": enrolment.get_status_display()})
        if on < enrolment.enrolled_on:
            raise ValidationError({"on": _("Attendance is dated before the enrolment.")})
        if Attendance.objects.filter(enrolment=enrolment, on=on).exists():
            raise ValidationError({"on": _("Attendance for this day is already recorded.")})
        return Attendance.objects.create(enrolment=enrolment, on=on, hours=int(hours))


def complete_enrolment(enrolment: Enrolment, *, on: dt.date, actor: Any) -> Enrolment:
    """Mark the course completed once the hours attended reach the course's hours; a certificate number is given."""
    from accounts.audit import acting_as

    with transaction.atomic(), acting_as(actor):
        enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        if enrolment.status != EnrolmentStatus.ENROLLED:
            raise Conflict(enrolment.status, _("The enrolment is closed (%(state)s).") % {
                "state": enrolment.get_status_display()})
        attended = enrolment.hours_attended
        if attended < enrolment.course.hours:
            raise ValidationError({"hours": _("%(attended)s of %(hours)s hours attended: not yet complete.") % {
                "attended": attended, "hours": enrolment.course.hours}})
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.completed_on = on
        enrolment.certificate_number = f"KC-{on.year}-{enrolment.pk:07d}"
        enrolment.save()
    return enrolment


# --- the akimat–employer channel ---

def publish_notice(*, region: TerritorialUnit, kind: str, title: str, body: str, actor: Any,
                   published_on: dt.date | None = None, fair_date: dt.date | None = None,
                   fair_place: str = "") -> Notice:
    from accounts.audit import acting_as

    errors = {}
    if kind not in NoticeKind.values:
        errors["kind"] = _("Unknown kind of notice.")
    if not (title or "").strip():
        errors["title"] = _("Give the notice a title.")
    if kind == NoticeKind.FAIR and (fair_date is None or not (fair_place or "").strip()):
        errors["fair_date"] = _("A job fair needs a date and a place.")
    if region.kind not in ("region", "city"):
        errors["region"] = _("Choose a region or a city of republican significance.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        return Notice.objects.create(
            region=region, kind=kind, title=title.strip(), body=(body or "").strip(),
            published_on=published_on or _today(), fair_date=fair_date if kind == NoticeKind.FAIR else None,
            fair_place=(fair_place or "").strip() if kind == NoticeKind.FAIR else "",
            author=actor if hasattr(actor, "pk") else None)


def reply_to_notice(notice: Notice, *, employer: Employer, actor: Any, body: str = "", attends_fair: bool = False,
                    vacancies: Iterable[Vacancy] = ()) -> NoticeReply:
    """An employer of the notice's region answers; for a fair it may register and bring its open vacancies."""
    from accounts.audit import acting_as

    vacancies = list(vacancies)
    if first_level_unit(employer.region).code != first_level_unit(notice.region).code:
        raise ValidationError({"notice": _("The notice is for the employers of another region.")})
    if (attends_fair or vacancies) and notice.kind != NoticeKind.FAIR:
        raise ValidationError({"attends_fair": _("Only a job fair takes registrations.")})
    if any(v.employer_id != employer.pk or v.status != VacancyStatus.OPEN for v in vacancies):
        raise ValidationError({"vacancies": _("Bring only your own open vacancies.")})
    with transaction.atomic(), acting_as(actor):
        reply, _created = NoticeReply.objects.update_or_create(
            notice=notice, employer=employer,
            defaults={"body": (body or "").strip(), "attends_fair": attends_fair or bool(vacancies),
                      "author": actor if hasattr(actor, "pk") else None})
        reply.vacancies.set(vacancies)
    return reply


def invite_to_fair(notice: Notice, *, person: Person, actor: Any) -> FairInvitation:
    from accounts.audit import acting_as

    if notice.kind != NoticeKind.FAIR:
        raise ValidationError({"notice": _("Only a job fair has invitations.")})
    with transaction.atomic(), acting_as(actor):
        invitation, _created = FairInvitation.objects.get_or_create(
            notice=notice, person=person, defaults={"invited_by": actor if hasattr(actor, "pk") else None})
    return invitation
