"""Demo data of the surveys room: the study's questionnaire uploaded by the demo researcher, enumerators assigned
in the six receiving regions (the demo user `enumerator` in North Kazakhstan), a synthetic but plausible sample
of interviews collected through the same checks as the web form, and its weights. Reproducible from the seed.

The answers are synthetic: shaped like the study's findings (most movers come from the southern regions for
work and wages; formal work and support go with the intention to stay), not copied from any real respondent."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accounts.models import User
from accounts.roles import Role
from geo.models import TerritorialUnit
from people.iin import make_iin

from . import services
from .forms.build_migrants import SETTLEMENTS
from .models import Form, Submission

FORM_FILE = Path(__file__).parent / "forms" / "migrants.xlsx"
RECEIVING = ["KZ-59", "KZ-11", "KZ-39", "KZ-55", "KZ-63", "KZ-10"]
SENDING = {"KZ-61": 30, "KZ-31": 14, "KZ-43": 12, "KZ-79": 12, "KZ-47": 6, "KZ-75": 6, "KZ-19": 8, "KZ-35": 6,
           "KZ-15": 6}
PER_REGION = 90
#: the age structure used for raking in the demo: geo holds BNS population by region and sex but no age
#: breakdown, so these shares are illustrative (replace them with BNS's age table in the sampling plan)
DEMO_AGE_SHARES = {"18-29": 0.26, "30-44": 0.33, "45-59": 0.24, "60+": 0.17}
AGE_SOURCE = "illustrative shares for the demo (geo holds no age breakdown)"


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def interview(rng: random.Random, region: str, serial: int) -> dict[str, Any]:
    """One synthetic respondent's answers, as the web form would send them."""
    if rng.random() < 0.05:
        return {"consent": "no"}
    sex = "male" if rng.random() < 0.56 else "female"
    age = max(18, min(80, int(rng.triangular(18, 72, 31))))
    programme = rng.random() < 0.35
    reasons = [r for r, p in (("work", 0.6), ("wages", 0.45), ("housing", 0.2), ("family", 0.18),
                              ("study", 0.06)) if rng.random() < p]
    if programme:
        reasons.append("programme")
    if not reasons or rng.random() < 0.03:
        reasons.append("other")
    support = [s for s, p in (("subsidy", 0.75), ("housing", 0.45), ("job", 0.4), ("course", 0.3))
               if programme and rng.random() < p] or (["job"] if rng.random() < 0.15 else ["none"])
    members = []
    if age > 22 and rng.random() < 0.6:
        members.append({"member_relation": "spouse", "member_sex": "female" if sex == "male" else "male",
                        "member_age": str(max(18, age + rng.randint(-5, 5)))})
    for _child in range(rng.choice([0, 0, 1, 1, 2, 3]) if 22 < age < 55 else 0):
        members.append({"member_relation": "child", "member_sex": rng.choice(["male", "female"]),
                        "member_age": str(rng.randint(0, max(0, min(25, age - 20))))})
    for member in members:
        if int(member["member_age"]) >= 16:
            member["member_works"] = "yes" if rng.random() < 0.6 else "no"
    employed = rng.random() < (0.82 if age < 60 else 0.3)
    answers: dict[str, Any] = {
        "consent": "yes", "sex": sex, "age": str(age), "origin": _pick(rng, SENDING), "region": region,
        "settlement": rng.choice([s[1] for s in SETTLEMENTS if s[0] == region]),
        "moved_year": str(rng.choice([2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2025, 2025, 2026])),
        "reasons": reasons, "support": support, "member": members,
        "employed": "yes" if employed else "no",
        "language": _pick(rng, {"kazakh": 55, "both": 30, "russian": 13, "other": 2}),
    }
    if "other" in reasons:
        answers["reasons_other"] = rng.choice(["Климат", "Экология", "Жақын туыстар"])
    formal = False
    if employed:
        contract = _pick(rng, {"written": 78 if programme else 58, "verbal": 12 if programme else 28, "self": 10})
        formal = contract == "written"
        answers["sector"] = _pick(rng, {"agriculture": 30, "industry": 20, "construction": 18, "trade": 20,
                                        "public": 12})
        answers["contract"] = contract
    score = 3.0 + 0.5 * formal + 0.4 * programme + (0.3 if region in ("KZ-55", "KZ-39") else 0) + rng.gauss(0, 0.9)
    satisfaction = max(1, min(5, round(score)))
    answers["satisfaction"] = str(satisfaction)
    logit = -1.6 + 0.55 * satisfaction + 0.5 * formal + 0.4 * programme - 0.01 * (age - 35)
    p_yes = 1 / (1 + math.exp(-logit))
    answers["stay_5y"] = "yes" if rng.random() < p_yes else ("unsure" if rng.random() < 0.55 else "no")
    if rng.random() < 0.3:
        birth = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
        answers["iin"] = make_iin(birth, sex, 5000 + serial)
    return answers


def seed(*, rng: random.Random, scale: float, log) -> None:
    researcher = User.objects.filter(username="researcher").first()
    if researcher is None or not FORM_FILE.exists():
        log("surveys: no demo researcher; skipped")
        return
    form = Form.objects.filter(form_id="koshi_migrants").first()
    if form is None:
        version = services.upload_form(actor=researcher, filename=FORM_FILE.name, content=FORM_FILE.read_bytes())
        form = version.form
    else:
        current = form.current_version
        assert current is not None, "an uploaded form has a current version"
        version = current
    units = {u.code: u for u in TerritorialUnit.objects.current().first_level()}
    collectors = {}
    for code in RECEIVING:
        username = "enumerator" if code == "KZ-59" else f"enumerator-{code.lower()}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=Role.ENUMERATOR, scope_unit=units[code])
            user.set_unusable_password()
            user.save()
        services.assign(actor=researcher, form=form, enumerator=user, unit=units[code])
        collectors[code] = user
    year, population = _population()
    services.set_sampling_plan(actor=researcher, form=form, plan={
        "strata": {code: {"population": population.get((code, "male"), 0) + population.get((code, "female"), 0),
                          "sample": _per_region(scale)} for code in RECEIVING
                   if population.get((code, "male"))},
        "age_shares": DEMO_AGE_SHARES, "age_source": AGE_SOURCE,
    })
    if Submission.objects.filter(form=form).exists():
        log("surveys: demo interviews already present")
        return
    kept = 0
    for code in RECEIVING:
        for serial in range(_per_region(scale)):
            answers = interview(rng, code, serial)
            services.submit(actor=collectors[code], version=version, answers=answers, lang="en")
            kept += 1
    run = services.compute_weights(actor=researcher, form=form)
    log(f"surveys: questionnaire '{form.form_id}' v{version.version}, {kept} interviews in {len(RECEIVING)} regions, "
        f"weights raked to BNS {year} (design effect {run.summary['final']['deff']:.2f})")


def _per_region(scale: float) -> int:
    """Interviews per region: 90 at seed_demo's default scale (0.001), within 20–300."""
    return max(20, min(300, round(PER_REGION * scale / 0.001)))


def _population() -> tuple[int | None, dict[tuple[str, str], int]]:
    from .selectors import population_by_region_and_sex

    return population_by_region_and_sex()
