"""What a participant owes back: the pro-rata refund of the relocation subsidy after leaving the receiving
region before the obligation ended (model law art. 11)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils.translation import gettext as _

from law.evaluation import Amount
from law.inputs import LAW_START, MAX_SUBSIDY_KZT, LawInputError, date_field, in_range, whole_tenge
from law.parameters import variable_labels
from law.rules.simulate import build, period_of

REFUND_ARTICLE = "model-law/art-11/p-2"
EXEMPTION_ARTICLE = "model-law/art-11/p-3"
# Model law art. 11(3): no refund when the family left because of one of these, as the career centre decided.
EXEMPTION_GROUNDS = ("death", "illness", "disaster", "conscription", "transfer")


def subsidy_refund(*, on: dt.date, subsidy_kzt: int, arrival: dt.date, departure: dt.date,
                   exemption: str = "") -> Amount:
    """The part of the relocation subsidy to refund when the family left the receiving region on `departure`
    before its obligation ended (model law art. 11(2)): pro rata to the days not served, rounded down.
    With an exemption the career centre decided (`exemption`, one of EXEMPTION_GROUNDS: art. 11(3)) it is 0."""
    on = date_field(on, "date")
    arrival = date_field(arrival, "arrival")
    departure = date_field(departure, "departure")
    in_range(on, "date", LAW_START)
    subsidy = whole_tenge(subsidy_kzt, "subsidy_kzt", maximum=MAX_SUBSIDY_KZT)
    if departure < arrival:
        raise LawInputError("departure", _("is before the arrival"))
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                family_inputs={"subsidy_paid": np.array([subsidy], dtype=np.int64),
                               "programme_arrival_date": np.array([arrival.isoformat()], dtype="datetime64[D]"),
                               "programme_departure_date": np.array([departure.isoformat()], dtype="datetime64[D]")})
    if exemption:
        if exemption not in EXEMPTION_GROUNDS:
            raise LawInputError("exemption", _("is not a ground the law names"))
        return Amount(name="subsidy_refund", amount_kzt=0, article=EXEMPTION_ARTICLE,
                      label=variable_labels()["subsidy_refund"])
    amount = int(sim.calculate("subsidy_refund", period_of(on))[0])
    return Amount(name="subsidy_refund", amount_kzt=amount, article=REFUND_ARTICLE,
                  label=variable_labels()["subsidy_refund"])
