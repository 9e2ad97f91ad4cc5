"""The fund's REST API: batches (prepare, approve — four eyes —, register), the bank statement, payments as each
role may see them, statements, entries and their reversal, periods. Every refusal answers with the rule's
message: 400 naming the field, 403 for the four-eyes rule or a missing grant, 409 naming the state."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.audit import log_access
from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can

from . import controls, reports, selectors, services
from .models import Account, JournalEntry, PaymentBatch, PaymentLine, SigningBand, StatementImport
from .policy import STATEMENT


def _error(exc: services.FundError) -> Response:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return Response(body, status=exc.status)


class NoBody(serializers.Serializer):
    """No request body."""


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
    order_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=5000)
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=500)


class PreparedOutput(serializers.Serializer):
    batch = BatchDetailOutput(allow_null=True)
    skipped_order_ids = serializers.ListField(child=serializers.IntegerField())


class BatchList(GenericAPIView):
    serializer_class = PrepareInput

    @extend_schema(responses=BatchOutput(many=True))
    def get(self, request):
        if not can(request.user, "view", PaymentBatch):
            raise PermissionDenied
        qs = PaymentBatch.objects.visible_to(request.user, "view").select_related("prepared_by", "approved_by")
        page = self.paginate_queryset(qs)
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
    batch = PaymentBatch.objects.visible_to(request.user, "view").filter(pk=pk).first()
    if batch is None:
        raise Http404
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
    serializer_class = PaymentLineOutput

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
    memo = serializers.CharField()
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

    @extend_schema(responses={200: PeriodOutput})
    def post(self, request, month: str, act: str):
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
