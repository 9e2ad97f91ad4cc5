"""Model law art. 19: the appeal deadline, the days to decide, the deciding body and the limitation period are
dated parameters; each deadline is worked out here by hand from the article's figures."""

import datetime as dt

from law.appeals import (
    appeal_deadline,
    appeal_decision_due,
    debt_limitation_date,
    deciding_body,
    grievance_answer_due,
)


def test_an_appeal_may_be_filed_for_three_months_after_the_decision():
    d = appeal_deadline(dt.date(2026, 11, 30))
    assert d.due_date == dt.date(2027, 2, 28)  # 30 February does not exist: the month's last day
    assert d.article == "model-law/art-19/p-1" and d.parameters[0].value == 3
    assert appeal_deadline(dt.date(2026, 3, 15)).due_date == dt.date(2026, 6, 15)


def test_an_appeal_is_decided_within_20_working_days_and_a_grievance_answered_within_15():
    # Monday 2 March 2026; 8 March (Sunday) moves International Women's Day off to Monday 9 March;
    # Nauryz 21-23 March (Sat-Mon) -> off on 23, 24 and 25 March in the 2026 calendar.
    d = appeal_decision_due(dt.date(2026, 3, 2))
    assert d.due_date > dt.date(2026, 3, 2) + dt.timedelta(days=27)  # 20 working days are 4 weeks or more
    g = grievance_answer_due(dt.date(2026, 6, 1))  # no holidays from 1 to 22 June 2026
    assert g.due_date == dt.date(2026, 6, 22) and g.article == "model-law/art-19/p-4"


def test_the_body_deciding_appeals_is_the_regional_department_above_the_career_centre():
    level, name = deciding_body(dt.date(2026, 11, 30))
    assert level == 1 and "regional" in name


def test_a_debt_is_closed_three_years_after_it_fell_due():
    assert debt_limitation_date(dt.date(2026, 11, 14)).due_date == dt.date(2029, 11, 14)
    assert debt_limitation_date(dt.date(2028, 2, 29)).due_date == dt.date(2031, 2, 28)
