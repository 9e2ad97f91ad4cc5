"""After arrival: the 5-year obligation to live and work in the receiving region, and the pro-rata refund."""

from datetime import date

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from law.rules.common import Array, GroupPopulation, Money, Parameters, Period, add_years
from law.rules.entities import Family


class obligation_end_date(Variable):
    value_type = date
    entity = Family
    definition_period = DateUnit.DAY
    label = "Day on which the obligation to live and work in the receiving region ends"
    reference = ["model-law/art-11/p-1"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 11(1): a participant family undertakes to live and work in the receiving region
        for 5 years from the day of arrival; the obligation ends on the same calendar day 5 years later."""
        years = int(parameters(period).relocation.obligation_years)
        return add_years(family("programme_arrival_date", period), years)


class subsidy_refund(Money, Variable):
    value_type = int
    entity = Family
    definition_period = DateUnit.DAY
    label = "Part of the relocation subsidy to refund after leaving early, pro rata to the days not served, whole tenge"
    reference = ["model-law/art-11/p-2"]

    def formula(family: GroupPopulation, period: Period, parameters: Parameters) -> Array:
        """Model law art. 11(2): a family that leaves before the 5 years end refunds the relocation
        subsidy in proportion to the days of the obligation not served, rounded down to the whole tenge
        (in the family's favour)."""
        arrival = np.asarray(family("programme_arrival_date", period), dtype="datetime64[D]")
        departure = np.asarray(family("programme_departure_date", period), dtype="datetime64[D]")
        end = np.asarray(family("obligation_end_date", period), dtype="datetime64[D]")
        total = (end - arrival).astype(np.int64)
        served = np.clip((departure - arrival).astype(np.int64), 0, total)
        unserved = total - served
        paid = family("subsidy_paid", period).astype(np.int64)
        # Rounded down to the whole tenge, in the participant's favour (art. 11(2)).
        return np.where(total > 0, paid * unserved // np.maximum(total, 1), 0)
