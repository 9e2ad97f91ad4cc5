"""The one place where an application's states and transitions are declared.

A transition is a row of TRANSITIONS: its name, the states it may start from, the state it leads to, and who
may take it ("citizen" = the applicant's own account, "officer" = a user who may change applications in the
receiving region). services.transition() is the only writer of Application.state: it moves the state with a
conditional UPDATE (`WHERE state IN sources`), so two concurrent clicks cannot both succeed, and records a
Transition row (who, when, why).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application state", "in review")
    APPROVED = "approved", pgettext_lazy("application state", "approved")
    REFUSED = "refused", pgettext_lazy("application state", "refused")
    AGREEMENT_SIGNED = "agreement_signed", pgettext_lazy("application state", "agreement signed")
    ARRIVED = "arrived", pgettext_lazy("application state", "arrived")
    FOLLOW_UP = "follow_up", pgettext_lazy("application state", "under follow-up")
    COMPLETED = "completed", pgettext_lazy("application state", "completed")
    BREACHED = "breached", pgettext_lazy("application state", "breached")
    REFUND_ASSESSED = "refund_assessed", pgettext_lazy("application state", "refund assessed")
    CLOSED = "closed", pgettext_lazy("application state", "closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "withdrawn")
    WAITING = "waiting", pgettext_lazy("application state", "on the waiting list")


CITIZEN = "citizen"
OFFICER = "officer"


@dataclass(frozen=True)
class T:
    name: str
    sources: tuple[str, ...]
    target: str
    by: tuple[str, ...]
    label: str | Promise  # a lazy translation


S = State
TRANSITIONS: dict[str, T] = {t.name: t for t in (
    T("submit", (S.DRAFT,), S.SUBMITTED, (CITIZEN, OFFICER), _("Submit")),
    T("forward", (S.SUBMITTED,), S.IN_REVIEW, (OFFICER,), _("Forward to the receiving region")),
    T("approve", (S.IN_REVIEW,), S.APPROVED, (OFFICER,), _("Approve")),
    T("refuse", (S.IN_REVIEW,), S.REFUSED, (OFFICER,), _("Refuse")),
    T("sign_agreement", (S.APPROVED,), S.AGREEMENT_SIGNED, (OFFICER,), _("Sign the agreement")),
    T("cancel_agreement", (S.AGREEMENT_SIGNED,), S.CLOSED, (OFFICER,), _("Cancel the agreement")),
    T("confirm_arrival", (S.AGREEMENT_SIGNED,), S.ARRIVED, (OFFICER,), _("Confirm arrival")),
    T("start_follow_up", (S.ARRIVED,), S.FOLLOW_UP, (OFFICER,), _("Start follow-up")),
    T("complete", (S.FOLLOW_UP,), S.COMPLETED, (OFFICER,), _("Complete")),
    T("breach", (S.FOLLOW_UP,), S.BREACHED, (OFFICER,), _("Confirm a breach")),
    T("assess_refund", (S.BREACHED,), S.REFUND_ASSESSED, (OFFICER,), _("Assess the refund")),
    T("close", (S.REFUND_ASSESSED,), S.CLOSED, (OFFICER,), _("Close")),
    T("withdraw", (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.APPROVED, S.AGREEMENT_SIGNED, S.WAITING), S.WITHDRAWN,
      (CITIZEN,), _("Withdraw")),
    # Taken by an upheld appeal (model law art. 19(2)) and by the waiting list, never asked for by name:
    T("reinstate", (S.REFUSED,), S.APPROVED, (OFFICER,), _("Reinstate on appeal")),
    T("to_waiting_list", (S.REFUSED,), S.WAITING, (OFFICER,), _("Place on the waiting list on appeal")),
    T("take_place", (S.WAITING,), S.APPROVED, (OFFICER,), _("Take a freed quota place")),
    T("annul_breach", (S.BREACHED, S.REFUND_ASSESSED), S.FOLLOW_UP, (OFFICER,), _("Annul the breach on appeal")),
)}

# Transitions only services take (an appeal's decision, the waiting list): the pages and the API do not offer them.
BY_APPEAL = frozenset({"reinstate", "to_waiting_list", "take_place", "annul_breach"})

# States in which the application holds reserved places (released when it leaves them other than by arrival).
HOLDS_RESERVED = frozenset({S.APPROVED, S.AGREEMENT_SIGNED})
FINAL = frozenset({S.REFUSED, S.COMPLETED, S.CLOSED, S.WITHDRAWN})
# States in which a family takes part in the programme: its agreement is signed and its obligations run (before
# the move, after arrival, under follow-up). An approved application without a signed agreement does not count
# (the family may still withdraw and has undertaken nothing); completed, breached and closed ones no longer do.
PARTICIPATING = frozenset({S.AGREEMENT_SIGNED, S.ARRIVED, S.FOLLOW_UP})


def allowed(state: str) -> list[T]:
    """The transitions a given state allows, in declaration order."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.name not in BY_APPEAL]
