"""Appeals, grievances and debts owed to the programme (model law art. 19; law-facts.md has no
primary source for these periods, so the model law decides them): by when a decision may be appealed, by when an appeal is decided and a
grievance answered, which body decides, and when a debt is closed by limitation. Each answer is a
law.deadlines.Deadline carrying its article and the dated parameters it read."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils.translation import gettext_lazy as _

from law.deadlines import Deadline
from law.inputs import date_field
from law.parameters import parameter_value
from law.rules.calendar import add_working_days

APPEAL_ARTICLE = "model-law/art-19/p-1"
DECIDING_ARTICLE = "model-law/art-19/p-2"
PAUSE_ARTICLE = "model-law/art-19/p-3"
GRIEVANCE_ARTICLE = "model-law/art-19/p-4"
DEBT_ARTICLE = "model-law/art-19/p-5"
EXEMPTION_ARTICLE = "model-law/art-11/p-3"

# The values of `appeals.deciding_body_level`: who decides appeals.
BODIES = {
    1: _("the regional employment department (the body above the career centre)"),
    2: _("the ministry"),
}


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def _working_days(day: dt.date, n: int) -> dt.date:
    result: dt.date = add_working_days(np.array([day], dtype="datetime64[D]"), n)[0].astype(dt.date)
    return result


def appeal_deadline(decided_on: dt.date) -> Deadline:
    """The last day to appeal a decision taken (and made known) on `decided_on`: art. 19(1)."""
    decided_on = date_field(decided_on, "decided_on")
    months = parameter_value("appeals.deadline_months", decided_on)
    return Deadline(kind="appeal", event_date=decided_on, due_date=_add_months(decided_on, int(months.value)),
                    article=APPEAL_ARTICLE, parameters=(months,))


def appeal_decision_due(filed_on: dt.date) -> Deadline:
    """By when the body deciding appeals must decide one filed on `filed_on` (working days): art. 19(2)."""
    filed_on = date_field(filed_on, "filed_on")
    days = parameter_value("appeals.decision_working_days", filed_on)
    return Deadline(kind="appeal_decision", event_date=filed_on, due_date=_working_days(filed_on, int(days.value)),
                    article=DECIDING_ARTICLE, parameters=(days,))


def deciding_body(on: dt.date) -> tuple[int, str]:
    """The body that decides appeals on `on` (art. 19(2)): its level and its name in the active language."""
    level = int(parameter_value("appeals.deciding_body_level", date_field(on, "date")).value)
    return level, str(BODIES.get(level, level))


def grievance_answer_due(filed_on: dt.date) -> Deadline:
    """By when a grievance filed on `filed_on` must be answered (working days): art. 19(4)."""
    filed_on = date_field(filed_on, "filed_on")
    days = parameter_value("appeals.grievance_answer_working_days", filed_on)
    return Deadline(kind="grievance_answer", event_date=filed_on, due_date=_working_days(filed_on, int(days.value)),
                    article=GRIEVANCE_ARTICLE, parameters=(days,))


def debt_limitation_date(due_on: dt.date) -> Deadline:
    """The day a debt due on `due_on` is closed by limitation (art. 19(5))."""
    due_on = date_field(due_on, "due_on")
    years = parameter_value("appeals.debt_limitation_years", due_on)
    return Deadline(kind="debt_limitation", event_date=due_on, due_date=_add_months(due_on, 12 * int(years.value)),
                    article=DEBT_ARTICLE, parameters=(years,))
