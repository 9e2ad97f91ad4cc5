"""Test helpers of the fund room: people with bank accounts, relocation payment orders, the fund's staff.

Orders are created with relocation's models directly (a fixture, as relocation's own services would leave them);
fund code itself reaches relocation only through fund/orders.py.
"""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.roles import Role
from accounts.testing import a_person_in, a_user, unit
from fund import services
from fund.models import PayeeAccount
from relocation.models import Application, ApplicationMember, PaymentOrder

_n = itertools.count(1)


def an_accountant():
    return a_user(Role.ACCOUNTANT)


def a_controller():
    return a_user(Role.CONTROLLER)


def a_participant(region: str = "KZ-59", person=None):
    """A person with a KZ IBAN on file (the register needs one)."""
    person = person or a_person_in("KZ-61")
    PayeeAccount.objects.create(person=person, iban=f"KZ{next(_n):018d}", holder_iin=person.iin)
    return person


def an_order(person=None, *, region: str = "KZ-59", measure: str = "relocation_subsidy", amount_kzt: int = 276_800,
             period_start: dt.date = dt.date(2025, 3, 1), due_on: dt.date | None = None,
             status: str = "due") -> PaymentOrder:
    person = person or a_participant(region)
    app = Application.objects.create(applicant=person, departure_region=unit("KZ-61"), departure_settlement="Saryagash",
                                     receiving_region=unit(region), settlement_type="city")
    return PaymentOrder.objects.create(
        application=app, beneficiary=person, region=unit(region), measure=measure, period_start=period_start,
        period_end=period_start, amount_kzt=amount_kzt, article="model-law/art-10/p-1", status=status,
        due_on=due_on or period_start)


def paid_batch(accountant, controller, orders, pay_on=dt.date(2025, 3, 10)):
    prepared = services.prepare_batch(actor=accountant, pay_on=pay_on, order_ids=[o.pk for o in orders])
    return services.approve_batch(prepared.batch.pk, actor=controller)


_bins_made: set[str] = set()


def _new_bin() -> str:
    """A valid BIN no call made before: make_bin moves on to the next serial where one has no check digit, so two
    consecutive serials can give the same BIN (a property test once made two employers with one BIN)."""
    from labour.bin import make_bin

    while (made := make_bin(2010, 5, next(_n))) in _bins_made:
        pass
    _bins_made.add(made)
    return made


def an_ended_contract(person, *, ended_on: dt.date, region: str = "KZ-59"):
    """A contract of `person` that the labour register shows terminated on `ended_on`."""
    from labour.models import Employer, EmploymentContract

    employer = Employer.objects.create(bin=_new_bin(), name="Kyzylzhar Agro LLP",
                                       region=unit(region), sector="A")
    return EmploymentContract.objects.create(employer=employer, employee=person, position="tractor driver",
                                             workplace_unit=unit(region), start_date=ended_on - dt.timedelta(days=90),
                                             wage_kzt=250_000, terminated_on=ended_on)


def a_family_of(person):
    from people.models import Family, FamilyMember

    family = Family.objects.create(head=person)
    FamilyMember.objects.create(family=family, person=person, relation="head")
    return family


def a_participant_family(person, *, region: str = "KZ-59", state: str = "arrived", member=None):
    """`person`'s family in the population register, taking part in the relocation programme: an application of
    theirs (or of `member`, another member of the family) stands in `state` (a fixture, as relocation's services
    would leave it)."""
    from people.models import FamilyMember

    family = a_family_of(person)
    applicant = person
    if member is not None:
        FamilyMember.objects.create(family=family, person=member, relation="spouse")
        applicant = member
    app = Application.objects.create(applicant=applicant, departure_region=unit("KZ-61"),
                                     departure_settlement="Saryagash", receiving_region=unit(region),
                                     settlement_type="city", state=state)
    ApplicationMember.objects.create(application=app, person=applicant, relation="head")
    return family
