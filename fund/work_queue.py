"""Work the fund has waiting: batches to approve (the controller; never one's own) and orders due for payment
(the accountant), oldest first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import can
from lib.work_queue import WorkItem, WorkSection

from . import orders, selectors
from .models import TIYN, Measure, PaymentBatch
from .reports import money

MEASURES = dict(Measure.choices)

SHOWN = 10


def sections(user) -> list[WorkSection]:
    out: list[WorkSection] = []
    today = timezone.localdate()
    if can(user, "decide", PaymentBatch):
        # never one's own, nor one this user signed (sign and release are incompatible duties: controls.py)
        batches = selectors.batches_awaiting_approval().exclude(prepared_by=user).exclude(signatures__signer=user)
        items = [WorkItem(label=_("Batch №%(n)s, %(count)s payments, prepared by %(who)s")
                          % {"n": b.pk, "count": b.lines.count(), "who": b.prepared_by},
                          url=reverse("fund:batch", args=[b.pk]), since=timezone.localtime(b.prepared_at).date(),
                          action=pgettext("payment batch", "Approve"), overdue=b.pay_on < today)
                 for b in batches.select_related("prepared_by")[:SHOWN]]
        out.append(WorkSection(_("Payment batches to approve"), items, batches.count(), reverse("fund:batches")))
    if can(user, "add", PaymentBatch):
        due = orders.payable(due_by=today, limit=SHOWN)
        items = [WorkItem(label=_("Order %(n)s: %(measure)s, %(amount)s tenge")
                          % {"n": o.id, "measure": MEASURES.get(o.measure, o.measure), "amount": money(o.amount_kzt * TIYN)},
                          url=reverse("fund:batches"), since=o.due_on, action=_("Prepare a batch"),
                          overdue=o.due_on < today)
                 for o in due]
        out.append(WorkSection(_("Payment orders due"), items, orders.payable_count(due_by=today),
                               reverse("fund:batches")))
    return out
