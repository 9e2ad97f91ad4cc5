"""The fund's REST API: batches (prepare, approve — four eyes —, register), the bank statement, payments as each
role may see them, statements, entries and their reversal, periods; contributions and their receipts, insurance
policies and claims, grants. Every refusal answers with the rule's
message: 400 naming the field, 403 for the four-eyes rule or a missing grant, 409 naming the state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.audit import log_access
from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can
from accounts.scoping import visible_or_404
from lib.pagination import MAX_ID, CursorPagination

from . import controls, reports, selectors, services
from .models import (
    Account,
    Contribution,
    Grant,
    InsuranceClaim,
    InsurancePolicy,
    JournalEntry,
    PaymentBatch,
    PaymentLine,
    SigningBand,
    Source,
    StatementImport,
)
from .policy import STATEMENT


def _error(exc: services.FundError) -> Response:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return Response(body, status=exc.status)


class NoBody(serializers.Serializer):
    """No request body."""


def _visible(request, model: type[Any], *related: str) -> QuerySet[Any]:
    """The records of `model` the user may see (403 for a role that sees none), with `related` joined."""
    if not can(request.user, "view", model):
        raise PermissionDenied
    rows = model.objects.visible_to(request.user, "view")
    return rows.select_related(*related) if related else rows


class ListCreate(GenericAPIView):
    """A list of one kind of record as the user may see it, a page at a time (optionally one status only), and
    the entering of a new one through the fund's service: 403 without the grant, 400 for bad input, the
    service's refusal as it says, 201 with the record. A subclass names `model`, `output`, `serializer_class`
    and `create`, and its get()/post() call `list`/`enter` under their schema and idempotency decorators."""

    model: type[Any]
    output: type[serializers.Serializer]
    related: tuple[str, ...] = ()
    filter_by_status = False

    def visible(self, request) -> QuerySet[Any]:
        return _visible(request, self.model, *self.related)

    def create(self, request, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def list(self, request) -> Response:
        rows = self.visible(request)
        status = request.query_params.get("status", "")
        if self.filter_by_status and status in self.model.Status.values:
            rows = rows.filter(status=status)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.output(page, many=True).data)

    def enter(self, request) -> Response:
        if not can(request.user, "add", self.model):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = self.create(request, serializer.validated_data)
        except services.FundError as exc:
            return _error(exc)
        return Response(self.output(record).data, status=201)


class PaymentLineOutput(serializers.Serializer):
    reference = serializers.CharField()
    order_id = serializers.IntegerField()
    iin = serializers.CharField()
    beneficiary = serializers.CharField(source="name")
    iban = serializers.CharField(source="bank_account")
    region = serializers.CharField(source="region.code")
    measure = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    amount_tiyn = serializers.IntegerField()
    status = serializers.CharField()
    entry_id = serializers.IntegerField(allow_null=True)
    pay_on = serializers.DateField(source="batch.pay_on")


class SignatureOutput(serializers.Serializer):
    signer = serializers.CharField(source="signer.username")
    signed_at = serializers.DateTimeField()


class BatchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    pay_on = serializers.DateField()
    prepared_by = serializers.CharField(source="prepared_by.username")
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True, default=None,
                                        help_text="Who released the batch.")
    total_tiyn = serializers.IntegerField()
    declared_count = serializers.IntegerField(help_text="Payments the batch declared when prepared.")
    declared_total_tiyn = serializers.IntegerField(help_text="Total the batch declared when prepared.")
    signatures_needed = serializers.SerializerMethodField(help_text="Signatures its band asks before release.")
    signatures = SignatureOutput(many=True, source="signatures.all")

    def get_signatures_needed(self, batch: PaymentBatch) -> int:
        return controls.signatures_needed(batch)


class BatchDetailOutput(BatchOutput):
    lines = PaymentLineOutput(many=True, source="lines.all")


class PrepareInput(serializers.Serializer):
    pay_on = serializers.DateField()
    order_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                      max_length=5000)
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=500)


class PreparedOutput(serializers.Serializer):
    batch = BatchDetailOutput(allow_null=True)
    skipped_order_ids = serializers.ListField(child=serializers.IntegerField())


class BatchList(GenericAPIView):
    serializer_class = PrepareInput

    @extend_schema(responses=BatchOutput(many=True))
    def get(self, request):
        page = self.paginate_queryset(_visible(request, PaymentBatch, "prepared_by", "approved_by"))
        return self.get_paginated_response(BatchOutput(page, many=True).data)

    @extend_schema(request=PrepareInput, responses={201: PreparedOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.batch.prepare")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            prepared = services.prepare_batch(actor=request.user, pay_on=data["pay_on"],
                                               order_ids=data.get("order_ids"), limit=data["limit"])
        except services.FundError as exc:
            return _error(exc)
        return Response(PreparedOutput({"batch": prepared.batch, "skipped_order_ids": prepared.skipped}).data,
                        status=201)


def _batch(request, pk: int) -> PaymentBatch:
    batch = visible_or_404(PaymentBatch.objects.all(), request.user, pk)
    return batch


class BatchDetail(GenericAPIView):
    serializer_class = BatchDetailOutput

    def get(self, request, pk: int):
        return Response(BatchDetailOutput(_batch(request, pk)).data)


class BatchSign(GenericAPIView):
    """Sign a batch awaiting release (fund/controls.py): the preparer may not (403); a second signature by the
    same person, or a batch no longer awaiting release, answers 409."""

    serializer_class = NoBody

    @extend_schema(request=None, responses={200: BatchDetailOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.batch.sign")
    def post(self, request, pk: int):
        batch = _batch(request, pk)
        try:
            services.sign_batch(batch.pk, actor=request.user)
        except services.FundError as exc:
            return _error(exc)
        return Response(BatchDetailOutput(_batch(request, pk)).data)


class BatchApprove(GenericAPIView):
    """Release (approve) a batch: posts the payments and marks the orders paid. 403 for its preparer or one of
    its signers (incompatible duties); 409 when its band's signatures are missing, its lines differ from the
    count or total it declared, a payee's account may not be paid to, or it is no longer awaiting release."""

    serializer_class = NoBody

    @extend_schema(request=None, responses={200: BatchDetailOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.batch.approve")
    def post(self, request, pk: int):
        batch = _batch(request, pk)
        try:
            batch = services.approve_batch(batch.pk, actor=request.user)
        except services.FundError as exc:
            return _error(exc)
        return Response(BatchDetailOutput(batch).data)


class BatchRegister(GenericAPIView):
    """The payment register (CSV) of an approved batch."""

    serializer_class = NoBody

    @extend_schema(responses={(200, "text/csv"): str})
    def get(self, request, pk: int):
        batch = _batch(request, pk)
        if not can(request.user, "export", PaymentBatch):
            raise PermissionDenied
        try:
            content = services.payment_register_csv(batch)
        except services.FundError as exc:
            return _error(exc)
        log_access("export", obj=batch, request=request, detail={"file": f"register-{batch.pk}.csv"})
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{batch.pk}.csv"'
        return response


class StatementInput(serializers.Serializer):
    file = serializers.FileField()


class StatementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    matched = serializers.IntegerField()
    returned = serializers.IntegerField()
    unmatched = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class StatementUpload(GenericAPIView):
    serializer_class = StatementInput
    parser_classes = [MultiPartParser]

    @extend_schema(responses={201: StatementOutput})
    def post(self, request):
        if not can(request.user, "add", StatementImport):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > 5 * 1024 * 1024:
            return Response({"detail": _("The file is larger than 5 MB."), "field": "file"}, status=400)
        try:
            text = upload.read().decode("utf-8-sig")
            report = services.import_statement(text, actor=request.user, file_name=upload.name)
        except UnicodeDecodeError:
            return Response({"detail": _("The file is not UTF-8 text."), "field": "file"}, status=400)
        except services.FundError as exc:
            return _error(exc)
        return Response(StatementOutput(report).data, status=201)


class PaymentList(GenericAPIView):
    """Payment lines the reader may see, newest first by keyset pages (every batch adds lines without end)."""

    serializer_class = PaymentLineOutput
    pagination_class = CursorPagination.ordered_by("-id")

    @extend_schema(responses=PaymentLineOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", PaymentLine):
            raise PermissionDenied
        page = self.paginate_queryset(selectors.payments_of(PaymentLine.objects.visible_to(request.user, "view")))
        return self.get_paginated_response(PaymentLineOutput(page, many=True).data)


SPAN_PARAMETERS = [
    OpenApiParameter("start", dt.date, description="First day (default: 1 January of the end's year)"),
    OpenApiParameter("end", dt.date, description="Last day (default: today)"),
]


class StatementRowOutput(serializers.Serializer):
    cells = serializers.ListField(child=serializers.JSONField())


class StatementTableOutput(serializers.Serializer):
    report = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    total = serializers.ListField(child=serializers.JSONField(), allow_null=True)


def _parse_date(text: str | None, field: str) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise services.FundError(_("Write the date as YYYY-MM-DD."), code="date", field=field) from exc
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise services.FundError(_("Give a date between 2000 and 2100."), code="date", field=field)
    return day


class Statement(GenericAPIView):
    """A statement for a period: trial_balance, balance_sheet, income_expenditure, flows or budget. Amounts are
    tiyn; a cell with a `url` opens down to its entries."""

    serializer_class = StatementTableOutput

    @extend_schema(parameters=SPAN_PARAMETERS)
    def get(self, request, report: str):
        if not (can(request.user, "view", STATEMENT) or can(request.user, "view", Account)):
            raise PermissionDenied
        if report not in reports.REPORTS:
            raise Http404
        try:
            end = _parse_date(request.query_params.get("end"), "end") or timezone.localdate()
            start = _parse_date(request.query_params.get("start"), "start") or end.replace(month=1, day=1)
        except services.FundError as exc:
            return _error(exc)
        if start > end:
            return Response({"detail": _("The end comes before the start."), "field": "start"}, status=400)
        table = reports.build(report, selectors.Span(start, end))

        def cell(c: reports.Cell):
            return {"value": c.value, "url": c.url} if c.money else c.value

        return Response({"report": report, "title": table.title, "subtitle": table.subtitle,
                         "columns": [str(c) for c in table.columns],
                         "rows": [[cell(c) for c in row] for row in table.rows],
                         "total": [cell(c) for c in table.total] if table.total else None})


class ReverseInput(serializers.Serializer):
    memo = serializers.CharField(max_length=300, required=False, allow_blank=True)
    date = serializers.DateField(required=False)


class EntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    kind = serializers.CharField()
    memo = serializers.CharField(source="memo_text")  # in the reader's language (fund.memos)
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)


class EntryReverse(GenericAPIView):
    serializer_class = ReverseInput

    @extend_schema(responses={201: EntryOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.entry.reverse")
    def post(self, request, pk: int):
        entry = JournalEntry.objects.visible_to(request.user, "view").filter(pk=pk).first()
        if entry is None:
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            reversal = services.reverse_entry(entry.pk, actor=request.user,
                                              date=serializer.validated_data.get("date"),
                                              memo=serializer.validated_data.get("memo", ""))
        except services.FundError as exc:
            return _error(exc)
        return Response(EntryOutput(reversal).data, status=201)


class PeriodInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PeriodOutput(serializers.Serializer):
    month = serializers.DateField()
    is_closed = serializers.BooleanField()


class PeriodAct(GenericAPIView):
    """Close a month (accountant or controller) or reopen it (the controller only, with a reason)."""

    serializer_class = PeriodInput

    @extend_schema(responses={200: PeriodOutput}, parameters=[
        OpenApiParameter("month", str, OpenApiParameter.PATH, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
        OpenApiParameter("act", str, OpenApiParameter.PATH, enum=["close", "reopen"])])
    def post(self, request, month: str, act: str):
        if act not in ("close", "reopen"):
            raise Http404
        if not (len(month) == 7 and month[4] == "-" and month[:4].isdecimal() and month[5:].isdecimal()):
            return _error(services.FundError(_("Write the month as YYYY-MM."), code="date", field="month"))
        try:
            day = _parse_date(f"{month}-01", "month")
        except services.FundError as exc:
            return _error(exc)
        assert day is not None  # the text is never empty
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        try:
            if act == "close":
                period = services.close_period(day, actor=request.user, reason=reason)
            elif act == "reopen":
                period = services.reopen_period(day, actor=request.user, reason=reason)
            else:
                raise Http404
        except services.FundError as exc:
            return _error(exc)
        return Response(PeriodOutput(period).data)


# --- contributions, insurance, grants ---------------------------------------------------------------------
#
# The same services as the pages (fund.services.record_contribution, enter_policy, enter_claim, decide_claim,
# enter_grant, decide_grant, disburse_grant, report_grant): the rules, the territorial scope and the change
# history are theirs. Amounts are whole tiyn.


class BoundedDateField(serializers.DateField):
    """A date between 2000 and 2100 (the fund keeps no books outside them)."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise serializers.ValidationError(_("Give a date between 2000 and 2100."))
        return day


def _tiyn_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=services.MAX_TIYN, **kwargs)


class ContributionInput(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]  # a field named "source", as the model names it
    payer = serializers.CharField(max_length=300)
    payer_bin = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES], default="kk")
    amount_tiyn = _tiyn_field()
    received_on = BoundedDateField()


class ContributionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # as above
    payer = serializers.CharField()
    payer_bin = serializers.CharField()
    language = serializers.CharField()
    amount_tiyn = serializers.IntegerField()
    received_on = serializers.DateField()
    entry_id = serializers.IntegerField()


class ContributionList(ListCreate):
    """Money received (budget transfers, employers' contributions, donations); recording one posts Dr the
    source's bank account, Cr its income."""

    serializer_class = ContributionInput

    model = Contribution
    output = ContributionOutput

    def create(self, request, data: dict[str, Any]) -> Contribution:
        return services.record_contribution(actor=request.user, **data)

    @extend_schema(responses=ContributionOutput(many=True))
    def get(self, request):
        return self.list(request)

    @extend_schema(request=ContributionInput, responses={201: ContributionOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.contribution")
    def post(self, request):
        return self.enter(request)


class ContributionReceipt(GenericAPIView):
    """The contribution's receipt (PDF) in the payer's language."""

    serializer_class = NoBody

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        contribution = visible_or_404(Contribution.objects.all(), request.user, pk)
        log_access("export", obj=contribution, request=request, detail={"file": f"receipt-{contribution.pk}.pdf"})
        response = HttpResponse(reports.receipt_pdf(contribution), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="receipt-{contribution.pk}.pdf"'
        return response


class PolicyInput(serializers.Serializer):
    holder_iin = serializers.CharField(min_length=12, max_length=12,
                                       help_text="The holder's family and region come from the population register.")
    premium_tiyn = _tiyn_field()
    cover_tiyn = _tiyn_field()
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()


class ClaimOutput(serializers.Serializer):
    id = serializers.IntegerField()
    policy_id = serializers.IntegerField()
    contract_id = serializers.IntegerField()
    employer = serializers.CharField(source="contract.employer.name")
    job_lost_on = serializers.DateField()
    status = serializers.ChoiceField(choices=InsuranceClaim.Status.choices)
    reason = serializers.CharField()
    payout_tiyn = serializers.IntegerField()
    entry_id = serializers.IntegerField(allow_null=True)


class PolicyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    holder_iin = serializers.CharField(source="holder.iin")
    holder = serializers.CharField(source="holder.full_name")
    family_id = serializers.IntegerField()
    region = serializers.CharField(source="region.code")
    premium_tiyn = serializers.IntegerField()
    cover_tiyn = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    premium_entry_id = serializers.IntegerField()


class EvidenceOutput(serializers.Serializer):
    contract_id = serializers.IntegerField(source="pk")
    employee_iin = serializers.CharField(source="employee.iin")
    employer = serializers.CharField(source="employer.name")
    position = serializers.CharField()
    start_date = serializers.DateField()
    ended_on = serializers.SerializerMethodField()

    def get_ended_on(self, contract) -> dt.date:
        return contract.terminated_on or contract.end_date


class PolicyDetailOutput(PolicyOutput):
    claims = ClaimOutput(many=True, source="claims.all")
    evidence = EvidenceOutput(many=True, help_text="The labour register's contracts of the family that ended within "
                                                   "the policy's period (for those who enter or decide claims).")


def _policies(request):
    return _visible(request, InsurancePolicy, "holder", "region")


class PolicyList(ListCreate):
    """Insurance policies of participant families as the user may see them (the citizen: their own); entering
    one posts its premium into the insurance reserve."""

    serializer_class = PolicyInput

    model = InsurancePolicy
    output = PolicyOutput
    related = ("holder", "region")

    def create(self, request, data: dict[str, Any]) -> InsurancePolicy:
        return services.enter_policy(actor=request.user, **data)

    @extend_schema(responses=PolicyOutput(many=True))
    def get(self, request):
        return self.list(request)

    @extend_schema(request=PolicyInput, responses={201: PolicyOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.policy")
    def post(self, request):
        return self.enter(request)


class PolicyDetail(GenericAPIView):
    serializer_class = PolicyDetailOutput

    def get(self, request, pk: int):
        policy = _policies(request).filter(pk=pk).first()
        if policy is None:
            raise Http404
        log_access("view", obj=policy, request=request)
        may_see_evidence = can(request.user, "add", InsuranceClaim) or can(request.user, "decide", InsuranceClaim)
        policy.evidence = list(services.claim_evidence(policy)) if may_see_evidence else []
        return Response(PolicyDetailOutput(policy).data)


class ClaimInput(serializers.Serializer):
    policy_id = serializers.IntegerField(min_value=1, max_value=2**62)
    contract_id = serializers.IntegerField(min_value=1, max_value=2**62,
                                           help_text="A contract from the policy's labour evidence.")


class ClaimList(ListCreate):
    """Insurance claims as the user may see them; a claim rests on a family member's contract that the labour
    register shows ended within the policy's period."""

    serializer_class = ClaimInput

    model = InsuranceClaim
    output = ClaimOutput
    related = ("contract__employer",)
    filter_by_status = True

    def create(self, request, data: dict[str, Any]) -> InsuranceClaim:
        if not _policies(request).filter(pk=data["policy_id"]).exists():
            raise services.FundError(_("No such policy."), code="not_found", field="policy_id")
        return services.enter_claim(data["policy_id"], actor=request.user, contract_id=data["contract_id"])

    @extend_schema(responses=ClaimOutput(many=True), parameters=[
        OpenApiParameter("status", str, enum=InsuranceClaim.Status.values, required=False)])
    def get(self, request):
        return self.list(request)

    @extend_schema(request=ClaimInput, responses={201: ClaimOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.claim")
    def post(self, request):
        return self.enter(request)


class FundDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500)


class ClaimDecide(GenericAPIView):
    """The controller's decision on a claim, with its reason; approving pays the policy's cover (once)."""

    serializer_class = FundDecisionInput

    @extend_schema(request=FundDecisionInput, responses={200: ClaimOutput})
    def post(self, request, pk: int):
        claim = visible_or_404(InsuranceClaim.objects.all(), request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            claim = services.decide_claim(claim.pk, actor=request.user, **serializer.validated_data)
        except services.FundError as exc:
            return _error(exc)
        return Response(ClaimOutput(claim).data)


class GrantInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Grant.Kind.choices)
    grantee = serializers.CharField(max_length=300)
    person_iin = serializers.CharField(max_length=12, required=False, allow_blank=True, default="",
                                       help_text="The participant starting a business (required for start_up).")
    region_code = serializers.CharField(max_length=20, help_text="A first-level unit, e.g. KZ-59.")
    purpose = serializers.CharField(max_length=2000)
    requested_tiyn = _tiyn_field()
    applied_on = BoundedDateField()


class GrantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Grant.Kind.choices)
    grantee = serializers.CharField()
    region = serializers.CharField(source="region.code")
    purpose = serializers.CharField()
    requested_tiyn = serializers.IntegerField()
    awarded_tiyn = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Grant.Status.choices)
    applied_on = serializers.DateField()
    decision_reason = serializers.CharField()
    report_due = serializers.DateField(allow_null=True)
    report = serializers.CharField()
    entry_id = serializers.IntegerField(allow_null=True)


def _grants(request):
    return _visible(request, Grant, "region")


def _grant(request, pk: int) -> Grant:
    grant = _grants(request).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


class GrantList(ListCreate):
    """Grants as the user may see them (the participant: their own); recording an application."""

    serializer_class = GrantInput

    model = Grant
    output = GrantOutput
    related = ("region",)
    filter_by_status = True

    def create(self, request, data: dict[str, Any]) -> Grant:
        return services.enter_grant(actor=request.user, **data)

    @extend_schema(responses=GrantOutput(many=True), parameters=[
        OpenApiParameter("status", str, enum=Grant.Status.values, required=False)])
    def get(self, request):
        return self.list(request)

    @extend_schema(request=GrantInput, responses={201: GrantOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.grant")
    def post(self, request):
        return self.enter(request)


class GrantDetail(GenericAPIView):
    serializer_class = GrantOutput

    def get(self, request, pk: int):
        grant = _grant(request, pk)
        log_access("view", obj=grant, request=request)
        return Response(GrantOutput(grant).data)


class GrantDecisionInput(FundDecisionInput):
    awarded_tiyn = _tiyn_field(required=False, help_text="Default: what was requested.")


class GrantDecide(GenericAPIView):
    """The controller's decision, with its reason and the amount awarded (no more than requested)."""

    serializer_class = GrantDecisionInput

    @extend_schema(request=GrantDecisionInput, responses={200: GrantOutput})
    def post(self, request, pk: int):
        grant = _grant(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            grant = services.decide_grant(grant.pk, actor=request.user, approve=data["approve"],
                                          reason=data["reason"], awarded_tiyn=data.get("awarded_tiyn"))
        except services.FundError as exc:
            return _error(exc)
        return Response(GrantOutput(grant).data)


class DisburseInput(serializers.Serializer):
    on = BoundedDateField(required=False, help_text="Default: today.")


class GrantDisburse(GenericAPIView):
    """Pay an approved grant (Dr grants of the region, Cr the budget's bank account); the report falls due a year
    later."""

    serializer_class = DisburseInput

    @extend_schema(request=DisburseInput, responses={200: GrantOutput}, parameters=[IDEMPOTENCY_KEY])
    @idempotent("fund.grant.disburse")
    def post(self, request, pk: int):
        grant = _grant(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            grant = services.disburse_grant(grant.pk, actor=request.user,
                                            on=serializer.validated_data.get("on") or timezone.localdate())
        except services.FundError as exc:
            return _error(exc)
        return Response(GrantOutput(grant).data)


class ReportInput(serializers.Serializer):
    report = serializers.CharField(max_length=5000)


class GrantReport(GenericAPIView):
    """The report the grantee owes after the disbursement."""

    serializer_class = ReportInput

    @extend_schema(request=ReportInput, responses={200: GrantOutput})
    def post(self, request, pk: int):
        grant = _grant(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            grant = services.report_grant(grant.pk, actor=request.user, report=serializer.validated_data["report"])
        except services.FundError as exc:
            return _error(exc)
        return Response(GrantOutput(grant).data)


class BandOutput(serializers.Serializer):
    min_total_tiyn = serializers.IntegerField(min_value=0, max_value=10**17)
    signatures = serializers.IntegerField(min_value=0, max_value=10)


class BandsInput(serializers.Serializer):
    bands = serializers.ListField(child=BandOutput(), min_length=1, max_length=20)


class SigningBands(GenericAPIView):
    """The signing bands (configuration): a batch whose total reaches a band's minimum needs its signatures
    before release. Read by the fund's staff; replaced by the controller (every change audited)."""

    serializer_class = BandsInput
    queryset = SigningBand.objects.none()

    @extend_schema(responses=BandOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", SigningBand):
            raise PermissionDenied()
        page = self.paginate_queryset(SigningBand.objects.order_by("min_total_tiyn"))
        return self.get_paginated_response(BandOutput(page, many=True).data)

    @extend_schema(request=BandsInput, responses={200: BandsInput})
    def put(self, request):
        form = BandsInput(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            bands = services.set_signing_bands([(b["min_total_tiyn"], b["signatures"])
                                                for b in form.validated_data["bands"]], actor=request.user)
        except services.FundError as exc:
            return _error(exc)
        return Response({"bands": BandOutput(bands, many=True).data})
