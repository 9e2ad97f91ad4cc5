"""Work the fund has waiting: batches to approve (the controller; never one's own), insurance claims and grant
applications to decide (the controller), orders due for payment, approved grants to disburse and grantees'
reports overdue (the accountant), oldest first; each within the user's territory."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import can
from lib.work_queue import WorkItem, WorkSection

from . import orders, selectors
from .models import TIYN, Grant, InsuranceClaim, Measure, PaymentBatch
from .reports import money

MEASURES = dict(Measure.choices)

SHOWN = 10


def _add(out: list[WorkSection], section: WorkSection) -> None:
    if section.total:
        out.append(section)


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
    if can(user, "decide", InsuranceClaim):
        claims = InsuranceClaim.objects.visible_to(user, "decide").filter(
            status=InsuranceClaim.Status.SUBMITTED).select_related("policy__holder").order_by("id")
        items = [WorkItem(label=_("Claim %(n)s: %(holder)s lost the job on %(day)s")
                          % {"n": c.pk, "holder": c.policy.holder.full_name, "day": f"{c.job_lost_on:%d.%m.%Y}"},
                          url=reverse("fund:policy", args=[c.policy_id]), since=c.job_lost_on,
                          action=_("Decide"), overdue=(today - c.job_lost_on).days > 30)
                 for c in claims[:SHOWN]]
        _add(out, WorkSection(_("Insurance claims to decide"), items, claims.count(),
                               reverse("fund:insurance") + "?status=submitted"))
    if can(user, "decide", Grant):
        applied = Grant.objects.visible_to(user, "decide").filter(status=Grant.Status.APPLIED).order_by("applied_on")
        items = [WorkItem(label=_("Grant %(n)s: %(grantee)s asks %(amount)s tenge")
                          % {"n": g.pk, "grantee": g.grantee, "amount": money(g.requested_tiyn)},
                          url=reverse("fund:grant", args=[g.pk]), since=g.applied_on, action=_("Decide"))
                 for g in applied[:SHOWN]]
        _add(out, WorkSection(_("Grant applications to decide"), items, applied.count(),
                               reverse("fund:grants") + "?status=applied"))
    if can(user, "add", Grant):
        approved = Grant.objects.visible_to(user, "add").filter(status=Grant.Status.APPROVED).order_by("applied_on")
        items = [WorkItem(label=_("Grant %(n)s: %(grantee)s, %(amount)s tenge awarded")
                          % {"n": g.pk, "grantee": g.grantee, "amount": money(g.awarded_tiyn)},
                          url=reverse("fund:grant", args=[g.pk]), since=g.applied_on, action=_("Disburse"))
                 for g in approved[:SHOWN]]
        _add(out, WorkSection(_("Grants to disburse"), items, approved.count(),
                               reverse("fund:grants") + "?status=approved"))
    if can(user, "change", Grant):
        overdue = Grant.objects.visible_to(user, "change").filter(
            status=Grant.Status.DISBURSED, report_due__lt=today).order_by("report_due")
        items = [WorkItem(label=_("Grant %(n)s: %(grantee)s owes its report") % {"n": g.pk, "grantee": g.grantee},
                          url=reverse("fund:grant", args=[g.pk]), since=g.report_due or today,
                          action=_("Record the grantee's report"), overdue=True)
                 for g in overdue[:SHOWN]]
        _add(out, WorkSection(_("Grantees' reports overdue"), items, overdue.count(),
                               reverse("fund:grants") + "?status=disbursed"))
    return out
