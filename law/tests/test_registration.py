"""Registration rules and the liability for registering late (Rules No. 1427; Admin. Code art. 492)."""

import datetime as dt

import numpy as np
import pytest

from law.deadlines import registration_rules
from law.inputs import LawInputError
from law.penalties import late_registration_penalties, late_registration_penalty

DAY = dt.date(2025, 3, 10)


def test_registration_rules_give_age_deadline_and_stay_length():
    rules = registration_rules(DAY)
    assert (rules.min_age_years, rules.deadline_days, rules.temporary_min_stay_days) == (14, 10, 30)
    assert "migration-law/art-51/p-2" in rules.articles


def test_children_were_registered_from_birth_before_4_february_2020():
    assert registration_rules(dt.date(2020, 2, 3)).min_age_years == 0
    assert registration_rules(dt.date(2020, 2, 4)).min_age_years == 14


@pytest.mark.parametrize("gap, outcome, days_late, amount", [
    (0, "none", 0, 0), (10, "none", 0, 0), (11, "warning", 1, 0), (30, "warning", 20, 0),
    (31, "fine", 21, 7 * 3932), (400, "fine", 390, 7 * 3932),
])
def test_late_registration_on_both_sides_of_each_threshold(gap, outcome, days_late, amount):
    p = late_registration_penalty(arrival=DAY - dt.timedelta(days=gap), registered=DAY)
    assert (p.outcome, p.days_late, p.amount_kzt) == (outcome, days_late, amount)
    assert p.article == ("koap/art-492" if outcome != "none" else "model-law/art-12/p-1")


def test_the_fine_uses_the_general_mci_of_the_day_of_registration():
    arrival = dt.date(2022, 1, 1)
    assert late_registration_penalty(arrival=arrival, registered=dt.date(2022, 4, 1)).amount_kzt == 7 * 3063
    assert late_registration_penalty(arrival=dt.date(2026, 1, 1),
                                              registered=dt.date(2026, 3, 1)).amount_kzt == 30_275


def test_registering_before_arrival_is_never_late():
    p = late_registration_penalty(arrival=DAY, registered=DAY - dt.timedelta(days=3))
    assert (p.outcome, p.days_late) == ("none", 0)


def test_a_penalty_lists_the_parameters_it_used():
    p = late_registration_penalty(arrival=DAY - dt.timedelta(days=40), registered=DAY)
    assert {x.path for x in p.parameters} >= {"fines.art_492.fine_mci", "mci.general"}


def test_registration_before_the_laws_range_is_refused():
    with pytest.raises(LawInputError) as info:
        late_registration_penalty(arrival=dt.date(2015, 1, 1), registered=dt.date(2015, 3, 1))
    assert info.value.field == "registered"


def _pairs():
    """Both sides of each threshold (deadline, warning, fine), before arrival, on days of two MCI values."""
    out = []
    for registered in (DAY, dt.date(2022, 4, 1), dt.date(2026, 3, 1), dt.date(2017, 1, 1)):
        for gap in (-3, 0, 9, 10, 11, 12, 29, 30, 31, 32, 400):
            out.append((registered - dt.timedelta(days=gap), registered))
    return out


def test_the_vectorised_penalties_agree_with_the_single_penalty_for_every_pair():
    pairs = _pairs()
    many = late_registration_penalties([a for a, _ in pairs], [r for _, r in pairs])
    for i, (arrival, registered) in enumerate(pairs):
        one = late_registration_penalty(arrival=arrival, registered=registered)
        got = (int(many.days_late[i]), str(many.outcome[i]), int(many.amount_kzt[i]), str(many.article[i]))
        assert got == (one.days_late, one.outcome, one.amount_kzt, one.article), (arrival, registered)


@pytest.mark.parametrize("gap, outcome, days_late, amount", [
    (0, "none", 0, 0), (10, "none", 0, 0), (11, "warning", 1, 0), (30, "warning", 20, 0),
    (31, "fine", 21, 7 * 3932), (400, "fine", 390, 7 * 3932),
])
def test_vectorised_late_registration_on_both_sides_of_each_threshold(gap, outcome, days_late, amount):
    p = late_registration_penalties(np.array([DAY - dt.timedelta(days=gap)], dtype="datetime64[D]"),
                                             np.array([DAY], dtype="datetime64[D]"))
    assert (str(p.outcome[0]), int(p.days_late[0]), int(p.amount_kzt[0])) == (outcome, days_late, amount)


def test_vectorised_penalties_accept_iso_text_and_empty_input():
    p = late_registration_penalties(["2025-01-01"], ["2025-03-01"])
    assert (str(p.outcome[0]), int(p.amount_kzt[0])) == ("fine", 7 * 3932)
    assert late_registration_penalties([], []).outcome.size == 0


def test_vectorised_penalties_refuse_a_day_before_the_laws_range():
    with pytest.raises(LawInputError) as info:
        late_registration_penalties(["2015-01-01"], ["2015-03-01"])
    assert info.value.field == "registered"
