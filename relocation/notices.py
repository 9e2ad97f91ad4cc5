"""The words of in-site notices and e-mails, in the reader's language (a notice stores its kind, not a text)."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import Notification
from .states import TRANSITIONS


def _messages() -> dict[str, str]:
    return {
        "create": _("Your application №%(number)s was created as a draft."),
        "submit": _("Your application №%(number)s was submitted; the receiving region's career centre will receive it within one working day."),
        "forward": _("Your application №%(number)s reached the receiving region's career centre and is in review."),
        "approve": _("Your application №%(number)s was approved: places are reserved for your family."),
        "refuse": _("Your application №%(number)s was refused. The decision and its articles are on your page."),
        "sign_agreement": _("The agreement on your application №%(number)s is signed: download it from your page."),
        "cancel_agreement": _("The agreement on your application №%(number)s was cancelled."),
        "confirm_arrival": _("Your arrival is confirmed (application №%(number)s): the payments are due."),
        "start_follow_up": _("Your obligations under application №%(number)s have started."),
        "complete": _("Your participation (application №%(number)s) is completed: thank you."),
        "breach": _("A breach of your obligations under application №%(number)s was confirmed."),
        "assess_refund": _("A refund of the subsidy is assessed on application №%(number)s."),
        "close": _("Your application №%(number)s is closed."),
        "withdraw": _("Your application №%(number)s was withdrawn."),
        "housing_certificate": _("The housing certificate on application №%(number)s is due for payment."),
        "arrival_reminder": _("Reminder: your planned arrival under application №%(number)s is on %(date)s; register your residence in the receiving region."),
        "employment_reminder": _("Reminder: under application №%(number)s an employment contract must be registered by %(date)s (model law, article 15)."),
        "refund_reminder": _("Reminder: the refund of the subsidy on application №%(number)s is due on %(date)s."),
        "flag_deregistered": _("Application №%(number)s: the registry shows no registration in the receiving region."),
        "flag_no_contract": _("Application №%(number)s: no active employment contract is registered."),
        "flag_contract_ended": _("Application №%(number)s: your employment contract has ended."),
        "debt_reminder": _("Application №%(number)s: %(owed_kzt)s tenge of the refund are still owed."),
        "appeal_filed": _("Your appeal №%(appeal)s on application №%(number)s is registered."),
        "appeal_decided": _("Your appeal №%(appeal)s on application №%(number)s is decided: the decision and its reasons are on your page."),
    }


def text_of(notice: Notification) -> tuple[str, str]:
    """(subject, body) of a notice in the active language."""
    params = {"number": notice.application_id or "", "date": "", "appeal": "", "owed_kzt": "",
              **(notice.params or {})}
    # the notice keeps the date as ISO and the amount as a number; the reader sees them in the locale's format
    if params["date"]:
        params["date"] = date_format(dt.date.fromisoformat(params["date"]), "SHORT_DATE_FORMAT")
    if params["owed_kzt"] != "":
        params["owed_kzt"] = number_format(params["owed_kzt"], force_grouping=True)
    body = _messages().get(notice.kind, "%(number)s") % params
    subject = _("Koshi: relocation programme")
    if notice.kind in TRANSITIONS:
        subject = f"{subject} · {TRANSITIONS[notice.kind].label}"
    return subject, body
