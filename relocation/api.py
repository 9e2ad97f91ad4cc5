"""The relocation programme's REST API: the same services and checks as the pages.

An application outside the caller's scope answers 404; a transition its state does not allow answers 409 naming
the state and the transition; input errors answer 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.permissions import can, can_in_unit, sees_identities
from accounts.scoping import visible_or_404
from geo.selectors import find_unit
from lib.pagination import MAX_ID
from people.models import Person
from people.selectors import pseudonym

from . import participation, reports, selectors, services, snapshots
from .actions import run_transition
from .explain import explain
from .models import (
    Application,
    Budget,
    Category,
    DecisionSnapshot,
    DocumentKind,
    FollowUpFlag,
    ParticipationOverride,
    PaymentOrder,
    Quota,
    QuotaOrder,
    SettlementType,
)
from .selectors import visible_application
from .states import TRANSITIONS, State, allowed


def error(exc: services.RelocationError, app: Application | None = None, transition: str = "") -> Response:
    body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    if exc.status == 409 and app is not None:
        app.refresh_from_db(fields=["state"])
        body["state"] = app.state
        if transition:
            body["transition"] = transition
    if isinstance(exc, services.QuotaExhausted):
        body["quota"] = exc.quota.pk
    return Response(body, status=exc.status)


def _unit(value: str, field: str):
    unit = find_unit(value)
    if unit is None:
        raise serializers.ValidationError({field: [_("Unknown region.")]})
    return unit


# --- serializers ---------------------------------------------------------------------------------------------

class ArticleOut(serializers.Serializer):
    id = serializers.CharField()
    number = serializers.CharField()
    paragraph = serializers.CharField()
    title = serializers.CharField()
    act_title = serializers.CharField()
    url = serializers.CharField()
    cite = serializers.CharField()


class ConditionOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    passed = serializers.BooleanField()
    value = serializers.CharField()
    article = ArticleOut()


class AmountOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    amount_kzt = serializers.IntegerField()
    article = ArticleOut()


class DecisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    on = serializers.DateField()
    eligible = serializers.BooleanField()
    rules_version = serializers.CharField()
    conditions = ConditionOut(many=True)
    entitlements = AmountOut(many=True)


class MemberOut(serializers.Serializer):
    person = serializers.CharField(help_text="IIN, or a pseudonym for those who may not see identifiers.")
    name = serializers.CharField(allow_blank=True)
    relation = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)


class TransitionOut(serializers.Serializer):
    name = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField(allow_blank=True)


class PaymentOrderOut(serializers.ModelSerializer):
    class Meta:
        model = PaymentOrder
        fields = ["id", "application", "measure", "period_start", "period_end", "amount_kzt", "article", "status",
                  "due_on", "paid_on", "payment_reference"]


class FlagOut(serializers.ModelSerializer):
    class Meta:
        model = FollowUpFlag
        fields = ["id", "application", "kind", "detected_on", "event_date", "article", "status", "reason"]


class AgreementOut(serializers.Serializer):
    signed_on = serializers.DateField()
    planned_arrival = serializers.DateField()
    transport = serializers.CharField()
    job_or_training = serializers.CharField()
    housing_search = serializers.CharField()
    cancelled_on = serializers.DateField(allow_null=True)
    pdf = serializers.CharField()


class DocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class ApplicationSummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    category = serializers.CharField()
    applicant = serializers.CharField(help_text="IIN, or a pseudonym for those who may not see identifiers.")
    departure_region = serializers.CharField()
    receiving_region = serializers.CharField()
    settlement_type = serializers.CharField()
    submitted_on = serializers.DateField(allow_null=True)
    places = serializers.IntegerField()


class ApplicationOut(ApplicationSummaryOut):
    applicant_name = serializers.CharField(allow_blank=True)
    departure_settlement = serializers.CharField()
    forward_due = serializers.DateField(allow_null=True)
    arrived_on = serializers.DateField(allow_null=True)
    follow_up_until = serializers.DateField(allow_null=True)
    refusal_ground = serializers.CharField(allow_blank=True)
    allowed_transitions = serializers.ListField(child=serializers.CharField())
    refusal_grounds = serializers.ListField(child=serializers.CharField())
    members = MemberOut(many=True)
    timeline = TransitionOut(many=True)
    decision = DecisionOut(allow_null=True)
    agreement = AgreementOut(allow_null=True)
    payment_orders = PaymentOrderOut(many=True)
    flags = FlagOut(many=True)
    documents = DocumentOut(many=True)


def _who(person: Person, user: Any) -> tuple[str, str]:
    if sees_identities(user):
        return person.iin, person.full_name
    return pseudonym(person.iin), ""


def summary(app: Application, user: Any) -> dict[str, Any]:
    return {"id": app.pk, "state": app.state, "category": app.category, "applicant": _who(app.applicant, user)[0],
            "departure_region": app.departure_region.code, "receiving_region": app.receiving_region.code,
            "settlement_type": app.settlement_type, "submitted_on": app.submitted_on, "places": app.places}


def detail(app: Application, user: Any) -> dict[str, Any]:
    from django.urls import reverse

    identities = sees_identities(user)
    data = summary(app, user)
    agreement = getattr(app, "agreement", None) if hasattr(app, "agreement") else None
    data.update({
        "applicant_name": _who(app.applicant, user)[1], "departure_settlement": app.departure_settlement,
        "forward_due": app.forward_due, "arrived_on": app.arrived_on, "follow_up_until": app.follow_up_until,
        "refusal_ground": app.refusal_ground,
        "allowed_transitions": [t.name for t in allowed(app.state)],
        "refusal_grounds": [c["name"] for c in services.refusal_grounds(app)],
        "members": [{"person": _who(m.person, user)[0], "name": _who(m.person, user)[1], "relation": m.relation,
                     "birth_date": m.person.birth_date if identities else None}
                    for m in app.members.select_related("person")],
        "timeline": [{"name": t.name, "from_state": t.from_state, "to_state": t.to_state,
                      "actor": t.actor_label if identities else "", "at": t.at, "reason": t.reason}
                     for t in app.transitions.all()],
        "decision": explain(app.decision),
        "agreement": None if agreement is None else {
            "signed_on": agreement.signed_on, "planned_arrival": agreement.planned_arrival,
            "transport": agreement.transport, "job_or_training": agreement.job_or_training,
            "housing_search": agreement.housing_search, "cancelled_on": agreement.cancelled_on,
            "pdf": reverse("api:relocation-api-agreement-pdf", args=[app.pk])},
        "payment_orders": PaymentOrderOut(app.payment_orders.all(), many=True).data,
        "flags": FlagOut(app.flags.all(), many=True).data,
        "documents": [{"id": d.pk, "kind": d.kind, "name": d.original_name, "size": d.size,
                       "url": reverse("api:relocation-api-document", args=[app.pk, d.pk])} for d in app.documents.all()]
        if identities else [],
    })
    return data


class ApplicationIn(serializers.Serializer):
    applicant_iin = serializers.CharField(max_length=12, required=False,
                                          help_text="An officer filing on a citizen's behalf; a citizen applies for "
                                                    "themself.")
    category = serializers.ChoiceField(choices=Category.choices, default=Category.RESETTLERS)
    departure_region = serializers.CharField(help_text="ISO code or name, e.g. KZ-61")
    departure_settlement = serializers.CharField(max_length=120)
    receiving_region = serializers.CharField(help_text="ISO code or name, e.g. KZ-59")
    settlement_type = serializers.ChoiceField(choices=SettlementType.choices)
    housing_price_kzt = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                 max_value=10_000_000_000)


class MemberIn(serializers.Serializer):
    iin = serializers.CharField(max_length=20)
    relation = serializers.ChoiceField(choices=["spouse", "child", "parent", "sibling", "other"])
    surname = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True)


class DocumentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class TransitionIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    ground = serializers.CharField(max_length=60, required=False, allow_blank=True, default="",
                                   help_text="refuse: the name of a condition the law's decision found unmet.")
    planned_arrival = serializers.DateField(required=False, help_text="sign_agreement")
    transport = serializers.CharField(max_length=200, required=False, default="")
    job_or_training = serializers.CharField(max_length=300, required=False, default="")
    housing_search = serializers.CharField(max_length=300, required=False, default="")


class ErrorOut(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    transition = serializers.CharField(required=False)


class FlagResolveIn(serializers.Serializer):
    confirm = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


class QuotaOut(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    region = serializers.CharField()
    region_name = serializers.CharField()
    category = serializers.CharField()
    places = serializers.IntegerField()
    reserved = serializers.IntegerField()
    used = serializers.IntegerField()
    free = serializers.IntegerField()
    order = serializers.CharField()
    order_id = serializers.IntegerField()


class QuotaLineIn(serializers.Serializer):
    region = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    places = serializers.IntegerField(min_value=0, max_value=1_000_000)


class QuotaOrderIn(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    signed_on = serializers.DateField()
    act = serializers.CharField(max_length=300)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    source_url = serializers.URLField(max_length=400, required=False, allow_blank=True, default="")
    amends = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    lines = QuotaLineIn(many=True)


class QuotaOrderOut(serializers.ModelSerializer):
    class Meta:
        model = QuotaOrder
        fields = ["id", "number", "signed_on", "act", "year", "source_url", "amends"]


def quota_row(q: Quota) -> dict[str, Any]:
    return {"id": q.pk, "year": q.year, "region": q.region.code, "region_name": q.region.name,
            "category": q.category, "places": q.places, "reserved": q.reserved, "used": q.used, "free": q.free,
            "order": str(q.order), "order_id": q.order_id}


# --- views ---------------------------------------------------------------------------------------------------

class ApplicationList(GenericAPIView):
    """Applications the caller may see (scoped); a citizen's own, an officer's receiving region, the ministry's
    whole country. POST: a citizen applies for their family, or an officer files on a citizen's behalf."""

    serializer_class = ApplicationIn

    @extend_schema(responses=ApplicationSummaryOut(many=True), parameters=[
        OpenApiParameter("state", str, enum=State.values), OpenApiParameter("year", int)])
    def get(self, request):
        qs = (Application.objects.visible_to(request.user, "view")
              .select_related("applicant", "departure_region", "receiving_region").order_by("created_at", "id"))
        state = request.query_params.get("state")
        if state:
            if state not in State.values:
                return Response({"state": [_("Unknown state.")]}, status=400)
            qs = qs.filter(state=state)
        year = request.query_params.get("year")
        if year:
            if not year.isdecimal() or not 2000 <= int(year) <= 2100:
                return Response({"year": [_("A year from 2000 to 2100.")]}, status=400)
            qs = qs.filter(submitted_on__year=int(year))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([summary(a, request.user) for a in page])

    @extend_schema(responses={201: ApplicationOut, 409: ErrorOut})
    def post(self, request):
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        user = request.user
        if d.get("applicant_iin"):
            applicant = Person.objects.visible_to(user, "view").filter(iin=d["applicant_iin"].strip()).first()
            if applicant is None:
                return Response({"applicant_iin": [_("No such person in your scope.")]}, status=400)
        elif user.person_id:
            applicant = user.person
        else:
            return Response({"applicant_iin": [_("Name the applicant.")]}, status=400)
        try:
            app = services.create_application(
                actor=user, applicant=applicant, departure_region=_unit(d["departure_region"], "departure_region"),
                departure_settlement=d["departure_settlement"],
                receiving_region=_unit(d["receiving_region"], "receiving_region"),
                settlement_type=d["settlement_type"], category=d["category"],
                housing_price_kzt=d.get("housing_price_kzt"))
        except services.NotVisible:
            raise PermissionDenied from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(detail(app, user), status=201)


class ApplicationDetail(GenericAPIView):
    """One application with its family, timeline, the law's decision (each condition and amount with its
    article), agreement, payment orders and follow-up flags."""

    serializer_class = ApplicationOut

    def get(self, request, pk: int):
        return Response(detail(visible_application(request.user, pk), request.user))


class MemberAdd(GenericAPIView):
    """Add a family member by IIN (validated; a person the register does not know is registered)."""

    serializer_class = MemberIn

    @extend_schema(responses={201: ApplicationOut, 409: ErrorOut})
    def post(self, request, pk: int):
        app = visible_application(request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            services.add_member(app, actor=request.user, **s.validated_data)
        except services.RelocationError as exc:
            return error(exc, app)
        return Response(detail(app, request.user), status=201)


class DocumentUpload(GenericAPIView):
    """Upload a document (PDF, JPEG or PNG, at most 5 MB), stored outside the database."""

    serializer_class = DocumentIn
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={201: DocumentOut, 409: ErrorOut})
    def post(self, request, pk: int):
        from django.urls import reverse

        app = visible_application(request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            doc = services.upload_document(app, actor=request.user, kind=s.validated_data["kind"],
                                           upload=s.validated_data["file"])
        except services.RelocationError as exc:
            return error(exc, app)
        return Response({"id": doc.pk, "kind": doc.kind, "name": doc.original_name, "size": doc.size,
                         "url": reverse("api:relocation-api-document", args=[app.pk, doc.pk])}, status=201)


class DocumentDownload(GenericAPIView):
    """The document's file: only for those who may read the application (and see identities)."""

    serializer_class = serializers.Serializer

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, doc: int):
        app = visible_application(request.user, pk)
        if not sees_identities(request.user):
            raise Http404
        document = app.documents.filter(pk=doc).first()
        if document is None:
            raise Http404
        return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=document.original_name)


class TransitionCreate(GenericAPIView):
    """Take a transition: submit, forward, approve, refuse (with a ground the law names), sign_agreement (with the
    adaptation plan), cancel_agreement, confirm_arrival (read from the registry), start_follow_up, assess_refund
    (after a breach confirmed on a follow-up flag), complete, close, withdraw.
    A transition the state does not allow answers 409 naming the state and the transition."""

    serializer_class = TransitionIn
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(responses={200: ApplicationOut, 409: ErrorOut},
                   parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(TRANSITIONS))])
    def post(self, request, pk: int, name: str):
        app = visible_application(request.user, pk)
        if name not in TRANSITIONS or name == "breach":
            return Response({"detail": _("Unknown transition."), "code": "unknown_transition",
                             "field": "name"}, status=400)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            run_transition(app, name, request.user, s.validated_data)
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc, app, name)
        return Response(detail(visible_application(request.user, pk), request.user))


class AgreementPdf(GenericAPIView):
    """The agreement with its adaptation plan as a PDF in the reader's language, the articles cited."""

    serializer_class = serializers.Serializer

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        from .agreement_pdf import render_agreement

        app = visible_application(request.user, pk)
        if not hasattr(app, "agreement"):
            raise Http404
        response = HttpResponse(render_agreement(app), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="agreement-{app.pk}.pdf"'
        return response


class FlagResolve(GenericAPIView):
    """The officer confirms (a breach: refund assessed by the law) or dismisses a follow-up flag, with a reason."""

    serializer_class = FlagResolveIn

    @extend_schema(responses={200: FlagOut, 409: ErrorOut})
    def post(self, request, pk: int):
        flag = visible_or_404(FollowUpFlag.objects.all(), request.user, pk)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            flag = services.resolve_flag(flag, actor=request.user, **s.validated_data)
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc, flag.application, "breach")
        return Response(FlagOut(flag).data)


class PaymentOrderList(GenericAPIView):
    """Payment orders the caller may see (the fund's accountant and controller: all)."""

    serializer_class = PaymentOrderOut
    queryset = PaymentOrder.objects.none()

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=PaymentOrder.Status.values),
                               OpenApiParameter("payable", bool)], responses=PaymentOrderOut(many=True))
    def get(self, request):
        qs = PaymentOrder.objects.visible_to(request.user, "view").order_by("due_on", "id")
        status = request.query_params.get("status")
        if status:
            if status not in PaymentOrder.Status.values:
                return Response({"status": [_("Unknown status.")]}, status=400)
            qs = qs.filter(status=status)
        if request.query_params.get("payable") in ("1", "true"):
            qs = qs.filter(pk__in=selectors.payable_orders().values("pk"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PaymentOrderOut(page, many=True).data)


class QuotaList(GenericAPIView):
    """Quotas by year, receiving region and category: places, reserved, used, free, and the order behind each."""

    serializer_class = QuotaOut
    queryset = Quota.objects.none()

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=QuotaOut(many=True))
    def get(self, request):
        qs = Quota.objects.visible_to(request.user, "view").select_related("region", "order")
        year = request.query_params.get("year")
        if year:
            if not year.isdecimal() or not 2000 <= int(year) <= 2100:
                return Response({"year": [_("A year from 2000 to 2100.")]}, status=400)
            qs = qs.filter(year=int(year))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([quota_row(q) for q in page])


class QuotaOrderCreate(GenericAPIView):
    """GET: the orders behind the quotas. POST (ministry): enter an order or an amendment; audited."""

    serializer_class = QuotaOrderIn
    queryset = QuotaOrder.objects.none()

    @extend_schema(responses=QuotaOrderOut(many=True))
    def get(self, request):
        qs = QuotaOrder.objects.visible_to(request.user, "view")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(QuotaOrderOut(page, many=True).data)

    @extend_schema(responses={201: QuotaOrderOut, 409: ErrorOut})
    def post(self, request):
        if not can(request.user, "add", QuotaOrder):
            raise PermissionDenied
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        amends = None
        if d.get("amends"):
            amends = QuotaOrder.objects.filter(pk=d["amends"]).first()
            if amends is None:
                return Response({"amends": [_("No such order.")]}, status=400)
        lines = []
        for i, line in enumerate(d["lines"]):
            unit = find_unit(line["region"])
            if unit is None:
                return Response({"lines": {i: {"region": [_("Unknown region.")]}}}, status=400)
            if not can_in_unit(request.user, "change", Quota, unit):
                raise PermissionDenied
            lines.append((unit, line["category"], line["places"]))
        try:
            order = services.enter_quota_order(actor=request.user, number=d["number"], signed_on=d["signed_on"],
                                               act=d["act"], year=d["year"], source_url=d["source_url"],
                                               amends=amends, lines=lines)
        except services.RelocationError as exc:
            return error(exc)
        return Response(QuotaOrderOut(order).data, status=201)


class ReportRowOut(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    families_resettlers = serializers.IntegerField()
    persons_resettlers = serializers.IntegerField()
    families_kandas = serializers.IntegerField()
    persons_kandas = serializers.IntegerField()
    families = serializers.IntegerField()
    persons = serializers.IntegerField()
    due_kzt = serializers.IntegerField()
    approved_kzt = serializers.IntegerField()
    paid_kzt = serializers.IntegerField()
    published_persons = serializers.IntegerField(allow_null=True)


class Report(GenericAPIView):
    """The programme's results by receiving region (per category) for a period (arrivals in the period), with the
    published figures beside them where the periods match. ?output=csv for CSV."""

    serializer_class = ReportRowOut
    pagination_class = None  # a table of one row per receiving region (bounded by the regions), not a growing list

    @extend_schema(parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE),
                               OpenApiParameter("output", str, enum=["json", "csv"])],
                   responses={(200, "application/json"): ReportRowOut(many=True), (200, "text/csv"): str})
    def get(self, request):
        if not can(request.user, "view", Application):
            raise PermissionDenied
        try:
            start, end = reports.parse_period(request.query_params.get("start"), request.query_params.get("end"))
        except ValueError as exc:
            return Response({"start": [str(exc)]}, status=400)
        rows = reports.programme_report(request.user, start, end)
        if request.query_params.get("output") == "csv":
            return reports.csv_response(rows, start, end)
        return Response(rows)


# --- controls (issue 17): participation checks and overrides, replay, budgets ------------------------------

class FindingOut(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=[participation.REFUSE, participation.REVIEW])
    person_iin = serializers.CharField()
    reason = serializers.CharField()
    article = serializers.CharField()
    other_application = serializers.IntegerField(allow_null=True)
    overridden = serializers.BooleanField()


class OverrideOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    person_iin = serializers.CharField(source="person.iin")
    reason = serializers.CharField()
    status = serializers.CharField()
    requested_by = serializers.CharField(source="requested_by.username")
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True, default=None)


class ReplayOut(serializers.Serializer):
    same = serializers.BooleanField()
    hash_matches = serializers.BooleanField()
    rules_version_then = serializers.CharField()
    rules_version_now = serializers.CharField()
    differences = serializers.ListField(child=serializers.CharField())


class ControlsOut(serializers.Serializer):
    findings = FindingOut(many=True)
    overrides = OverrideOut(many=True)
    replay = ReplayOut(allow_null=True)


class OverrideIn(serializers.Serializer):
    code = serializers.ChoiceField(choices=sorted(participation.CHECKS))
    person_iin = serializers.CharField(max_length=12)
    reason = serializers.CharField(max_length=2000)


def _officer_application(request: Any, pk: int) -> Application:
    """The application, for an officer who may change it in its receiving region (otherwise 404)."""
    app = visible_application(request.user, pk)
    if not (request.user.role in ("officer", "admin")
            and can_in_unit(request.user, "change", Application, app.receiving_region)):
        raise Http404
    return app


class ApplicationControls(GenericAPIView):
    """For the officer: what the participation checks find today (each refusing or holding for review, with
    its reason and article, and whether an override covers it), the overrides, and the decision replayed from its
    snapshot (the family as it was, the parameters read, the rules version) with its money hash checked."""

    serializer_class = ControlsOut

    def get(self, request, pk: int):
        app = _officer_application(request, pk)
        iins = dict(app.members.values_list("person_id", "person__iin"))
        found = [{"code": f.code, "severity": f.severity, "person_iin": iins.get(f.person_id, ""), "reason": f.reason,
                  "article": f.article, "other_application": f.other_application, "overridden": f.overridden}
                 for f in participation.findings(app, on=timezone.localdate())]
        snap = DecisionSnapshot.objects.filter(decision_id=app.decision_id).first() if app.decision_id else None
        replay = snapshots.replay_decision(snap) if snap is not None else None
        return Response(ControlsOut({
            "findings": found,
            "overrides": list(app.overrides.select_related("person", "requested_by", "approved_by")),
            "replay": None if replay is None else {**replay.__dict__, "differences": list(replay.differences)},
        }).data)


class OverrideCreate(GenericAPIView):
    """An officer asks to let the application pass one participation check for one member, with a reason; it is
    in force once a second officer approves it (POST .../overrides/{id}/approve/)."""

    serializer_class = OverrideIn

    @extend_schema(responses={201: OverrideOut, 400: ErrorOut, 409: ErrorOut})
    def post(self, request, pk: int):
        app = _officer_application(request, pk)
        if not can(request.user, "add", ParticipationOverride):
            raise PermissionDenied
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        member = app.members.filter(person__iin=d["person_iin"].strip()).select_related("person").first()
        if member is None:
            return error(services.RelocationError(_("This person is not on the application."), field="person_iin"))
        try:
            override = services.request_override(app, actor=request.user, code=d["code"], person=member.person,
                                                 reason=d["reason"])
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(OverrideOut(override).data, status=201)


class OverrideApprove(GenericAPIView):
    """The second officer approves an override; the officer who asked for it may not (409)."""

    serializer_class = OverrideOut

    @extend_schema(request=None, responses={200: OverrideOut, 409: ErrorOut})
    def post(self, request, pk: int, override: int):
        app = _officer_application(request, pk)
        if not can(request.user, "decide", ParticipationOverride):
            raise PermissionDenied
        found = app.overrides.filter(pk=override).first()
        if found is None:
            raise Http404
        try:
            found = services.approve_override(found, actor=request.user)
        except services.NotVisible:
            raise Http404 from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(OverrideOut(found).data)


class BudgetOut(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    free_kzt = serializers.IntegerField()

    class Meta:
        model = Budget
        fields = ["id", "year", "region", "amount_kzt", "committed_kzt", "free_kzt", "reference"]


class BudgetIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    region = serializers.CharField(max_length=20)
    amount_kzt = serializers.IntegerField(min_value=0, max_value=10**15)
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BudgetList(GenericAPIView):
    """GET: the programme budgets with what agreements committed. POST (ministry): enter or change a region's
    budget for a year (never below what is committed: 409); audited."""

    serializer_class = BudgetIn
    queryset = Budget.objects.none()

    @extend_schema(responses=BudgetOut(many=True), parameters=[OpenApiParameter("year", int)])
    def get(self, request):
        if not can(request.user, "view", Budget):
            raise PermissionDenied
        qs = Budget.objects.visible_to(request.user, "view").select_related("region")
        year = request.query_params.get("year", "")
        if year.isdecimal() and len(year) == 4:
            qs = qs.filter(year=int(year))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(BudgetOut(page, many=True).data)

    @extend_schema(responses={201: BudgetOut, 400: ErrorOut, 409: ErrorOut})
    def post(self, request):
        if not can(request.user, "add", Budget):
            raise PermissionDenied
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        unit = find_unit(d["region"])
        if unit is None:
            return error(services.RelocationError(_("Unknown region."), field="region"))
        try:
            budget = services.enter_budget(actor=request.user, year=d["year"], region=unit,
                                           amount_kzt=d["amount_kzt"], reference=d["reference"])
        except services.NotVisible:
            raise PermissionDenied from None
        except services.RelocationError as exc:
            return error(exc)
        return Response(BudgetOut(budget).data, status=201)
