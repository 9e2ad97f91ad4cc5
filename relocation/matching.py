"""The programme's side of labour's matching: its approved participants and its quotas' free places.

labour/ knows nothing of the programme (DESIGN.md); its matching run asks the callables named in
settings.KOSHI_LABOUR_MATCHING_PROVIDERS for extra candidates and quota caps (labour/README.md, "The provider
hook"). This is the programme's provider.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Sum

from labour.models import JobSeeker

from .models import Application, Category, Quota
from .states import State

# Approved participants who have not yet settled with a job: from approval until the follow-up begins.
SEEKING_STATES = (State.APPROVED, State.AGREEMENT_SIGNED, State.ARRIVED)


def provider(*, on: dt.date, region: str | None) -> dict[str, Any]:
    """Approved participants (for `region`'s receiving region, or all) and each receiving region's cap.

    A participant's family already holds its quota places (reserved at approval), so the cap a region gets is
    its quota's free places for the year plus the places of the participants offered here: a run may send
    every participant to their own receiving region and nobody else beyond the free places (model law art. 5).
    """
    applications = (Application.objects.filter(state__in=SEEKING_STATES, category=Category.RESETTLERS)
                    .select_related("applicant", "receiving_region").order_by("id"))
    if region:
        applications = applications.filter(receiving_region__code=region)
    seekers = {s.person_id: s for s in JobSeeker.objects.filter(person_id__in=[a.applicant_id for a in applications])
               .select_related("occupation")}
    candidates, held = [], Counter[str]()
    for application in applications:
        code = application.receiving_region.code
        seeker = seekers.get(application.applicant_id)
        candidates.append({
            "key": str(application.applicant_id),
            "occupation": seeker.occupation.code if seeker and seeker.occupation is not None else None,
            "previous_wage_kzt": seeker.previous_wage_kzt if seeker else None,
            "family_size": max(application.places, 1),
            "preferred_regions": [code],
            "source": "relocation",
        })
        held[code] += 1
    free = (Quota.objects.filter(year=on.year, category=Category.RESETTLERS)
            .values("region__code").annotate(places=Sum("places"), reserved=Sum("reserved"), used=Sum("used")))
    quotas = {row["region__code"]: max(row["places"] - row["reserved"] - row["used"], 0) + held[row["region__code"]]
              for row in free if not region or row["region__code"] == region}
    return {"candidates": candidates, "quotas": quotas}
