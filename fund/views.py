"""Pages of the fund: the start page per role, payment batches (prepare, approve, register, statement),
payments as each role may see them, contributions with receipts, the statements with every figure opening down
to its entries, periods, insurance and grants. Views stay thin: services write, selectors read."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import log_access
from accounts.permissions import can
from accounts.roles import Role

from . import controls, orders, reports, selectors, services
from .forms import (
    BandsForm,
    ClaimDecisionForm,
    ContributionForm,
    GrantDecisionForm,
    PeriodForm,
    PrepareForm,
    ReasonForm,
    SpanForm,
    StatementUploadForm,
)
from .models import (
    TIYN,
    Account,
    BatchStatus,
    Contribution,
    Grant,
    InsuranceClaim,
    InsurancePolicy,
    JournalEntry,
    PaymentBatch,
    PaymentLine,
    Period,
    Posting,
    Receivable,
    SigningBand,
    StatementImport,
)
from .policy import STATEMENT


def _refuse(request, exc: services.FundError, where: str, *args):
    messages.error(request, exc.message)
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    return redirect(where, *args)


@login_required
def index(request):
    user = request.user
    ctx: dict = {"is_citizen": user.role == Role.CITIZEN}
    if can(user, "view", PaymentBatch):
        ctx["awaiting"] = selectors.batches_awaiting_approval().select_related("prepared_by")[:10]
        ctx["orders_due"] = orders.payable_count(due_by=timezone.localdate())
        bank = Posting.objects.filter(account__role__startswith="bank:").values("account_id").annotate(t=Sum("amount"))
        accounts = Account.objects.in_bulk([b["account_id"] for b in bank])
        ctx["banks"] = [(accounts[b["account_id"]], reports.money(b["t"])) for b in bank]
    if can(user, "view", PaymentLine):
        lines = selectors.payments_of(PaymentLine.objects.visible_to(user, "view"))
        ctx["payments"] = Paginator(lines, 25).get_page(request.GET.get("page"))
        ctx["receivables"] = Receivable.objects.visible_to(user, "view")[:20]
    ctx["can_statements"] = can(user, "view", STATEMENT) or can(user, "view", Account)
    ctx["can_prepare"] = can(user, "add", PaymentBatch)
    ctx["can_approve"] = can(user, "decide", PaymentBatch)
    ctx["can_books"] = can(user, "view", JournalEntry)
    return render(request, "fund/index.html", ctx)


# --- batches ---------------------------------------------------------------------------------------------


@login_required
def batches(request):
    if not can(request.user, "view", PaymentBatch):
        raise PermissionDenied
    form = PrepareForm(request.POST or None, initial={"pay_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                prepared = services.prepare_batch(actor=request.user, pay_on=form.cleaned_data["pay_on"],
                                                   limit=form.cleaned_data["limit"])
            except services.FundError as exc:
                return _refuse(request, exc, "fund:batches")
            if prepared.skipped:
                messages.warning(request, _("%(n)s order(s) wait: %(why)s.")
                                 % {"n": len(prepared.skipped), "why": "; ".join(sorted(set(
                                     prepared.reasons.values())))})
            if prepared.batch is None:
                return redirect("fund:batches")
            messages.success(request, _("Batch %(n)s prepared: it awaits another person's approval.")
                             % {"n": prepared.batch.pk})
            return redirect("fund:batch", prepared.batch.pk)
    qs = PaymentBatch.objects.visible_to(request.user, "view").select_related("prepared_by", "approved_by")
    return render(request, "fund/batches.html", {
        "page": Paginator(qs, 25).get_page(request.GET.get("page")), "form": form,
        "can_prepare": can(request.user, "add", PaymentBatch),
        "orders_due": orders.payable_count(due_by=timezone.localdate())})


def _batch(request, pk: int) -> PaymentBatch:
    batch = PaymentBatch.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@login_required
def batch(request, pk: int):
    b = _batch(request, pk)
    lines = b.lines.select_related("region").order_by("id")
    log_access("view", obj=b, request=request)
    prepared = b.status == BatchStatus.PREPARED
    deciding = prepared and can(request.user, "decide", PaymentBatch)
    needed, signatures = controls.signatures_needed(b), list(b.signatures.select_related("signer"))
    duties = controls.duties_of(b, request.user)
    return render(request, "fund/batch.html", {
        "batch": b, "page": Paginator(lines, 50).get_page(request.GET.get("page")),
        "signatures": signatures, "signatures_needed": needed,
        "mismatch": controls.declared_mismatch(b) if prepared else None,
        "may_sign": deciding and not (duties & {controls.PREPARE, controls.SIGN}) and len(signatures) < needed,
        "may_approve": deciding and not (duties & {controls.PREPARE, controls.SIGN}) and len(signatures) >= needed,
        "signed_by_me": controls.SIGN in duties,
        "own_batch": b.prepared_by_id == request.user.pk,
        "may_cancel": b.status == BatchStatus.PREPARED and can(request.user, "change", PaymentBatch),
        "may_export": b.status == BatchStatus.APPROVED and can(request.user, "export", PaymentBatch)})


@login_required
@require_POST
def approve(request, pk: int):
    b = _batch(request, pk)
    try:
        services.approve_batch(b.pk, actor=request.user)
    except services.FundError as exc:
        if exc.status == 409:
            messages.error(request, exc.message)
            return render(request, "fund/refused.html", {"message": exc.message, "batch": b}, status=409)
        return _refuse(request, exc, "fund:batch", b.pk)
    messages.success(request, _("Batch %(n)s approved: payments posted and orders marked paid.") % {"n": b.pk})
    return redirect("fund:batch", b.pk)


@login_required
@require_POST
def sign(request, pk: int):
    b = _batch(request, pk)
    try:
        services.sign_batch(b.pk, actor=request.user)
    except services.FundError as exc:
        return _refuse(request, exc, "fund:batch", b.pk)
    messages.success(request, _("You signed batch %(n)s.") % {"n": b.pk})
    return redirect("fund:batch", b.pk)


@login_required
def bands(request):
    """The signing bands: read by the fund's staff, replaced by the controller (audited)."""
    if not can(request.user, "view", SigningBand):
        raise PermissionDenied
    may_change = can(request.user, "decide", SigningBand)
    form = BandsForm(request.POST or None, initial={"bands": "\n".join(
        f"{b.min_total_tiyn // TIYN} {b.signatures}" for b in SigningBand.objects.order_by("min_total_tiyn"))})
    if request.method == "POST" and may_change and form.is_valid():
        try:
            services.set_signing_bands(form.cleaned_data["bands"], actor=request.user)
        except services.FundError as exc:
            return _refuse(request, exc, "fund:bands")
        messages.success(request, _("The signing bands are changed."))
        return redirect("fund:bands")
    return render(request, "fund/bands.html", {"bands": SigningBand.objects.order_by("min_total_tiyn"),
                                               "form": form, "may_change": may_change})


@login_required
@require_POST
def cancel(request, pk: int):
    b = _batch(request, pk)
    try:
        services.cancel_batch(b.pk, actor=request.user)
    except services.FundError as exc:
        return _refuse(request, exc, "fund:batch", b.pk)
    messages.success(request, _("Batch %(n)s cancelled.") % {"n": b.pk})
    return redirect("fund:batch", b.pk)


@login_required
def register(request, pk: int):
    b = _batch(request, pk)
    if not can(request.user, "export", PaymentBatch):
        raise PermissionDenied
    try:
        content = services.payment_register_csv(b)
    except services.FundError as exc:
        return _refuse(request, exc, "fund:batch", b.pk)
    log_access("export", obj=b, request=request, detail={"file": f"register-{b.pk}.csv"})
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{b.pk}.csv"'
    return response


@login_required
def statement_import(request):
    if not can(request.user, "view", StatementImport):
        raise PermissionDenied
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        if not can(request.user, "add", StatementImport):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.import_statement(form.cleaned_data["text"], actor=request.user,
                                                   file_name=upload.name)
            except services.FundError as exc:
                form.add_error("file", exc.message)
    recent = StatementImport.objects.select_related("imported_by")[:10]
    return render(request, "fund/statement_import.html", {"form": form, "report": report, "recent": recent})


@login_required
def payments(request):
    if not can(request.user, "view", PaymentLine):
        raise PermissionDenied
    lines = selectors.payments_of(PaymentLine.objects.visible_to(request.user, "view"))
    status = request.GET.get("status", "")
    if status:
        lines = lines.filter(status=status)
    return render(request, "fund/payments.html", {"page": Paginator(lines, 50).get_page(request.GET.get("page")),
                                                  "status": status})


# --- the books --------------------------------------------------------------------------------------------


def _span(request) -> tuple[SpanForm, selectors.Span]:
    today = timezone.localdate()
    form = SpanForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
    start: dt.date | None = today.replace(month=1, day=1)
    end: dt.date = today
    if form.is_valid():
        start = form.cleaned_data.get("start") or None
        end = form.cleaned_data.get("end") or today
    return form, selectors.Span(start, end)


def _may_read_statements(user) -> bool:
    return can(user, "view", STATEMENT) or can(user, "view", Account)


@login_required
def statements(request):
    if not _may_read_statements(request.user):
        raise PermissionDenied
    key = request.GET.get("report", "trial_balance")
    if key not in reports.REPORTS:
        key = "trial_balance"
    form, span = _span(request)
    if form.is_bound and not form.is_valid():
        return render(request, "fund/statements.html", {"form": form, "key": key, "table": None,
                                                        "reports": _report_names()}, status=400)
    table = reports.build(key, span)
    fmt = request.GET.get("format", "html")
    if fmt in ("csv", "xlsx", "pdf"):
        if not (can(request.user, "export", STATEMENT) or can(request.user, "export", Account)):
            raise PermissionDenied
        name = f"{key}-{span.end.isoformat()}.{fmt}"
        log_access("export", kind="fund.statement", request=request, detail={"file": name})
        if fmt == "csv":
            response = HttpResponse(reports.to_csv(table), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(reports.to_xlsx(table), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        else:
            response = HttpResponse(reports.to_pdf(table, (get_language() or "en")[:2]), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "fund/statements.html", {"form": form, "key": key, "table": table,
                                                    "reports": _report_names()})


def _report_names():
    return [("trial_balance", _("Trial balance")), ("balance_sheet", _("Balance sheet")),
            ("income_expenditure", _("Income and expenditure")), ("flows", _("Flows by region and measure")),
            ("budget", _("Budget execution"))]


@login_required
def account(request, pk: int):
    if not can(request.user, "view", Posting):
        raise PermissionDenied
    acc = Account.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if acc is None:
        raise Http404
    form, span = _span(request)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    statement = selectors.account_statement(acc, span, page=number)
    return render(request, "fund/account.html", {
        "account": acc, "form": form, "span": span, "page": statement.page,
        "opening": statement.opening, "movement": statement.movement, "closing": statement.closing,
        "children": acc.children.order_by("code")})


@login_required
def entry(request, pk: int):
    e = JournalEntry.objects.visible_to(request.user, "view").filter(pk=pk).select_related("reverses").first()
    if e is None:
        raise Http404
    reversed_by = JournalEntry.objects.filter(reverses=e).first()
    return render(request, "fund/entry.html", {
        "entry": e, "postings": e.postings.select_related("account"), "reversed_by": reversed_by,
        "may_reverse": reversed_by is None and not e.reverses_id and can(request.user, "add", JournalEntry),
        "form": ReasonForm()})


@login_required
@require_POST
def reverse(request, pk: int):
    e = JournalEntry.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if e is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        rev = services.reverse_entry(e.pk, actor=request.user, memo=reason)
    except services.FundError as exc:
        return _refuse(request, exc, "fund:entry", e.pk)
    messages.success(request, _("Entry %(n)s reversed by entry %(m)s.") % {"n": e.pk, "m": rev.pk})
    return redirect("fund:entry", rev.pk)


@login_required
def journal(request):
    if not can(request.user, "view", JournalEntry):
        raise PermissionDenied
    qs = JournalEntry.objects.visible_to(request.user, "view").annotate(
        total=Sum("postings__amount", filter=Q(postings__amount__gt=0))).select_related("created_by")
    return render(request, "fund/journal.html", {"page": Paginator(qs, 50).get_page(request.GET.get("page"))})


@login_required
def periods(request):
    if not can(request.user, "view", Period):
        raise PermissionDenied
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        month, act, reason = form.cleaned_data["month"], form.cleaned_data["act"], form.cleaned_data["reason"]
        try:
            if act == "close":
                services.close_period(month, actor=request.user, reason=reason)
                messages.success(request, _("Period %(m)s closed.") % {"m": f"{month:%Y-%m}"})
            else:
                services.reopen_period(month, actor=request.user, reason=reason)
                messages.success(request, _("Period %(m)s reopened.") % {"m": f"{month:%Y-%m}"})
        except services.FundError as exc:
            return _refuse(request, exc, "fund:periods")
        return redirect("fund:periods")
    return render(request, "fund/periods.html", {
        "periods": Period.objects.prefetch_related("acts__actor")[:36], "form": form,
        "may_close": can(request.user, "change", Period), "may_reopen": can(request.user, "decide", Period)})


# --- contributions ----------------------------------------------------------------------------------------


@login_required
def contributions(request):
    if not can(request.user, "view", Contribution):
        raise PermissionDenied
    form = ContributionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = services.record_contribution(actor=request.user, source=d["source"], payer=d["payer"],
                                             payer_bin=d["payer_bin"], language=d["language"],
                                             amount_tiyn=d["amount_tiyn"], received_on=d["received_on"])
        except services.FundError as exc:
            return _refuse(request, exc, "fund:contributions")
        messages.success(request, _("Contribution recorded; its receipt is ready."))
        return redirect(f"{request.path}?receipt={c.pk}")
    qs = Contribution.objects.all()
    return render(request, "fund/contributions.html", {
        "page": Paginator(qs, 25).get_page(request.GET.get("page")), "form": form,
        "may_add": can(request.user, "add", Contribution)})


@login_required
def receipt(request, pk: int):
    if not can(request.user, "view", Contribution):
        raise PermissionDenied
    c = Contribution.objects.filter(pk=pk).first()
    if c is None:
        raise Http404
    log_access("export", obj=c, request=request, detail={"file": f"receipt-{c.pk}.pdf"})
    response = HttpResponse(reports.receipt_pdf(c), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{c.pk}.pdf"'
    return response


# --- insurance and grants ---------------------------------------------------------------------------------


@login_required
def insurance(request):
    if not can(request.user, "view", InsurancePolicy):
        raise PermissionDenied
    policies = InsurancePolicy.objects.visible_to(request.user, "view").select_related("holder", "region")
    claims = InsuranceClaim.objects.visible_to(request.user, "view").select_related(
        "policy__holder", "contract__employer")
    return render(request, "fund/insurance.html", {
        "policies": Paginator(policies, 25).get_page(request.GET.get("page")), "claims": claims[:50],
        "may_decide": can(request.user, "decide", InsuranceClaim), "form": ClaimDecisionForm()})


@login_required
@require_POST
def decide_claim(request, pk: int):
    claim = InsuranceClaim.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if claim is None:
        raise Http404
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the decision."))
        return redirect("fund:insurance")
    try:
        services.decide_claim(claim.pk, actor=request.user, approve=form.cleaned_data["decision"] == "approve",
                              reason=form.cleaned_data["reason"])
    except services.FundError as exc:
        return _refuse(request, exc, "fund:insurance")
    messages.success(request, _("Claim %(n)s decided.") % {"n": claim.pk})
    return redirect("fund:insurance")


@login_required
def grants(request):
    if not can(request.user, "view", Grant):
        raise PermissionDenied
    qs = Grant.objects.visible_to(request.user, "view").select_related("region")
    return render(request, "fund/grants.html", {
        "page": Paginator(qs, 25).get_page(request.GET.get("page")),
        "may_decide": can(request.user, "decide", Grant), "may_disburse": can(request.user, "add", Grant),
        "form": GrantDecisionForm(), "today": timezone.localdate()})


@login_required
@require_POST
def grant_action(request, pk: int, action: str):
    grant = Grant.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if grant is None:
        raise Http404
    try:
        if action == "decide":
            form = GrantDecisionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the reason for the decision."))
                return redirect("fund:grants")
            services.decide_grant(grant.pk, actor=request.user, approve=form.cleaned_data["decision"] == "approve",
                                  reason=form.cleaned_data["reason"])
        elif action == "disburse":
            services.disburse_grant(grant.pk, actor=request.user, on=timezone.localdate())
        else:
            raise Http404
    except services.FundError as exc:
        return _refuse(request, exc, "fund:grants")
    messages.success(request, _("Grant %(n)s updated.") % {"n": grant.pk})
    return redirect("fund:grants")
