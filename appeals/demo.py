"""Demo data of the appeals room: appeals against a refusal (one open, one upheld by the ministry — the demo
officer took the refusals, so may not decide them) and against a refund (open: recovery paused), grievances of
each kind (one overdue, one answered). Relocation's demo runs first; every write goes through appeals.services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from relocation.models import Application, Debt
from relocation.states import State

from . import services
from .models import Grievance, Subject


def seed(*, rng: random.Random, scale: float, log) -> None:
    officer = User.objects.filter(username="officer").first()
    ministry = User.objects.filter(username="ministry").first()
    if officer is None or ministry is None:
        log("appeals: no demo officer or ministry, nothing seeded")
        return
    today = timezone.localdate()
    refused = list(Application.objects.filter(state=State.REFUSED, receiving_region__code="KZ-59").order_by("id"))
    n = 0
    for i, app in enumerate(refused[:2]):
        appeal = services.file_appeal(actor=officer, application=app, subject=Subject.REFUSAL,
                                      language=rng.choice(["kk", "ru"]), reasons="The family brought a job-seeker "
                                      "certificate the career centre had not seen.", on=today)
        n += 1
        if i == 0:
            services.decide_appeal(appeal, actor=ministry, uphold=True, on=today,
                                   reasons="The certificate shows the applicant was registered in time.")
    debt = Debt.objects.filter(status=Debt.Status.OPEN, region__code="KZ-59").order_by("id").first()
    if debt is not None:
        services.file_appeal(actor=officer, application=debt.application, subject=Subject.REFUND, language="kk",
                             reasons="The family left because the employer transferred the head of family.",
                             on=today)
        n += 1
    else:  # no open debt (the demo's refunds may be 0 when the subsidy was not paid yet): appeal a breach
        breached = Application.objects.filter(state__in=[State.BREACHED, State.REFUND_ASSESSED],
                                              receiving_region__code="KZ-59").order_by("id").first()
        if breached is not None:
            services.file_appeal(actor=officer, application=breached, subject=Subject.BREACH, language="ru",
                                 reasons="The family moved within the region; the registry lags behind.", on=today)
            n += 1
    apps = list(Application.objects.filter(receiving_region__code="KZ-59").exclude(state=State.DRAFT)
                .order_by("id")[:4])
    texts = {Grievance.Kind.PAYMENT_NOT_RECEIVED: "The rent compensation for last month has not arrived.",
             Grievance.Kind.CONDUCT: "The officer did not accept my documents and gave no reason.",
             Grievance.Kind.WRONG_REGISTRATION: "My address in the register is my previous flat.",
             Grievance.Kind.OTHER: "I cannot log in to see my application."}
    g = 0
    for app, (kind, text) in zip(apps, texts.items(), strict=False):
        filed = today - dt.timedelta(days=40 if kind == Grievance.Kind.CONDUCT else 3)
        grievance = services.file_grievance(actor=officer, person=app.applicant, kind=kind, text=text, region=None,
                                            language="ru", application=app, on=filed)
        if kind == Grievance.Kind.OTHER:
            services.answer_grievance(grievance, actor=officer, on=today,
                                      answer="Your account is linked to your application now.")
        g += 1
    log(f"appeals: {n} appeals, {g} grievances")
