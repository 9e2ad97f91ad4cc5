"""Demo data of the labour room: employers in the labour-deficit north, contracts of people from the
labour-surplus south, and job seekers in the sending regions. Reproducible from the seed."""

from __future__ import annotations

import datetime as dt
import random

from accounts.audit import record_bulk_create
from accounts.models import User
from geo.models import TerritorialUnit
from people.models import Person

from .bin import make_bin
from .models import JobSeeker, SeekerStatus, Term
from .services import register_contract, register_employer

# Receiving (labour-deficit) and sending (labour-surplus) regions, as DESIGN.md describes them.
RECEIVING = ["KZ-59", "KZ-11", "KZ-39", "KZ-55", "KZ-63", "KZ-10"]
SENDING = ["KZ-61", "KZ-31", "KZ-43", "KZ-79", "KZ-47"]

EMPLOYERS = [
    ("Kyzyl-Zhar Grain LLP", "A"), ("Petropavl Heavy Machinery JSC", "C"), ("Esil Agro LLP", "A"),
    ("Kokshetau Construction LLP", "F"), ("Kostanay Minerals JSC", "B"), ("Tobol Milk LLP", "C"),
    ("Pavlodar Petrochemical Works LLP", "C"), ("Ekibastuz Energy LLP", "D"), ("Irtysh Logistics LLP", "H"),
    ("Oskemen Titanium JSC", "C"), ("Altai Timber LLP", "A"), ("Semey Meat Processing LLP", "C"),
    ("North Clinics LLP", "Q"), ("Steppe Schools Foundation", "P"), ("Akmola Rail Services LLP", "H"),
]
POSITIONS = ["Tractor driver", "Welder", "Electrician", "Mechanic", "Nurse", "Teacher", "Machine operator",
             "Agronomist", "Builder", "Truck driver", "Veterinarian", "Accountant"]


def seed(*, rng: random.Random, scale: float, log) -> None:
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    receiving = [units[c] for c in RECEIVING if c in units]
    sending = [units[c] for c in SENDING if c in units]
    if not receiving or not sending:
        log("labour: no reference regions, nothing seeded")
        return
    employer_user = User.objects.filter(username="employer").first()
    employers = []
    for n, (name, sector) in enumerate(EMPLOYERS):
        region = receiving[n % len(receiving)]
        users = [employer_user] if employer_user is not None and n == 0 else []
        employers.append(register_employer(bin=make_bin(2005 + n % 15, 1 + n % 12, 100 + n * 37), name=name,
                                           region=region, sector=sector, users=users))

    # Contracts: working-age people of the south hired by northern employers
    n_contracts = max(60, min(1500, round(300_000 * scale)))
    candidates = list(
        Person.objects.filter(home_unit__in=sending, birth_date__lte=dt.date(2003, 1, 1),
                              birth_date__gte=dt.date(1968, 1, 1)).order_by("pk").values_list("pk", flat=True))
    rng.shuffle(candidates)
    hired = candidates[:n_contracts]
    persons = Person.objects.in_bulk(hired)
    late = 0
    for pk in hired:
        employer = rng.choice(employers)
        start = dt.date(2024, 1, 8) + dt.timedelta(days=rng.randrange(640))
        delay = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 20]) if rng.random() < 0.3 else rng.randrange(4)
        fixed = rng.random() < 0.35
        contract = register_contract(
            employer=employer, employee=persons[pk], position=rng.choice(POSITIONS), workplace_unit=employer.region,
            start_date=start, term=Term.FIXED if fixed else Term.INDEFINITE,
            end_date=start + dt.timedelta(days=365 * rng.choice([1, 2, 3])) if fixed else None,
            wage_kzt=rng.randrange(180_000, 650_000, 5_000), registered_on=start + dt.timedelta(days=delay))
        late += contract.entries.get().is_late

    # Job seekers in the sending regions (the relocation programme and the reform scenario read them)
    n_seekers = max(80, min(3000, round(600_000 * scale)))
    rest = candidates[n_contracts:n_contracts + n_seekers]
    homes = dict(Person.objects.filter(pk__in=rest).values_list("pk", "home_unit_id"))
    seekers = []
    for pk in rest:
        person = Person(pk=pk)
        registered = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randrange(700))
        ended = registered + dt.timedelta(days=rng.randrange(30, 300)) if rng.random() < 0.25 else None
        seekers.append(JobSeeker(person=person, unit_id=homes[pk], registered_on=registered,
                                 status=SeekerStatus.UNEMPLOYED if rng.random() < 0.55 else SeekerStatus.JOB_SEEKER,
                                 ended_on=ended if ended and ended <= dt.date(2025, 12, 31) else None))
    JobSeeker.objects.bulk_create(seekers, batch_size=2000)
    saved = list(JobSeeker.objects.filter(person_id__in=rest).order_by("pk"))
    record_bulk_create(saved, reason="seed_demo")
    log(f"labour: {len(employers)} employers, {len(hired)} contracts ({late} entered late), {len(saved)} job seekers")

