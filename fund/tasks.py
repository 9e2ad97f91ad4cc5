"""Scheduled work of the fund on the job queue (django-tasks): relocation's new refund debts become receivables,
and debts relocation closed other than by repayment (exempt, written off, time-barred, annulled on appeal) are
carried into the books. Runs after relocation's daily jobs (settings.KOSHI_APPS order)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def daily_debts(on: str | None = None) -> dict[str, int]:
    day = dt.date.fromisoformat(on) if on else None
    return {"receivables": services.recognise_refunds(actor="fund_daily", on=day),
            "closed": services.settle_debt_closures(actor="fund_daily", on=day)}


DAILY = [daily_debts]
