"""The API of debts (/api/v1/relocation/debts/): what a family owes back after a breach, frozen with its inputs,
its instalment plan, repayments and notices; the career centre grants instalments, asks for and approves a
write-off (two different officials), issues the notice (PDF in the family's language) and records its delivery,
and decides an art. 11(3) exemption on evidence. Same services as the pages; 404 outside the caller's scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import sees_identities
from accounts.scoping import visible_or_404

from . import services
from .api import ErrorOut, error
from .models import Debt, DebtNotice, Document, Exemption
from .selectors import visible_application


class InstalmentOut(serializers.Serializer):
    due_on = serializers.DateField()
    amount_kzt = serializers.IntegerField()
    paid_kzt = serializers.IntegerField()


class RepaymentOut(serializers.Serializer):
    amount_kzt = serializers.IntegerField()
    received_on = serializers.DateField()
    allocation = serializers.JSONField()


class DebtNoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField()
    issued_on = serializers.DateField()
    channel = serializers.CharField()
    delivered_on = serializers.DateField(allow_null=True)


class DebtOut(serializers.Serializer):
    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    refund_order_id = serializers.IntegerField()
    region = serializers.CharField(source="region.code")
    amount_kzt = serializers.IntegerField()
    owed_kzt = serializers.IntegerField()
    repaid_kzt = serializers.IntegerField()
    arrival = serializers.DateField()
    departure = serializers.DateField()
    days_served = serializers.IntegerField()
    days_owed = serializers.IntegerField()
    subsidy_paid_kzt = serializers.IntegerField()
    article = serializers.CharField()
    rules_version = serializers.CharField()
    computed_on = serializers.DateField()
    due_on = serializers.DateField()
    limitation_on = serializers.DateField()
    status = serializers.CharField()
    recovery = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    closed_cites = serializers.CharField()


class DebtDetailOut(DebtOut):
    instalments = serializers.SerializerMethodField()
    repayments = RepaymentOut(many=True, source="repayments.all")
    notices = DebtNoticeOut(many=True, source="notices.all")

    def get_instalments(self, obj: Debt) -> list[dict[str, Any]]:
        plan = obj.plans.filter(active=True).first()
        return list(InstalmentOut(plan.instalments.all(), many=True).data) if plan else []


def _debt(user: Any, pk: int, action: str = "view") -> Debt:
    return visible_or_404(Debt.objects.select_related("region"), user, pk, action)


class DebtList(GenericAPIView):
    serializer_class = DebtOut
    queryset = Debt.objects.none()

    @extend_schema(responses=DebtOut(many=True),
                   parameters=[OpenApiParameter("status", str, enum=Debt.Status.values)])
    def get(self, request):
        qs = Debt.objects.visible_to(request.user, "view").select_related("region")
        status = request.query_params.get("status")
        if status:
            if status not in Debt.Status.values:
                return Response({"status": ["Unknown status."]}, status=400)
            qs = qs.filter(status=status)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(DebtOut(page, many=True).data)


class DebtDetail(GenericAPIView):
    serializer_class = DebtDetailOut
    queryset = Debt.objects.none()

    def get(self, request, pk: int):
        return Response(DebtDetailOut(_debt(request.user, pk)).data)


class InstalmentIn(serializers.Serializer):
    due_on = serializers.DateField()
    amount_kzt = serializers.IntegerField(min_value=1, max_value=10**12)


class PlanIn(serializers.Serializer):
    schedule = serializers.ListField(child=InstalmentIn(), max_length=120, min_length=1)
    reason = serializers.CharField(max_length=2000)


class DebtInstalments(GenericAPIView):
    """Grant an instalment plan: the instalments add up to what is owed (400 otherwise)."""

    serializer_class = PlanIn
    queryset = Debt.objects.none()

    @extend_schema(responses={201: DebtDetailOut, 409: ErrorOut})
    def post(self, request, pk: int):
        debt = _debt(request.user, pk, "change")
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.grant_instalments(debt, actor=request.user, reason=s.validated_data["reason"],
                                       schedule=[(i["due_on"], i["amount_kzt"]) for i in s.validated_data["schedule"]])
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(DebtDetailOut(_debt(request.user, pk)).data, status=201)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, default="")


class DebtWriteOff(GenericAPIView):
    """`request`: the first signature with its reason; `approve`: the second, by another official (409 if the
    same)."""

    serializer_class = ReasonIn
    queryset = Debt.objects.none()
    step = "request"

    @extend_schema(responses={200: DebtOut, 409: ErrorOut})
    def post(self, request, pk: int):
        step = self.step
        debt = _debt(request.user, pk, "change")
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            if step == "request":
                debt = services.request_write_off(debt, actor=request.user, reason=s.validated_data["reason"])
            else:
                debt = services.approve_write_off(debt, actor=request.user)
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(DebtOut(debt).data)


class NoticeIn(serializers.Serializer):
    language = serializers.ChoiceField(choices=["kk", "ru", "en"])


class DebtNotices(GenericAPIView):
    """Issue the notice of the debt in the family's language (its PDF: /notices/{id}/pdf/)."""

    serializer_class = NoticeIn
    queryset = Debt.objects.none()

    @extend_schema(responses={201: DebtNoticeOut})
    def post(self, request, pk: int):
        debt = _debt(request.user, pk, "change")
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            notice = services.issue_debt_notice(debt, actor=request.user, language=s.validated_data["language"])
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(DebtNoticeOut(notice).data, status=201)


class DeliveryIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=DebtNotice.Channel.choices)
    delivered_on = serializers.DateField()


def _notice(user: Any, pk: int) -> DebtNotice:
    return visible_or_404(DebtNotice.objects.select_related("debt"), user, pk)


class NoticeDelivery(GenericAPIView):
    serializer_class = DeliveryIn
    queryset = DebtNotice.objects.none()

    @extend_schema(responses={200: DebtNoticeOut})
    def post(self, request, pk: int):
        notice = _notice(request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            notice = services.record_notice_delivery(notice, actor=request.user, **s.validated_data)
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(DebtNoticeOut(notice).data)


class NoticePdf(GenericAPIView):
    serializer_class = None
    queryset = DebtNotice.objects.none()

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="The notice as a PDF")})
    def get(self, request, pk: int):
        from .debt_pdf import render_notice

        notice = _notice(request.user, pk)
        if not sees_identities(request.user):
            raise Http404
        response = HttpResponse(render_notice(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="debt-notice-{notice.pk}.pdf"'
        return response


class ExemptionIn(serializers.Serializer):
    ground = serializers.ChoiceField(choices=Exemption.Ground.choices)
    evidence = serializers.IntegerField(min_value=1, max_value=2**62, help_text="A document of the application")
    reason = serializers.CharField(max_length=2000)


class ExemptionOut(serializers.Serializer):
    id = serializers.IntegerField()
    ground = serializers.CharField()
    evidence_id = serializers.IntegerField()
    reason = serializers.CharField()
    decided_on = serializers.DateField()
    article = serializers.CharField()


class ExemptionCreate(GenericAPIView):
    """Decide on evidence that no refund is due (model law art. 11(3))."""

    serializer_class = ExemptionIn
    queryset = Exemption.objects.none()

    @extend_schema(responses={201: ExemptionOut, 409: ErrorOut})
    def post(self, request, pk: int):
        app = visible_application(request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        doc = Document.objects.filter(pk=s.validated_data["evidence"], application=app).first()
        if doc is None:
            return Response({"detail": "No such document of this application.", "code": "invalid",
                             "field": "evidence"}, status=400)
        try:
            exemption = services.decide_exemption(app, actor=request.user, ground=s.validated_data["ground"],
                                                  evidence=doc, reason=s.validated_data["reason"])
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc, app)
        return Response(ExemptionOut(exemption).data, status=201)
