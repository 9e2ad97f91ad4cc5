"""Demo data of the relocation programme: the 2026 programme year with applications standing in every state,
every step taken through the room's services (the law decides, places are reserved and used in the quotas,
arrivals are read from the registry, payment orders fall due, the follow-up scan raises flags).

The demo citizen (Aidos Seitkali, who returned to Turkistan in 2024) has an agreement signed for North Kazakhstan;
the demo officer (KZ-59) finds a queue with work in each section; the ministry sees the programme nationally.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from accounts.audit import acting_as
from accounts.models import User
from geo.models import TerritorialUnit
from labour.models import Employer, EmploymentContract, JobSeeker
from labour.services import register_contract, register_job_seeker
from people.iin import make_iin
from people.models import Family, Person
from people.services import create_family, register_person
from registry.models import Registration
from registry.services import Address, RegistrationRefused, Request, deregister, register

from . import services
from .models import Application
from .states import State

SENDING = ["KZ-61", "KZ-31", "KZ-79", "KZ-43", "KZ-47"]
RECEIVING = ["KZ-59", "KZ-59", "KZ-59", "KZ-55", "KZ-39", "KZ-63"]
# The states the demo leaves applications in, with how many of each (times the scale factor, at least one).
PLAN = [
    (State.DRAFT, 2), (State.SUBMITTED, 4), (State.IN_REVIEW, 4), (State.APPROVED, 3), (State.REFUSED, 2),
    (State.AGREEMENT_SIGNED, 3), (State.FOLLOW_UP, 6), (State.COMPLETED, 1), (State.BREACHED, 1),
    (State.REFUND_ASSESSED, 1), (State.CLOSED, 2), (State.WITHDRAWN, 2),
    (State.ARRIVED, 2),  # last: the follow-up scan run for the breaches would start their follow-up
]
SUBMITTED = dt.date(2026, 2, 2)
STREETS = ["Abai", "Konaev", "Zheltoksan", "Mira", "Tauelsizdik", "Gagarin"]


def _address(unit: TerritorialUnit, rng: random.Random) -> Address:
    return Address(region=unit, settlement=unit.centre_en or unit.name_en, street=f"{rng.choice(STREETS)} street",
                   building=str(rng.randint(1, 150)), flat=str(rng.randint(1, 90)), premises="flat")


def _register(person: Person, unit: TerritorialUnit, arrival: dt.date, rng: random.Random) -> Registration:
    consent = dt.datetime(arrival.year, arrival.month, arrival.day, 10, 0, tzinfo=dt.UTC)
    return register(Request(person=person, kind="permanent", procedure="standard", address=_address(unit, rng),
                            arrival_date=arrival,
                            registered_on=min(arrival + dt.timedelta(days=3), timezone.localdate()),
                            owner_iin=make_iin(dt.date(1970, 1, 1), "male", 7), owner_consent_at=consent)).registration


def _family_of(head: Person, rng: random.Random, serial: list[int]) -> None:
    if Family.objects.filter(head=head).exists():
        return
    members = []
    for relation, years, sex in (("spouse", rng.randint(24, 40), "female"), ("child", rng.randint(1, 14), "male"),
                                 ("child", rng.randint(1, 14), "female"))[: rng.randint(1, 3)]:
        birth = dt.date(2026 - years, rng.randint(1, 12), rng.randint(1, 28))
        while True:
            serial[0] += 1
            iin = make_iin(birth, sex, 7000 + serial[0])
            if not Person.objects.filter(iin=iin).exists():
                break
        members.append((register_person(iin=iin, surname=head.surname, given_name=rng.choice(
            ["Aigerim", "Dana", "Arman", "Dias", "Aruzhan", "Nursultan", "Madina"]), home_unit=head.home_unit),
            relation))
    create_family(head=head, members=members)


def _applicants(units: dict[str, TerritorialUnit], n: int, rng: random.Random) -> list[Person]:
    """Adults registered permanently in a sending region since before 2025 (the law asks 12 months), who hold no
    employment contract now; made job seekers in labour's register where they are not yet."""
    regs = list(Registration.objects.filter(kind="permanent", is_active=True, region__code__in=SENDING,
                                            registered_on__lte=dt.date(2024, 12, 31),
                                            person__birth_date__lte=dt.date(2000, 1, 1),
                                            person__account__isnull=True)
                .exclude(person__in=EmploymentContract.objects.filter(terminated_on__isnull=True).values("employee"))
                .select_related("person", "region").order_by("pk"))
    rng.shuffle(regs)
    out = []
    for reg in regs[:n]:
        if not JobSeeker.objects.filter(person=reg.person, ended_on__isnull=True).exists():
            register_job_seeker(reg.person, unit=reg.region, registered_on=dt.date(2026, 1, 12))
        out.append(reg.person)
    return out


def _demo_citizen(units: dict[str, TerritorialUnit], rng: random.Random, serial: list[int]) -> Person | None:
    user = User.objects.filter(username="citizen").select_related("person").first()
    if user is None or user.person is None:
        return None
    person = user.person
    reg = Registration.objects.filter(person=person, kind="permanent", is_active=True).first()
    if reg is None or reg.region.code != "KZ-61":
        # the demo's registry moved him around; he came home to Turkistan in the autumn of 2024
        arrival = max(dt.date(2024, 9, 2), (reg.registered_on + dt.timedelta(days=30)) if reg else dt.date(2024, 9, 2))
        _register(person, units["KZ-61"], arrival, rng)
    if not JobSeeker.objects.filter(person=person, ended_on__isnull=True).exists():
        register_job_seeker(person, unit=units["KZ-61"], registered_on=dt.date(2026, 1, 12))
    _family_of(person, rng, serial)
    return person


def _walk(app: Application, target: str, *, citizen: Any, officer: Any, units: dict[str, TerritorialUnit],
          rng: random.Random, employer: Employer | None, today: dt.date) -> None:
    """Take the application through the services to `target`."""
    if target == State.DRAFT:
        return
    services.submit(app, actor=citizen, on=SUBMITTED + dt.timedelta(days=rng.randint(0, 60)))
    if target == State.WITHDRAWN and rng.random() < 0.5:
        services.withdraw(app, actor=citizen, reason="the family decided to stay")
        return
    if target == State.SUBMITTED:
        return
    services.forward(app, actor=officer)
    if target == State.IN_REVIEW:
        return
    if target == State.REFUSED:
        services.refuse(app, actor=officer, ground=_ground(app, officer), reason="checked against the law")
        return
    services.approve(app, actor=officer)
    if target == State.WITHDRAWN:
        services.withdraw(app, actor=citizen, reason="found work at home")
        return
    if target == State.APPROVED:
        return
    arrival = dt.date(2026, rng.randint(4, 9), rng.randint(1, 28))
    planned = arrival if target != State.AGREEMENT_SIGNED else today + dt.timedelta(days=rng.choice([-10, 5, 20]))
    services.sign_agreement(app, actor=officer, planned_arrival=planned, on=min(planned, SUBMITTED + dt.timedelta(days=62)),
                            transport=rng.choice(["train", "bus", "own car"]),
                            job_or_training=rng.choice(["vacancy of a welder", "tractor driver course", "nurse"]),
                            housing_search="rented flat found with the career centre")
    if target == State.AGREEMENT_SIGNED:
        return
    if target == State.CLOSED and rng.random() < 0.5:
        services.cancel_agreement(app, actor=officer, reason="the family could not move this year")
        return
    if target == State.ARRIVED:
        arrival = today - dt.timedelta(days=rng.randint(0, 3))
    registration = _register(app.applicant, app.receiving_region, arrival, rng)
    services.confirm_arrival(app, actor=officer)
    if target == State.ARRIVED:
        return
    services.start_follow_up(app, actor=officer)
    orders = list(app.payment_orders.filter(period_start__lte=today).values_list("pk", flat=True))
    services.mark_orders_paid(orders[: max(1, len(orders) - 2)], actor="demo fund", paid_on=today,
                              reference=f"DEMO-{app.pk}")
    if employer is not None and target in (State.FOLLOW_UP, State.COMPLETED) and rng.random() < 0.7:
        register_contract(employer=employer, employee=app.applicant, position="Welder",
                          workplace_unit=app.receiving_region, start_date=arrival + dt.timedelta(days=10),
                          wage_kzt=rng.randint(250, 450) * 1000, registered_on=arrival + dt.timedelta(days=12))
    if target == State.FOLLOW_UP:
        return
    if target == State.COMPLETED:
        # a family that arrived under the programme's earlier years: its five years ended before today
        app.follow_up_until = today - dt.timedelta(days=1)
        app.save(update_fields=["follow_up_until"])  # saved, so the change history has it (audit_gaps)
        services.complete(app, actor=officer, on=today)
        return
    deregister(registration, on=min(today, arrival + dt.timedelta(days=rng.randint(60, 120))))
    services.scan_follow_up(on=today, actor="demo scan")
    flag = app.flags.filter(kind="deregistered", status="open").first()
    assert flag is not None, "the scan flags the deregistration"
    services.resolve_flag(flag, actor=officer, confirm=True, reason="the family returned to the region of departure")
    if target == State.BREACHED:
        return
    services.assess_refund(app, actor=officer, on=today)
    debt = app.debts.get()
    notice = services.issue_debt_notice(debt, actor=officer, language=rng.choice(["kk", "ru"]), on=today)
    services.record_notice_delivery(notice, actor=officer, channel="post", delivered_on=today)
    if target == State.CLOSED:
        if debt.owed_kzt:
            services.record_repayment(debt, actor="demo fund", amount_kzt=debt.owed_kzt, received_on=today,
                                      reference=f"REFUND-{app.pk}")
        services.close(app, actor=officer, reason="the refund is repaid")
    elif debt.owed_kzt >= 2:
        half = debt.owed_kzt // 2
        services.grant_instalments(debt, actor=officer, reason="the family asked to pay in two parts", on=today,
                                   schedule=[(today + dt.timedelta(days=30), half),
                                             (today + dt.timedelta(days=60), debt.owed_kzt - half)])


def _ground(app: Application, officer: Any) -> str:
    services.assess(app, actor=officer)
    app.refresh_from_db()
    grounds = services.refusal_grounds(app)
    return grounds[0]["name"] if grounds else ""


def seed(*, rng: random.Random, scale: float, log) -> None:
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    if "KZ-59" not in units or not Application._meta.db_table:
        log("relocation: no reference regions, nothing seeded")
        return
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        log("relocation: no demo officer, nothing seeded")
        return
    today = timezone.localdate()
    factor = max(1, round(scale / 0.001))
    plan = [(state, n * factor) for state, n in PLAN]
    people = _applicants(units, sum(n for _s, n in plan) + 5, rng)
    employer = Employer.objects.filter(region__code="KZ-59").first()
    serial = [0]
    made = 0
    with acting_as("seed_demo"):
        # the programme budgets of the receiving regions (the ministry enters them; agreements commit against them)
        for code in sorted(set(RECEIVING)):
            for year in sorted({2026, today.year}):
                services.enter_budget(actor="seed_demo", year=year, region=units[code], amount_kzt=2_000_000_000,
                                      reference="Demo: regional programme budget")
        citizen_person = _demo_citizen(units, rng, serial)
        if citizen_person is not None:
            citizen = User.objects.get(username="citizen")
            app = services.create_application(actor=citizen, applicant=citizen_person, departure_region=units["KZ-61"],
                                              departure_settlement="Turkistan", receiving_region=units["KZ-59"],
                                              settlement_type="city")
            try:
                _walk(app, State.AGREEMENT_SIGNED, citizen=citizen, officer=officer, units=units, rng=rng,
                      employer=employer, today=today)
            except services.NotEligible:
                pass  # another seed moved him home too recently: his application waits in review, as the law says
            made += 1
        queue = [state for state, n in plan for _ in range(n)]
        for person, target in zip(people, queue, strict=False):
            _family_of(person, rng, serial)
            receiving = units[rng.choice(RECEIVING)] if target not in (State.REFUSED,) else units["KZ-59"]
            scoped_officer = officer if receiving.code == "KZ-59" else User.objects.filter(username="admin").first()
            if scoped_officer is None:
                continue
            departure = Registration.objects.get(person=person, kind="permanent", is_active=True).region
            settlement = rng.choice(["rural", "town", "city"])
            if target == State.REFUSED:
                # a family from a region that is not labour-surplus: the law names the ground
                departure = units["KZ-71"] if "KZ-71" in units else departure
            app = services.create_application(actor=scoped_officer, applicant=person, departure_region=departure,
                                              departure_settlement=departure.centre_en or departure.name_en,
                                              receiving_region=receiving, settlement_type=settlement)
            try:
                _walk(app, target, citizen=scoped_officer if target != State.WITHDRAWN else _owner(person),
                      officer=scoped_officer, units=units, rng=rng, employer=employer, today=today)
            except (services.RelocationError, RegistrationRefused) as exc:
                log(f"relocation: application {app.pk} stopped before {target}: {exc}")
            made += 1
    contracts = EmploymentContract.objects.filter(employee__relocation_applications__isnull=False).count()
    log(f"relocation: {made} applications in {len(PLAN)} states, {contracts} participants under contract")


def _owner(person: Person) -> Any:
    """The applicant's own account (made for a demo family that withdraws: only the applicant may withdraw)."""
    user = getattr(person, "account", None)
    if user is None:
        user = User(username=f"applicant{person.pk}", role="citizen", person=person)
        user.set_unusable_password()
        user.save()
    return user
