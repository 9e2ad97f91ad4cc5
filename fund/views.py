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
from accounts.scoping import visible_or_404

from . import controls, orders, reports, selectors, services
from .forms import (
    AllocationForm,
    BandsForm,
    ClaimDecisionForm,
    ClaimForm,
    ContributionForm,
    DisburseForm,
    GrantApplicationForm,
    GrantDecisionForm,
    GrantReportForm,
    PeriodForm,
    PolicyForm,
    PrepareForm,
    ReasonForm,
    RepaymentForm,
    SpanForm,
    StatementUploadForm,
)
from .models import (
    TIYN,
    Account,
    Allocation,
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
    Repayment,
    SigningBand,
    StatementImport,
)
from .policy import STATEMENT


def _form_refused(request, form, exc: services.FundError, template: str, ctx: dict):
    """A rule refused what the form sent: show the form again with the rule's message on the field at fault
    (403 when the actor may not, 409 when the record's state does not allow it, 400 otherwise)."""
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if exc.status == 409:  # the record's state changed: the form may no longer be on the page, the message is
        messages.error(request, exc.message)
    return render(request, template, ctx, status=exc.status)


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
    if user.role == Role.CITIZEN:  # the citizen's own policies, claims and grants
        ctx["my_policies"] = InsurancePolicy.objects.visible_to(user, "view").select_related("region")[:20]
        ctx["my_claims"] = InsuranceClaim.objects.visible_to(user, "view").select_related("contract__employer")[:20]
        ctx["my_grants"] = Grant.objects.visible_to(user, "view").select_related("region")[:20]
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
    batch = visible_or_404(PaymentBatch.objects.all(), request.user, pk)
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
    acc = visible_or_404(Account.objects.all(), request.user, pk)
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
    """Money received (budget transfers, employers' contributions, donations), each with its receipt, and the
    year's budget allocation by support measure (what budget execution is read against)."""
    if not can(request.user, "view", Contribution):
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form", "contribution") if posted else ""
    today = timezone.localdate()
    form = ContributionForm(posted if which == "contribution" else None, initial={"received_on": today})
    allocation_form = AllocationForm(posted if which == "allocation" else None,
                                     initial={"year": today.year})
    ctx = {"page": Paginator(Contribution.objects.select_related("region"), 25).get_page(request.GET.get("page")),
           "form": form, "allocation_form": allocation_form, "allocations": Allocation.objects.order_by("-year",
                                                                                                      "measure")[:20],
           "may_add": can(request.user, "add", Contribution), "may_allocate": can(request.user, "add", Allocation)}
    if posted is not None:
        bound = allocation_form if which == "allocation" else form
        if not bound.is_valid():
            return render(request, "fund/contributions.html", ctx, status=400)
        d = bound.cleaned_data
        try:
            if which == "allocation":
                services.set_allocation(actor=request.user, year=d["year"], measure=d["measure"],
                                        amount_tiyn=d["amount"])
                messages.success(request, _("Allocation recorded."))
                return redirect("fund:contributions")
            c = services.record_contribution(actor=request.user, source=d["source"], payer=d["payer"],
                                             payer_bin=d["payer_bin"], language=d["language"],
                                             amount_tiyn=d["amount_tiyn"], received_on=d["received_on"])
        except services.FundError as exc:
            return _form_refused(request, bound, exc, "fund/contributions.html", ctx)
        messages.success(request, _("Contribution recorded; its receipt is ready."))
        return redirect(f"{request.path}?receipt={c.pk}")
    return render(request, "fund/contributions.html", ctx)


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


# --- insurance --------------------------------------------------------------------------------------------


@login_required
def insurance(request):
    """Policies and claims as the user may see them; the accountant enters a policy here."""
    if not can(request.user, "view", InsurancePolicy):
        raise PermissionDenied
    policies = InsurancePolicy.objects.visible_to(request.user, "view").select_related("holder", "region")
    claims = InsuranceClaim.objects.visible_to(request.user, "view").select_related(
        "policy__holder", "contract__employer")
    status = request.GET.get("status", "")
    if status in InsuranceClaim.Status.values:
        claims = claims.filter(status=status)
    form = PolicyForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    ctx = {"policies": Paginator(policies, 25).get_page(request.GET.get("page")), "claims": claims[:50],
           "may_add": can(request.user, "add", InsurancePolicy), "form": form, "status": status,
           "statuses": InsuranceClaim.Status.choices}
    if request.method == "POST":
        if not can(request.user, "add", InsurancePolicy):
            raise PermissionDenied
        if not form.is_valid():
            return render(request, "fund/insurance.html", ctx, status=400)
        d = form.cleaned_data
        try:
            policy = services.enter_policy(actor=request.user, holder_iin=d["holder_iin"], premium_tiyn=d["premium"],
                                           cover_tiyn=d["cover"], starts_on=d["starts_on"], ends_on=d["ends_on"])
        except services.FundError as exc:
            return _form_refused(request, form, exc, "fund/insurance.html", ctx)
        messages.success(request, _("Policy entered; its premium is posted to the insurance reserve."))
        return redirect("fund:policy", policy.pk)
    return render(request, "fund/insurance.html", ctx)


def _policy_context(request, policy: InsurancePolicy, claim_form=None, decision_form=None) -> dict:
    may_claim = can(request.user, "add", InsuranceClaim)
    evidence = list(services.claim_evidence(policy)) if may_claim or can(request.user, "decide", InsuranceClaim) else []
    return {"policy": policy, "members": policy.family.members.select_related("person"),
            "claims": policy.claims.select_related("contract__employer", "decided_by", "contract__employee"),
            "evidence": evidence, "may_claim": may_claim,
            "claim_form": claim_form or ClaimForm(evidence=evidence),
            "may_decide": can(request.user, "decide", InsuranceClaim),
            "decision_form": decision_form or ClaimDecisionForm()}


def _policy(request, pk: int) -> InsurancePolicy:
    policy = (InsurancePolicy.objects.visible_to(request.user, "view")
              .select_related("holder", "region", "family__head").filter(pk=pk).first())
    if policy is None:
        raise Http404
    return policy


@login_required
def policy(request, pk: int):
    """One policy: the family, the labour register's evidence, its claims; a claim is entered here."""
    p = _policy(request, pk)
    ctx = _policy_context(request, p)
    if request.method == "POST":
        if not ctx["may_claim"]:
            raise PermissionDenied
        form = ClaimForm(request.POST, evidence=ctx["evidence"])
        ctx["claim_form"] = form
        if not form.is_valid():
            return render(request, "fund/policy.html", ctx, status=400)
        try:
            services.enter_claim(p.pk, actor=request.user, contract_id=form.cleaned_data["contract"])
        except services.FundError as exc:
            return _form_refused(request, form, exc, "fund/policy.html", ctx)
        messages.success(request, _("Claim submitted: it awaits the controller's decision."))
        return redirect("fund:policy", p.pk)
    log_access("view", obj=p, request=request)
    return render(request, "fund/policy.html", ctx)


@login_required
@require_POST
def decide_claim(request, pk: int):
    claim = visible_or_404(InsuranceClaim.objects.all(), request.user, pk)
    if not can(request.user, "decide", InsuranceClaim):
        raise PermissionDenied
    p = _policy(request, claim.policy_id)
    form = ClaimDecisionForm(request.POST)
    ctx = _policy_context(request, p, decision_form=form)
    if not form.is_valid():
        return render(request, "fund/policy.html", ctx, status=400)
    try:
        services.decide_claim(claim.pk, actor=request.user, approve=form.cleaned_data["decision"] == "approve",
                              reason=form.cleaned_data["reason"])
    except services.FundError as exc:
        return _form_refused(request, form, exc, "fund/policy.html", ctx)
    messages.success(request, _("Claim %(n)s decided.") % {"n": claim.pk})
    return redirect("fund:policy", p.pk)


# --- grants -----------------------------------------------------------------------------------------------


def _regions():
    from geo.models import TerritorialUnit

    return TerritorialUnit.objects.current().first_level().order_by("code")


@login_required
def grants(request):
    """Grants as the user may see them; the accountant enters an application here."""
    if not can(request.user, "view", Grant):
        raise PermissionDenied
    qs = Grant.objects.visible_to(request.user, "view").select_related("region")
    status = request.GET.get("status", "")
    if status in Grant.Status.values:
        qs = qs.filter(status=status)
    form = GrantApplicationForm(request.POST or None, regions=_regions(),
                                initial={"applied_on": timezone.localdate()})
    ctx = {"page": Paginator(qs, 25).get_page(request.GET.get("page")), "form": form, "status": status,
           "statuses": Grant.Status.choices, "may_add": can(request.user, "add", Grant)}
    if request.method == "POST":
        if not ctx["may_add"]:
            raise PermissionDenied
        if not form.is_valid():
            return render(request, "fund/grants.html", ctx, status=400)
        d = form.cleaned_data
        try:
            grant = services.enter_grant(actor=request.user, kind=d["kind"], grantee=d["grantee"],
                                         region_code=d["region"], purpose=d["purpose"], requested_tiyn=d["requested"],
                                         applied_on=d["applied_on"], person_iin=d["person_iin"])
        except services.FundError as exc:
            return _form_refused(request, form, exc, "fund/grants.html", ctx)
        messages.success(request, _("Application recorded: it awaits the controller's decision."))
        return redirect("fund:grant", grant.pk)
    return render(request, "fund/grants.html", ctx)


def _grant(request, pk: int) -> Grant:
    grant = visible_or_404(Grant.objects.select_related("region", "person"), request.user, pk)
    return grant


def _grant_context(request, grant: Grant, **forms) -> dict:
    return {"grant": grant,
            "decision_form": forms.get("decide") or GrantDecisionForm(),
            "disburse_form": forms.get("disburse") or DisburseForm(initial={"on": timezone.localdate()}),
            "report_form": forms.get("report") or GrantReportForm(),
            "may_decide": grant.status == Grant.Status.APPLIED and can(request.user, "decide", Grant),
            "may_disburse": grant.status == Grant.Status.APPROVED and can(request.user, "add", Grant),
            "may_report": grant.status == Grant.Status.DISBURSED and can(request.user, "change", Grant)}


@login_required
def grant(request, pk: int):
    g = _grant(request, pk)
    log_access("view", obj=g, request=request)
    return render(request, "fund/grant.html", _grant_context(request, g))


GRANT_ACTIONS = {"decide": (GrantDecisionForm, "decide"), "disburse": (DisburseForm, "add"),
                 "report": (GrantReportForm, "change")}


@login_required
@require_POST
def grant_action(request, pk: int, action: str):
    """Decide (controller, with the reason and the amount awarded), disburse (accountant) or record the
    grantee's report."""
    g = _grant(request, pk)
    if action not in GRANT_ACTIONS:
        raise Http404
    form_class, right = GRANT_ACTIONS[action]
    if not can(request.user, right, Grant):
        raise PermissionDenied
    form = form_class(request.POST)
    ctx = _grant_context(request, g, **{action: form})
    if not form.is_valid():
        return render(request, "fund/grant.html", ctx, status=400)
    d = form.cleaned_data
    try:
        if action == "decide":
            services.decide_grant(g.pk, actor=request.user, approve=d["decision"] == "approve", reason=d["reason"],
                                  awarded_tiyn=d.get("awarded"))
        elif action == "disburse":
            services.disburse_grant(g.pk, actor=request.user, on=d["on"])
        else:
            services.report_grant(g.pk, actor=request.user, report=d["report"])
    except services.FundError as exc:
        return _form_refused(request, form, exc, "fund/grant.html", ctx)
    messages.success(request, _("Grant %(n)s updated.") % {"n": g.pk})
    return redirect("fund:grant", g.pk)


# --- refunds owed ----------------------------------------------------------------------------------------


@login_required
def refunds(request):
    """Refunds owed after a breach (receivables), as the user may see them; the accountant brings new refund
    orders into the books here."""
    if not can(request.user, "view", Receivable):
        raise PermissionDenied
    qs = Receivable.objects.visible_to(request.user, "view").select_related("debtor", "region")
    status = request.GET.get("status", "")
    if status in Receivable.Status.values:
        qs = qs.filter(status=status)
    if request.method == "POST":
        try:
            n = services.recognise_refunds(actor=request.user)
        except services.FundError as exc:
            return _refuse(request, exc, "fund:refunds")
        messages.success(request, _("%(n)s refund order(s) brought into the books.") % {"n": n})
        return redirect("fund:refunds")
    return render(request, "fund/refunds.html", {
        "page": Paginator(qs, 25).get_page(request.GET.get("page")), "status": status,
        "statuses": Receivable.Status.choices, "may_recognise": can(request.user, "add", Receivable)})


@login_required
def refund(request, pk: int):
    """One refund owed: what was repaid and when; the accountant records a repayment received."""
    rec = visible_or_404(Receivable.objects.select_related("debtor", "region"), request.user, pk)
    form = RepaymentForm(request.POST or None, initial={"received_on": timezone.localdate()})
    ctx = {"receivable": rec, "repayments": rec.repayments.all(), "form": form,
           "may_repay": rec.status == Receivable.Status.OPEN and can(request.user, "add", Repayment)}
    if request.method == "POST":
        if not can(request.user, "add", Repayment):
            raise PermissionDenied
        if not form.is_valid():
            return render(request, "fund/refund.html", ctx, status=400)
        try:
            services.record_repayment(rec.pk, actor=request.user, amount_tiyn=form.cleaned_data["amount"],
                                      received_on=form.cleaned_data["received_on"])
        except services.FundError as exc:
            return _form_refused(request, form, exc, "fund/refund.html", ctx)
        messages.success(request, _("Repayment recorded."))
        return redirect("fund:refund", rec.pk)
    log_access("view", obj=rec, request=request)
    return render(request, "fund/refund.html", ctx)
