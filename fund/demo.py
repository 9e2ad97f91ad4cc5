"""Demo data of the fund: the year's budget allocation and contributions from employers and donors, bank accounts
of the programme's beneficiaries, a paid batch (reconciled by a bank statement, one payment returned), a batch
awaiting the controller's approval, refunds owed, insurance policies of participant families and a claim, grants at every stage, and
last-but-one month closed. Relocation's demo runs before this one: the fund pays the orders it left due.
Reproducible from the seed; every write goes through fund.services as the demo accountant or controller."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from geo.models import TerritorialUnit
from labour.models import Employer, EmploymentContract
from labour.services import terminate_contract
from people.models import Family, Person

from . import controls, orders, services
from .models import TIYN, LineStatus, Measure, PayeeAccount, PaymentLine, Source

DONORS = [("Bota Charitable Foundation", "kk"), ("Fund «Parasat»", "ru"), ("Steppe Development Trust", "en")]
GRANTEES = [("Petropavl Association of Farmers", "association", "KZ-59"),
            ("Kostanay Business Women's Union", "association", "KZ-39"),
            ("Pavlodar Craftsmen Association", "association", "KZ-55")]


def _iban(rng: random.Random) -> str:
    return "KZ" + "".join(str(rng.randrange(10)) for _ in range(18))


def seed(*, rng: random.Random, scale: float, log) -> None:
    accountant = User.objects.filter(username="accountant").first()
    controller = User.objects.filter(username="controller").first()
    if accountant is None or controller is None:
        log("fund: no demo accountant or controller, nothing seeded")
        return
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    today = timezone.localdate()
    year = today.year
    start = dt.date(year, 1, 1) if today.month > 2 else dt.date(year - 1, 10, 1)

    # The year's allocation by support measure, and the budget's transfers into the fund.
    allocation = {Measure.RELOCATION_SUBSIDY: 9_000_000_000, Measure.RENT_COMPENSATION: 2_500_000_000,
                  Measure.HOUSING_CERTIFICATE: 6_000_000_000, Measure.INSURANCE: 300_000_000,
                  Measure.GRANT: 500_000_000}
    for measure, kzt in allocation.items():
        services.set_allocation(actor=accountant, year=year, measure=measure, amount_tiyn=kzt * TIYN)
    budget_total = sum(allocation.values())
    services.record_contribution(actor=accountant, source=Source.BUDGET, payer="Ministry of Finance of the "
                                 "Republic of Kazakhstan", payer_bin="", language="kk",
                                 amount_tiyn=budget_total // 2 * TIYN, received_on=start)
    contributions = 1
    for employer in Employer.objects.order_by("id")[: max(3, int(8 * min(scale * 1000, 1)))]:
        services.record_contribution(
            actor=accountant, source=Source.EMPLOYER, payer=employer.name, payer_bin=employer.bin,
            language=rng.choice(["kk", "ru"]), amount_tiyn=rng.randrange(500_000, 5_000_000) * TIYN,
            received_on=start + dt.timedelta(days=rng.randrange(0, 40)), region=employer.region)
        contributions += 1
    for name, lang in DONORS:
        services.record_contribution(actor=accountant, source=Source.DONOR, payer=name, language=lang,
                                     amount_tiyn=rng.randrange(100_000, 2_000_000) * 100 + rng.randrange(100),
                                     received_on=start + dt.timedelta(days=rng.randrange(0, 50)))
        contributions += 1

    # Bank accounts of everyone the programme owes (the register carries the IBAN beside the IIN).
    due = orders.payable(due_by=today)
    people_ids = {o.beneficiary_id for o in due}
    known = set(PayeeAccount.objects.filter(person_id__in=people_ids).values_list("person_id", flat=True))
    for person in Person.objects.filter(pk__in=people_ids - known).order_by("pk"):
        services.set_payee_account(person, _iban(rng), actor=accountant, bank="Halyk Bank")

    # A paid batch (the first half of what is due), reconciled; one payment came back.
    paid = waiting = 0
    if due:
        half = [o.id for o in due[: max(1, len(due) // 2)]]
        first = services.prepare_batch(actor=accountant, pay_on=today - dt.timedelta(days=7), order_ids=half).batch
        if first is not None:
            # the batch's band may ask for signatures before the controller releases it: other controllers sign
            for n in range(controls.signatures_needed(first)):
                services.sign_batch(first.pk, actor=_second_controller(n + 2))
            services.approve_batch(first.pk, actor=controller)
            lines = list(PaymentLine.objects.filter(batch=first, status=LineStatus.APPROVED).order_by("id"))
            statement = ["reference,amount_kzt,status,date,reason"]
            for i, line in enumerate(lines):
                state = "returned" if i == len(lines) - 1 and len(lines) > 2 else "paid"
                statement.append(f"{line.reference},{line.amount_tiyn // TIYN}.{line.amount_tiyn % TIYN:02d},"
                                 f"{state},{today - dt.timedelta(days=5)},{'account closed' if state == 'returned' else ''}")
            services.import_statement("\n".join(statement) + "\n", actor=accountant, file_name="halyk-statement.csv")
            paid = len(lines)
    # The next batch, for the controller: what is due now and in the coming month (the demo citizen's next rent
    # compensation among it, so the citizen sees a payment on the way).
    soon = today + dt.timedelta(days=31)
    upcoming = orders.payable(due_by=soon)
    people_ids = {o.beneficiary_id for o in upcoming}
    known = set(PayeeAccount.objects.filter(person_id__in=people_ids).values_list("person_id", flat=True))
    for person in Person.objects.filter(pk__in=people_ids - known).order_by("pk"):
        services.set_payee_account(person, _iban(rng), actor=accountant, bank="Kaspi Bank")
    if upcoming:
        second = services.prepare_batch(actor=accountant, pay_on=soon, order_ids=[o.id for o in upcoming]).batch
        waiting = second.lines.count() if second is not None else 0
    refunds = services.recognise_refunds(actor=accountant, on=today)

    # Insurance: families taking part in the programme (relocation's demo left applications with the agreement
    # signed, arrived or under follow-up); a claim where the labour register shows a member's contract ended.
    policies, claims = _insure_participants(accountant, controller, today=today, start=start)

    # Grants: one reported on, one disbursed, one approved, one awaiting a decision.
    grants = []
    for name, kind, code in GRANTEES:
        if code in units:
            grants.append(services.apply_grant(actor=accountant, kind=kind, grantee=name, region=units[code],
                                               purpose="Training and equipment for newly arrived members",
                                               requested_tiyn=rng.randrange(3_000_000, 12_000_000) * TIYN,
                                               applied_on=start + dt.timedelta(days=10)))
    for i, grant in enumerate(grants):
        if i < 2:
            services.decide_grant(grant.pk, actor=controller, approve=True, reason="Meets the fund's criteria.")
            services.disburse_grant(grant.pk, actor=accountant, on=start + dt.timedelta(days=30))
        if i == 0:
            services.report_grant(grant.pk, actor=accountant, report="14 members trained; equipment bought.")

    # The month before last is closed.
    closed = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    if closed >= start:
        services.close_period(closed, actor=accountant, reason="Month-end closing")
    log(f"fund: {contributions} contributions, {paid} payments in an approved batch, {waiting} awaiting approval, "
        f"{refunds} refunds owed, {policies} policies ({claims} claims paid), {len(grants)} grants")


def _participant_families() -> Any:
    """Families of the population register with a member taking part in the programme (fund/orders.py reads it)."""
    taking_part = orders.participant_ids()
    return (Family.objects.filter(Q(head__in=taking_part) | Q(members__person__in=taking_part)).distinct()
            .select_related("head__home_unit").order_by("id"))


def _insure_participants(accountant: Any, controller: Any, *, today: dt.date, start: dt.date) -> tuple[int, int]:
    """A claim paid for a participant family whose member's contract the labour register shows ended (if no
    participant's contract has ended yet, the employer of one under follow-up reports its termination three
    days ago), then policies for up to five more participant families. Every policy goes through
    `services.issue_policy`, which refuses a family that takes no part in the programme."""
    families = list(_participant_families())
    member_of = {pid: fam for fam in families
                 for pid in {fam.head_id, *fam.members.values_list("person_id", flat=True)}}
    ended = (Q(terminated_on__isnull=False, terminated_on__lte=today)
             | Q(terminated_on__isnull=True, end_date__isnull=False, end_date__lte=today))
    contract = (EmploymentContract.objects.filter(ended, employee_id__in=member_of).select_related("workplace_unit")
                .order_by("-terminated_on", "-end_date", "id").first())
    if contract is None:
        running = (EmploymentContract.objects.filter(employee_id__in=member_of, terminated_on__isnull=True,
                                                     start_date__lt=today - dt.timedelta(days=3))
                   .order_by("id").first())
        if running is not None:
            terminate_contract(running, event_date=today - dt.timedelta(days=3), registered_on=today,
                               actor=running.employer.users.first() or "seed_demo")
            contract = EmploymentContract.objects.select_related("workplace_unit").get(pk=running.pk)
    policies = claims = 0
    insured: set[int] = set()
    if contract is not None:
        lost_on = contract.terminated_on or contract.end_date
        assert lost_on is not None  # the filter takes ended contracts
        family = member_of[contract.employee_id]
        began = lost_on - dt.timedelta(days=90)
        policy = services.issue_policy(actor=accountant, family=family, holder=contract.employee,
                                       region=contract.workplace_unit, premium_tiyn=15_000 * TIYN,
                                       cover_tiyn=300_000 * TIYN, starts_on=began,
                                       ends_on=began + dt.timedelta(days=365))
        insured.add(family.pk)
        policies += 1
        claim = services.submit_claim(policy.pk, actor=accountant, contract=contract)
        services.decide_claim(claim.pk, actor=controller, approve=True,
                              reason="The labour register shows the contract terminated within the first year.",
                              on=today)
        claims += 1
    for family in families:
        home = family.head.home_unit
        if policies >= 6 or family.pk in insured or home is None:
            continue
        services.issue_policy(actor=accountant, family=family, holder=family.head, region=home,
                              premium_tiyn=15_000 * TIYN, cover_tiyn=300_000 * TIYN, starts_on=start,
                              ends_on=start + dt.timedelta(days=365))
        insured.add(family.pk)
        policies += 1
    return policies, claims


def _second_controller(n: int) -> Any:
    """A further demo controller ("controller2", ...) who signs batches the controller then releases."""
    from django.conf import settings

    from accounts.roles import Role

    user, created = User.objects.get_or_create(username=f"controller{n}", defaults={"role": Role.CONTROLLER})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    return user
