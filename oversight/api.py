"""The oversight room's REST API: the alerts a user may see (list with filters, detail with evidence) and their
resolution. Scoped by accounts.permissions; an alert outside the user's scope is a 404; resolving an alert that
is no longer open is a 409 naming its state; bad input is a 400 naming the field."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can, can_on_object, sees_identities
from geo.selectors import find_unit
from people.selectors import pseudonym

from . import selectors, services
from .models import OUTCOMES, Alert, Rule, Status


class AlertSubjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("person", "person"), ("employer", "employer")])
    iin = serializers.CharField(allow_null=True, help_text="Only for readers who may see identities.")
    name = serializers.CharField(allow_null=True, help_text="Only for readers who may see identities.")
    pseudonym = serializers.CharField(allow_null=True, help_text="A person's pseudonym, for every reader.")
    bin = serializers.CharField(allow_null=True)


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.ChoiceField(choices=Rule.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    unit = serializers.CharField(help_text="ISO code of the territory the alert belongs to")
    subject = AlertSubjectSerializer()
    period_start = serializers.DateField()
    due_date = serializers.DateField(help_text="The law's last day; the alert is due on any later day")
    article = serializers.CharField()
    raised_on = serializers.DateField()
    resolved_by = serializers.CharField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_reason = serializers.CharField(allow_blank=True)


class AlertDetailSerializer(AlertSerializer):
    evidence = serializers.JSONField(help_text="The records and dates behind the alert, as the scan found them")


class AlertPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AlertSerializer(many=True)


class ResolutionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(o.value, o.label) for o in OUTCOMES])
    reason = serializers.CharField(max_length=2000)


def _subject(user, alert: Alert, identities: bool) -> dict:
    if alert.employer is not None:  # no query when employer_id is empty
        return {"kind": "employer", "iin": None, "name": alert.employer.name, "pseudonym": None,
                "bin": alert.employer.bin}
    person = alert.person
    assert person is not None, "an alert is about an employer or a person"
    return {"kind": "person", "iin": person.iin if identities else None,
            "name": person.full_name if identities else None, "pseudonym": pseudonym(person.iin), "bin": None}


def alert_row(user, alert: Alert, identities: bool, evidence: bool = False) -> dict:
    row = {
        "id": alert.pk, "rule": alert.rule, "status": alert.status, "unit": alert.unit.code,
        "subject": _subject(user, alert, identities), "period_start": alert.period_start,
        "due_date": alert.due_date, "article": alert.article, "raised_on": alert.raised_on,
        "resolved_by": alert.resolved_by.username if alert.resolved_by is not None else None,
        "resolved_at": alert.resolved_at,
        # free text an inspector wrote about a person: not for readers who may not see identities
        "resolution_reason": alert.resolution_reason if identities else "",
    }
    if evidence:
        row["evidence"] = selectors.evidence_for_api(user, alert)
    return row


class AlertList(GenericAPIView):
    serializer_class = AlertSerializer

    @extend_schema(operation_id="oversight_alerts_list", responses={200: AlertPageSerializer}, parameters=[
        OpenApiParameter("rule", str, enum=Rule.values), OpenApiParameter("status", str, enum=Status.values),
        OpenApiParameter("region", str, description="ISO code of a region or district, e.g. KZ-59"),
        OpenApiParameter("limit", int), OpenApiParameter("offset", int)])
    def get(self, request):
        user = request.user
        if not can(user, "view", Alert):
            raise PermissionDenied
        rule, status, region = (request.query_params.get(k) or "" for k in ("rule", "status", "region"))
        if rule and rule not in Rule.values:
            return Response({"rule": [_("Unknown rule: use one of %(choices)s.") % {
                "choices": ", ".join(Rule.values)}]}, status=400)
        if status and status not in Status.values:
            return Response({"status": [_("Unknown status: use one of %(choices)s.") % {
                "choices": ", ".join(Status.values)}]}, status=400)
        unit = None
        if region:
            unit = find_unit(region[:100])
            if unit is None:
                return Response({"region": [_("No unit with this code or name: use an ISO code such as KZ-59.")]},
                                status=400)
        alerts = selectors.alerts_for(user, rule=rule or None, status=status or None, unit=unit)
        identities = sees_identities(user)
        page = self.paginate_queryset(alerts)
        return self.get_paginated_response([alert_row(user, a, identities) for a in page])


class AlertDetail(GenericAPIView):
    serializer_class = AlertDetailSerializer

    @extend_schema(operation_id="oversight_alert_retrieve")
    def get(self, request, pk: int):
        if not can(request.user, "view", Alert):
            raise PermissionDenied
        alert = selectors.alert_for(request.user, pk)
        if alert is None:
            raise Http404
        return Response(alert_row(request.user, alert, sees_identities(request.user), evidence=True))


class AlertResolve(GenericAPIView):
    serializer_class = ResolutionInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={200: AlertDetailSerializer})
    @idempotent("oversight.alert.resolve")
    def post(self, request, pk: int):
        alert = selectors.alert_for(request.user, pk)
        if alert is None:
            raise Http404
        if not can_on_object(request.user, "change", alert):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            alert = services.resolve(alert, actor=request.user, outcome=serializer.validated_data["outcome"],
                                     reason=serializer.validated_data["reason"])
        except services.ResolutionError as exc:
            return Response({exc.field: [str(exc)]}, status=400)
        except services.AlertStateError as exc:
            return Response({"detail": str(exc), "status": exc.status}, status=409)
        alert = selectors.alert_for(request.user, pk)
        if alert is None:
            raise Http404
        return Response(alert_row(request.user, alert, sees_identities(request.user), evidence=True))
