"""Demo data of the oversight room: the daily scan run over the demo registers, so that the inspector of North
Kazakhstan finds alerts on first login. Runs after labour's and registry's demo data (settings.KOSHI_APPS).

The registers' demo data already holds migrants without a contract and late entries; if the scan finds none
in North Kazakhstan (another seed, a small scale), a few plausible moves and hires are made through the
registers' own services first. Two alerts are resolved by the demo inspector, so the list shows both states.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from geo.models import TerritorialUnit
from people.iin import make_iin
from people.models import Person

from . import services
from .models import Alert, Rule, Status

HOME_REGION = "KZ-59"  # the demo inspector's territory
SOUTH = ["KZ-61", "KZ-31", "KZ-43", "KZ-79"]
OWNER_IIN = make_iin(dt.date(1961, 3, 12), "female", 4242)  # the owner who consents in registry's demo


def _ensure_some(rng: random.Random, today: dt.date, log) -> None:
    """A few migrants who came to North Kazakhstan two to four months ago and found no job; one hired late."""
    from labour.models import Employer
    from labour.services import register_contract
    from registry.services import Address, Request, register

    region = TerritorialUnit.objects.filter(code=HOME_REGION, valid_to__isnull=True).first()
    south = list(TerritorialUnit.objects.filter(code__in=SOUTH, valid_to__isnull=True))
    if region is None or not south:
        return
    adults = list(Person.objects.filter(home_unit__in=south, birth_date__lte=dt.date(2000, 1, 1),
                                        birth_date__gte=dt.date(1970, 1, 1), contracts__isnull=True)
                  .order_by("pk")[:200])
    rng.shuffle(adults)
    made = 0
    for person in adults[:6]:
        arrival = today - dt.timedelta(days=rng.randrange(60, 120))
        registered = arrival + dt.timedelta(days=rng.randrange(1, 6))
        register(Request(person=person, kind="permanent", procedure="standard", address=Address(
            region=region, settlement="Petropavl", street="Abai street", building=str(rng.randint(1, 90)),
            flat=str(rng.randint(1, 60)), premises="flat"), arrival_date=arrival, registered_on=registered,
            reason="work", owner_iin=OWNER_IIN,
            owner_consent_at=dt.datetime.combine(registered, dt.time(10), tzinfo=dt.UTC)))
        made += 1
    employer = Employer.objects.filter(region=region).order_by("pk").first()
    if employer is not None and len(adults) > 6:
        person = adults[6]
        arrival = today - dt.timedelta(days=50)
        register(Request(person=person, kind="permanent", procedure="standard", address=Address(
            region=region, settlement="Petropavl", street="Mira street", building="7", premises="dormitory"),
            arrival_date=arrival, registered_on=arrival, reason="work", owner_iin=OWNER_IIN,
            owner_consent_at=dt.datetime.combine(arrival, dt.time(10), tzinfo=dt.UTC)))
        start = arrival + dt.timedelta(days=7)
        register_contract(employer=employer, employee=person, position="Welder", workplace_unit=region,
                          start_date=start, wage_kzt=320_000, registered_on=start + dt.timedelta(days=14))
        made += 1
    log(f"oversight: {made} demo moves to {HOME_REGION} made through the registers' services")


def seed(*, rng: random.Random, scale: float, log) -> None:
    today = timezone.localdate()
    result = services.scan(on=today, actor="seed_demo")
    region = TerritorialUnit.objects.filter(code=HOME_REGION, valid_to__isnull=True).first()
    if region is not None and Alert.objects.filter(unit__path__startswith=region.path).count() < 3:
        _ensure_some(rng, today, log)
        result = services.scan(on=today, actor="seed_demo")
    inspector = User.objects.filter(username="inspector").first()
    resolved = 0
    scope = Alert.objects.none()
    if inspector is not None and inspector.scope_unit is not None:
        scope = Alert.objects.filter(unit__path__startswith=inspector.scope_unit.path, status=Status.OPEN)
    if scope.count() >= 4:  # leave most of them to resolve
        first = scope.filter(rule=Rule.CONTRACT_ENTRIES).order_by("due_date", "id").first()
        if first is not None:
            services.resolve(first, actor=inspector, outcome=Status.CONFIRMED,
                             reason="Employer notified; inspection planned for next month (art. 15(1)).")
            resolved += 1
        second = scope.filter(rule=Rule.NO_CONTRACT).order_by("due_date", "id").first()
        if second is not None:
            services.resolve(second, actor=inspector, outcome=Status.RESOLVED,
                             reason="The career centre offered help; the person is registered as a job seeker.")
            resolved += 1
    counts = ", ".join(f"{rule}: {n}" for rule, n in sorted(result.due.items())) or "none"
    log(f"oversight: scan of {today.isoformat()} — alerts due {counts}; {resolved} resolved by the inspector")
