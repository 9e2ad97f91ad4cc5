"""A policy scenario: change the relocation subsidy (a parameter of the law) as an OpenFisca reform.

Cost: `law.services.simulate_population` runs the law's rules over the applicant families twice, with and
without the reform, and returns the totals in whole tenge. The applicant families are the open job seekers
registered in sending regions (residents of sending regions if there are none), one family
each (size = the person's family if recorded, else 1), each going to the receiving region nearest to it.

Flows (a model estimate, not a forecast of the law): participants respond to the support offered with an
assumed elasticity ELASTICITY (no Kazakh estimate exists; stated as an assumption): the relative change in
participants = ELASTICITY x the relative change in support per eligible family. The change is shared over
the receiving regions as the programme's last published results (stats/data/kz_resettlement_by_region.csv).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from django.db.models import Count
from django.utils import timezone

from geo.services import COUNTRY
from labour.models import JobSeeker
from law.inputs import LAW_END
from law.parameters import parameter_value
from law.population import simulate_population
from people.models import FamilyMember, Person

from . import selectors
from .analytics.ipf import distance_km
from .models import Indicator

ELASTICITY = 0.5
SUBSIDY_PATH = "relocation.subsidy_mci_per_member"


def _applicants(on: dt.date, sending: list[str]) -> tuple[list[str], list[int], str]:
    """Departure region and family size per applicant family."""
    basis = "job_seekers"
    rows = list(JobSeeker.objects.open_on(on).values_list("unit__path", "person_id"))
    if not rows:

        basis = "residents"
        rows = list(Person.objects.filter(home_unit__isnull=False).values_list("home_unit__path", "id")[:20000])
    codes_by_path = {r["path"]: r["code"] for r in selectors.units_frame().iter_rows(named=True)}

    member_counts = dict(FamilyMember.objects.values("family_id").annotate(n=Count("id")).values_list("family_id", "n"))
    family_of = dict(FamilyMember.objects.values_list("person_id", "family_id"))
    regions, members = [], []
    for path, person_id in rows:
        region = next((codes_by_path[p] for p in _prefixes(path) if p in codes_by_path), None)
        if region in sending:
            regions.append(region)
            family = family_of.get(person_id)
            members.append(max(1, member_counts.get(family, 1) if family is not None else 1))
    return regions, members, basis


def _prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts), 0, -1)]


def run_subsidy_scenario(*, new_subsidy_mci: int = 100, on: dt.date | None = None) -> dict:
    """Cost of the reform over the applicant families, and the model's change of programme flows."""

    on = min(on or timezone.localdate(), LAW_END)
    designation, basis = selectors.designation_frame(on)
    sending = designation.filter(pl.col("designation") == "sending")["unit"].to_list()
    receiving = designation.filter(pl.col("designation") == "receiving")["unit"].to_list()
    regions, members, applicants_basis = _applicants(on, sending)
    current = parameter_value(SUBSIDY_PATH, on).value
    result = {"on": on, "current_mci": current, "new_mci": new_subsidy_mci, "applicants_basis": applicants_basis,
              "families": len(regions), "designation_basis": basis, "elasticity": ELASTICITY, "error": ""}
    if not regions or not receiving:
        result["error"] = "no applicant families in sending regions"
        return result
    units = selectors.units_frame()
    pos = {r["code"]: (r["lon"], r["lat"]) for r in units.iter_rows(named=True)}
    rec = [c for c in receiving if c in pos]
    dist = distance_km(np.array([pos[c][0] for c in [*regions, *rec]]), np.array([pos[c][1] for c in [*regions, *rec]]))
    nearest = np.array(rec)[dist[: len(regions), len(regions):].argmin(axis=1)]
    families = {"members": np.array(members), "departure_region": np.array(regions), "arrival_region": nearest}
    sim = simulate_population(on=on, families=families, reform={SUBSIDY_PATH: new_subsidy_mci})
    base, reform = sim["baseline"], sim["reform"]
    per_family_base = base["totals_kzt"]["total"] / max(base["eligible_families"], 1)
    per_family_reform = reform["totals_kzt"]["total"] / max(reform["eligible_families"], 1)
    relative = (per_family_reform - per_family_base) / per_family_base if per_family_base else 0.0
    obs = selectors.observations([Indicator.RESETTLED])
    if not obs.is_empty():
        last = obs["period_end"].max()
        obs = obs.filter(pl.col("period_end") == last)
    flows = obs.filter(pl.col("unit") != COUNTRY).select("unit", pl.col("value").alias("baseline")).with_columns(
        (pl.col("baseline") * ELASTICITY * relative).alias("change"))
    result.update({"simulation": sim, "cost_change_kzt": sim["difference_kzt"]["total"],
                   "support_change_pct": relative * 100, "flows": flows,
                   "flows_period": str(obs["period_start"].min()) + " – " + str(obs["period_end"].max()) if obs.height else ""})
    return result
