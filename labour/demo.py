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
from .models import Course, JobSeeker, SeekerStatus, Term
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
    citizen = User.objects.filter(username="citizen").select_related("person").first()
    citizen_person_id = citizen.person_id if citizen is not None else None
    candidates = [pk for pk in candidates if pk != citizen_person_id]
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
    seed_market(rng=rng, employers=employers, seekers=saved, citizen=citizen, receiving=receiving, log=log)


# Each demo employer's OKED division (by its section) and the occupations its vacancies ask for (ISCO-08).
DIVISIONS = {"A": "01", "B": "07", "C": "10", "D": "35", "F": "41", "H": "49", "Q": "86", "P": "85"}
JOBS = {
    "A": [("Tractor driver", "83"), ("Agronomist", "21"), ("Farm worker", "92")],
    "B": [("Mining machine operator", "81"), ("Electrician", "74")],
    "C": [("Welder", "72"), ("Machine operator", "81"), ("Food processing worker", "75")],
    "D": [("Electrician", "74"), ("Power engineer", "21")],
    "F": [("Builder", "71"), ("Construction labourer", "93")],
    "H": [("Truck driver", "83"), ("Mechanic", "72")],
    "Q": [("Nurse", "32"), ("Doctor", "22")],
    "P": [("Teacher", "23")],
}
SEEKER_OCCUPATIONS = ["72", "83", "71", "74", "81", "75", "92", "93", "32", "23", "21", "91", None]


def seed_market(*, rng: random.Random, employers, seekers, citizen, receiving, log) -> None:
    """Vacancies in the receiving regions, seekers' profiles, a matching run with offers, courses and duties,
    notices and a job fair — so that `employer`, `officer` (KZ-59), `inspector` and `citizen` see them alive."""
    from django.utils import timezone

    from accounts.audit import acting_as, record_bulk_update

    from . import services
    from .models import CourseDuty, EconomicActivity, JobOffer, MatchProposal, Occupation

    today = timezone.localdate()
    officer = User.objects.filter(username="officer").first() or "seed_demo"
    occupations = {o.code: o for o in Occupation.objects.all()}
    divisions = {a.code: a for a in EconomicActivity.objects.filter(level="division")}
    codes = [u.code for u in receiving]

    # seekers' profiles: occupation, previous wage, family, preferred receiving regions
    with acting_as("seed_demo"):
        for seeker in seekers:
            occ = rng.choice(SEEKER_OCCUPATIONS)
            seeker.occupation = occupations.get(occ) if occ else None
            seeker.previous_wage_kzt = rng.randrange(90_000, 400_000, 5_000) if rng.random() < 0.8 else None
            seeker.family_size = rng.choice([1, 1, 2, 3, 4, 5])
            seeker.preferred_regions = rng.sample(codes, k=rng.choice([0, 1, 2, 3])) if codes else []
        JobSeeker.objects.bulk_update(seekers, ["occupation", "previous_wage_kzt", "family_size", "preferred_regions"])
        record_bulk_update(seekers, ["occupation", "previous_wage_kzt", "family_size", "preferred_regions"],
                           reason="seed_demo")

    # the demo citizen: a welder from Turkistan registered as a job seeker, wanting North Kazakhstan
    if citizen is not None and citizen.person_id:
        person = citizen.person
        record = JobSeeker.objects.filter(person=person, ended_on__isnull=True).first()
        if record is None and person.home_unit_id:
            record = services.register_job_seeker(person, unit=person.home_unit, registered_on=dt.date(2025, 9, 1))
        if record is not None:
            with acting_as("seed_demo"):
                record.occupation = occupations["72"]
                record.previous_wage_kzt = 180_000
                record.family_size = 4
                record.preferred_regions = ["KZ-59"]
                record.save()

    # employers' OKED divisions and vacancies
    vacancies = []
    for n, employer in enumerate(employers):
        division = divisions.get(DIVISIONS.get(employer.sector, ""))
        if division is not None:
            services.set_employer_activity(employer, activity=division, actor="seed_demo")
        actor = employer.users.first() or "seed_demo"
        for title, occ in JOBS.get(employer.sector, [("Worker", "93")])[: 3 if n == 0 else 2]:
            housing = rng.choice(["none", "dormitory", "service_flat"])
            vacancies.append(services.post_vacancy(
                employer=employer, title=title, region=employer.region, settlement=employer.region.name,
                occupation=occupations[occ], places=rng.randint(2, 8),
                wage_kzt=rng.randrange(180_000, 520_000, 10_000), housing=housing,
                housing_rooms=rng.randint(1, 3) if housing == "service_flat" else None,
                starts_on=today + dt.timedelta(days=rng.randint(14, 60)),
                closes_on=today + dt.timedelta(days=rng.randint(20, 90)), actor=actor, today=today))
    first = employers[0]
    vacancies.append(services.post_vacancy(
        employer=first, title="Welder (grain dryers)", region=first.region, settlement="Petropavl",
        occupation=occupations["72"], places=6, wage_kzt=330_000, housing="service_flat", housing_rooms=3,
        starts_on=today + dt.timedelta(days=21), closes_on=today + dt.timedelta(days=45),
        actor=first.users.first() or "seed_demo", today=today))

    # a matching run for North Kazakhstan; the officer accepts some proposals (the citizen's among them)
    north = next((u for u in receiving if u.code == "KZ-59"), receiving[0])
    run = services.run_matching(on=today, region=north, actor=officer)
    proposals = list(MatchProposal.objects.filter(run=run).order_by("-score", "id"))
    chosen = [p for p in proposals if citizen is not None and p.person_id == citizen.person_id]
    chosen += [p for p in proposals if p not in chosen][: max(0, len(proposals) // 3)]
    for proposal in chosen:
        services.decide_proposal(proposal, accept=True, actor=officer, reason="seed_demo")
    offer_rows = JobOffer.objects.filter(proposal__run=run)
    if citizen is not None and citizen.person_id is not None:
        offer_rows = offer_rows.exclude(person_id=citizen.person_id)
    offers = list(offer_rows.order_by("id"))
    for offer in offers[: len(offers) // 2]:
        services.answer_offer(offer, accept=rng.random() < 0.7, actor="seed_demo", on=today)

    # courses, and enrolments for most of the migrants' course duties
    providers = [services.add_course_provider(name=name, region=unit, actor=officer if unit == north else "seed_demo")
                 for unit in receiving for name in (f"{unit.name}: Tіl language centre",)]
    courses: dict[str, list[Course]] = {}
    for provider in providers:
        courses.setdefault("state_language", []).append(services.add_course(
            provider=provider, kind="state_language", title="Kazakh for work, A1–A2", hours=72, format="blended",
            price_kzt=60_000, actor="seed_demo"))
        courses.setdefault("legal_literacy", []).append(services.add_course(
            provider=provider, kind="legal_literacy", title="Your rights at work", hours=16, format="online",
            price_kzt=15_000, actor="seed_demo"))
    duties = list(CourseDuty.objects.select_related("contract").order_by("id"))
    enrolled = completed = 0
    for duty in duties:
        if rng.random() < 0.3 or duty.contract.start_date > today:
            continue  # left undone: overdue once its deadline passes
        course = rng.choice(courses[duty.kind])
        on = duty.contract.start_date + dt.timedelta(days=rng.randint(5, 230))
        if on > today:
            continue
        actor = duty.contract.employer.users.first() or "seed_demo"
        enrolment = services.enrol(duty, course=course, enrolled_on=on, actor=actor)
        enrolled += 1
        if on + dt.timedelta(days=60) < today and rng.random() < 0.6:
            for week in range((course.hours + 7) // 8):
                services.record_attendance(enrolment, on=on + dt.timedelta(days=7 * week + 1), hours=8, actor=actor)
            services.complete_enrolment(enrolment, on=on + dt.timedelta(days=7 * ((course.hours + 7) // 8) + 1),
                                        actor=actor)
            completed += 1

    # the career centre's notices to North Kazakhstan's employers, and a job fair
    services.publish_notice(region=north, kind="news", title="Relocation programme: new quota for the region",
                            body="The Government's quota for resettlers this year is published; employers who "
                                 "hire resettlers are asked to post vacancies with housing.",
                            published_on=today - dt.timedelta(days=12), actor=officer)
    services.publish_notice(region=north, kind="quota", title="Quota left in North Kazakhstan",
                            body="Places of the relocation quota remain for the rest of the year.",
                            published_on=today - dt.timedelta(days=3), actor=officer)
    fair = services.publish_notice(region=north, kind="fair", title="Job fair for resettlers in Petropavl",
                                   body="Employers present their vacancies to families arriving under the "
                                        "programme.", published_on=today - dt.timedelta(days=5),
                                   fair_date=today + dt.timedelta(days=10),
                                   fair_place="Petropavl, Employment centre, Konstitutsii Kazakhstana St 38",
                                   actor=officer)
    for employer in employers:
        if employer.region_id == north.pk and employer is not first:
            services.reply_to_notice(fair, employer=employer, body="We take part.", attends_fair=True,
                                     vacancies=[v for v in vacancies if v.employer_id == employer.pk],
                                     actor="seed_demo")
    for seeker in seekers[:8]:
        services.invite_to_fair(fair, person=seeker.person, actor=officer)
    if citizen is not None and citizen.person_id:
        services.invite_to_fair(fair, person=citizen.person, actor=officer)
    log(f"labour: {len(vacancies)} vacancies, a matching run with {len(proposals)} proposals "
        f"({len(chosen)} accepted), {len(providers)} course providers, {enrolled} enrolments ({completed} "
        f"completed), 3 notices and a job fair")

