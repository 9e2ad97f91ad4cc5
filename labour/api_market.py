"""The API of vacancies, matching, offers, course duties and notices (mounted with labour/api_urls.py).

Every list reads through `visible_to`; an object outside the user's scope answers 404; a transition the state
does not allow answers 409 naming the state; bad input answers 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.permissions import can, can_in_unit, sees_identities
from geo.selectors import find_unit
from lib.pagination import MAX_ID

from . import selectors, services
from .models import (
    CourseDuty,
    EconomicActivity,
    Employer,
    Housing,
    JobOffer,
    MatchProposal,
    MatchRun,
    Notice,
    NoticeKind,
    Occupation,
    Vacancy,
)


def _conflict(exc: services.Conflict) -> Response:
    return Response({"detail": exc.message, "state": exc.state}, status=409)


def _invalid(exc: ValidationError) -> Response:
    return Response(exc.message_dict, status=400)


class ClassificationOut(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)  # type: ignore[assignment]  # a field named like Field.parent
    title_kk = serializers.CharField()
    title_ru = serializers.CharField()
    title_en = serializers.CharField()


class OccupationList(GenericAPIView):
    """ISCO-08 major and sub-major groups (kk/ru/en)."""

    serializer_class = ClassificationOut

    @extend_schema(responses=ClassificationOut(many=True))
    def get(self, request):
        page = self.paginate_queryset(Occupation.objects.select_related("parent").order_by("code"))
        return self.get_paginated_response(ClassificationOut(page, many=True).data)


class EconomicActivityList(GenericAPIView):
    """OKED sections and divisions (kk/ru/en)."""

    serializer_class = ClassificationOut

    @extend_schema(responses=ClassificationOut(many=True))
    def get(self, request):
        page = self.paginate_queryset(EconomicActivity.objects.select_related("parent").order_by("code"))
        return self.get_paginated_response(ClassificationOut(page, many=True).data)


class VacancyOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    employer_bin = serializers.CharField(source="employer.bin")
    region = serializers.CharField(source="region.code")
    settlement = serializers.CharField()
    occupation = serializers.CharField(source="occupation.code")
    places = serializers.IntegerField()
    places_filled = serializers.IntegerField()
    wage_kzt = serializers.IntegerField()
    housing = serializers.CharField()
    housing_rooms = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    closes_on = serializers.DateField()
    status = serializers.CharField()


class VacancyInput(serializers.Serializer):
    employer_bin = serializers.CharField(max_length=12)
    title = serializers.CharField(max_length=200)
    region = serializers.CharField(max_length=100, help_text="ISO code of the region, e.g. KZ-59")
    settlement = serializers.CharField(max_length=200)
    occupation = serializers.CharField(max_length=2, help_text="ISCO-08 sub-major group, two digits")
    places = serializers.IntegerField(min_value=1, max_value=10_000)
    wage_kzt = serializers.IntegerField(min_value=1, max_value=100_000_000)
    housing = serializers.ChoiceField(choices=Housing.choices, default=Housing.NONE)
    housing_rooms = serializers.IntegerField(min_value=1, max_value=20, required=False, allow_null=True)
    starts_on = serializers.DateField()
    closes_on = serializers.DateField()


class VacancySearch(serializers.Serializer):
    region = serializers.CharField(required=False, max_length=100)
    occupation = serializers.RegexField(r"^\d{1,2}$", required=False)
    min_wage = serializers.IntegerField(required=False, min_value=0, max_value=100_000_000)
    housing = serializers.ChoiceField(choices=[("any", "any"), *Housing.choices], required=False)


SEARCH_PARAMETERS = [
    OpenApiParameter("region", str, description="ISO code of a region, e.g. KZ-59"),
    OpenApiParameter("occupation", str, description="ISCO-08 major (1 digit) or sub-major (2 digits) group"),
    OpenApiParameter("min_wage", int, description="lowest monthly wage, tenge"),
    OpenApiParameter("housing", str, enum=["any", *Housing.values], description="housing offered"),
]


class VacancyList(GenericAPIView):
    serializer_class = VacancyInput

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=VacancyOut(many=True))
    def get(self, request):
        """Open vacancies the user may see, filtered like the search page."""
        if not can(request.user, "view", Vacancy):
            raise PermissionDenied
        query = VacancySearch(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        region = None
        if data.get("region"):
            region = find_unit(data["region"])
            if region is None:
                return Response({"region": [_("No unit with this code or name: use an ISO code such as KZ-59 or the "
                                              "region's name.")]}, status=400)
        occupation = Occupation.objects.filter(code=data["occupation"]).first() if data.get("occupation") else None
        if data.get("occupation") and occupation is None:
            return Response({"occupation": [_("No such ISCO-08 group.")]}, status=400)
        found = selectors.search_vacancies(request.user, on=timezone.localdate(), region=region, occupation=occupation,
                                           min_wage=data.get("min_wage"), housing=data.get("housing"))
        page = self.paginate_queryset(found)
        return self.get_paginated_response(VacancyOut(page, many=True).data)

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: VacancyOut})
    @idempotent("labour.vacancy.create")
    def post(self, request):
        """Post a vacancy for an employer the user acts for."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        employer = Employer.objects.filter(bin=data["employer_bin"], users=request.user).first()
        if employer is None or not can(request.user, "add", Vacancy):
            return Response({"employer_bin": [_("You do not act for an employer with this BIN.")]}, status=400)
        region = find_unit(data["region"])
        occupation = Occupation.objects.filter(code=data["occupation"], level="sub-major").first()
        errors = {}
        if region is None:
            errors["region"] = [_("No unit with this code or name: use an ISO code such as KZ-59 or the region's name.")]
        if occupation is None:
            errors["occupation"] = [_("Choose an ISCO-08 sub-major group (two digits).")]
        if errors:
            return Response(errors, status=400)
        try:
            vacancy = services.post_vacancy(
                employer=employer, title=data["title"], region=region, settlement=data["settlement"],
                occupation=occupation, places=data["places"], wage_kzt=data["wage_kzt"], housing=data["housing"],
                housing_rooms=data.get("housing_rooms"), starts_on=data["starts_on"], closes_on=data["closes_on"],
                actor=request.user)
        except ValidationError as exc:
            return _invalid(exc)
        return Response(VacancyOut(vacancy).data, status=201)


class VacancyDetail(GenericAPIView):
    serializer_class = VacancyOut

    def get(self, request, pk: int):
        vacancy = Vacancy.objects.visible_to(request.user).filter(pk=pk).select_related(
            "employer", "region", "occupation").first()
        if vacancy is None:
            raise Http404
        return Response(VacancyOut(vacancy).data)


class ProposalOut(serializers.Serializer):
    id = serializers.IntegerField()
    run = serializers.IntegerField(source="run_id")
    vacancy = serializers.IntegerField(source="vacancy_id")
    person_iin = serializers.SerializerMethodField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source
    score = serializers.IntegerField()
    parts = serializers.DictField(child=serializers.IntegerField())
    status = serializers.CharField()

    def get_person_iin(self, obj) -> str | None:
        return obj.person.iin if self.context.get("identities") else None


class RunInput(serializers.Serializer):
    on = serializers.DateField()
    region = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="ISO code of a receiving region; empty: the whole country")


class RunOut(serializers.Serializer):
    id = serializers.IntegerField()
    on = serializers.DateField()
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    candidates = serializers.IntegerField()
    vacancies = serializers.IntegerField()
    arcs = serializers.IntegerField()
    objective = serializers.IntegerField()
    excluded = serializers.ListField(child=serializers.IntegerField())
    proposals = serializers.SerializerMethodField()

    def get_proposals(self, obj) -> list[dict]:
        rows = MatchProposal.objects.visible_to(self.context["user"]).filter(run=obj).select_related("person")
        return list(ProposalOut(rows, many=True, context=self.context).data)


class RunList(GenericAPIView):
    serializer_class = RunInput

    @extend_schema(responses=RunOut(many=True))
    def get(self, request):
        if not can(request.user, "view", MatchRun):
            raise PermissionDenied
        page = self.paginate_queryset(MatchRun.objects.visible_to(request.user).select_related("region"))
        context = {"user": request.user, "identities": sees_identities(request.user)}
        return self.get_paginated_response(RunOut(page, many=True, context=context).data)

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: RunOut})
    @idempotent("labour.matching.run")
    def post(self, request):
        """Run a matching for a region of the user's territory (or the country, for the ministry)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        region = None
        if data.get("region"):
            region = find_unit(data["region"])
            if region is None:
                return Response({"region": [_("No unit with this code or name: use an ISO code such as KZ-59 or "
                                              "the region's name.")]}, status=400)
        if not can_in_unit(request.user, "add", MatchRun, region):
            raise PermissionDenied
        run = services.run_matching(on=data["on"], region=region, actor=request.user)
        context = {"user": request.user, "identities": sees_identities(request.user)}
        return Response(RunOut(run, context=context).data, status=201)


class DecisionInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ProposalList(GenericAPIView):
    serializer_class = ProposalOut

    @extend_schema(responses=ProposalOut(many=True))
    def get(self, request):
        """Proposals waiting for the user's decision (officers, ministry), oldest first."""
        page = self.paginate_queryset(selectors.proposals_to_review(request.user))
        return self.get_paginated_response(
            ProposalOut(page, many=True, context={"identities": sees_identities(request.user)}).data)


class ProposalDecision(GenericAPIView):
    serializer_class = DecisionInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={200: ProposalOut})
    @idempotent("labour.proposal.decide")
    def post(self, request, pk: int):
        proposal = MatchProposal.objects.visible_to(request.user, "decide").filter(pk=pk).first()
        if proposal is None:
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            proposal = services.decide_proposal(proposal, accept=serializer.validated_data["accept"],
                                                reason=serializer.validated_data.get("reason", ""), actor=request.user)
        except services.Conflict as exc:
            return _conflict(exc)
        return Response(ProposalOut(proposal, context={"identities": sees_identities(request.user)}).data)


class OfferOut(serializers.Serializer):
    id = serializers.IntegerField()
    vacancy = VacancyOut()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class AnswerInput(serializers.Serializer):
    accept = serializers.BooleanField()


class OfferList(GenericAPIView):
    serializer_class = OfferOut

    @extend_schema(responses=OfferOut(many=True))
    def get(self, request):
        """The job offers made to the user (a citizen's own)."""
        page = self.paginate_queryset(selectors.offers_for(request.user))
        return self.get_paginated_response(OfferOut(page, many=True).data)


class OfferAnswer(GenericAPIView):
    serializer_class = AnswerInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={200: OfferOut})
    @idempotent("labour.offer.answer")
    def post(self, request, pk: int):
        offer = selectors.offers_for(request.user).filter(pk=pk).first()
        if offer is None:
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            offer = services.answer_offer(offer, accept=serializer.validated_data["accept"], actor=request.user)
        except services.Conflict as exc:
            return _conflict(exc)
        return Response(OfferOut(JobOffer.objects.select_related("vacancy__employer", "vacancy__region",
                                                                 "vacancy__occupation").get(pk=offer.pk)).data)


class DutyOut(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    employer_bin = serializers.CharField(source="contract.employer.bin")
    kind = serializers.CharField()
    hired_on = serializers.DateField(source="contract.start_date")
    due_date = serializers.DateField()
    article = serializers.CharField()
    enrolled_on = serializers.SerializerMethodField()

    def get_enrolled_on(self, obj) -> str | None:
        enrolment = getattr(obj, "enrolment", None)
        return enrolment.enrolled_on.isoformat() if enrolment else None


class DutyList(GenericAPIView):
    serializer_class = DutyOut

    @extend_schema(parameters=[OpenApiParameter("overdue", bool, description="only duties past their deadline "
                                                                             "with nobody enrolled")],
                   responses=DutyOut(many=True))
    def get(self, request):
        if not can(request.user, "view", CourseDuty):
            raise PermissionDenied
        overdue = str(request.query_params.get("overdue", "")).lower() in ("1", "true", "yes")
        if overdue:
            rows = selectors.overdue_course_duties(request.user, timezone.localdate())
        else:
            rows = CourseDuty.objects.visible_to(request.user).select_related("contract__employer", "enrolment")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DutyOut(page, many=True).data)


class NoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.code")
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    published_on = serializers.DateField()
    fair_date = serializers.DateField(allow_null=True)
    fair_place = serializers.CharField()


class NoticeInput(serializers.Serializer):
    region = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    fair_date = serializers.DateField(required=False, allow_null=True)
    fair_place = serializers.CharField(required=False, allow_blank=True, max_length=300)


class NoticeList(GenericAPIView):
    serializer_class = NoticeInput

    @extend_schema(responses=NoticeOut(many=True))
    def get(self, request):
        """Notices the user may read: an employer only its region's."""
        if not can(request.user, "view", Notice):
            raise PermissionDenied
        page = self.paginate_queryset(selectors.notices_for(request.user))
        return self.get_paginated_response(NoticeOut(page, many=True).data)

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: NoticeOut})
    @idempotent("labour.notice.create")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        region = find_unit(data["region"])
        if region is None:
            return Response({"region": [_("No unit with this code or name: use an ISO code such as KZ-59 or the "
                                          "region's name.")]}, status=400)
        if not can_in_unit(request.user, "add", Notice, region):
            raise PermissionDenied
        try:
            notice = services.publish_notice(region=region, kind=data["kind"], title=data["title"],
                                             body=data.get("body", ""), fair_date=data.get("fair_date"),
                                             fair_place=data.get("fair_place", ""), actor=request.user)
        except ValidationError as exc:
            return _invalid(exc)
        return Response(NoticeOut(notice).data, status=201)


class ReplyInput(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=5_000)
    attends_fair = serializers.BooleanField(default=False)
    vacancies = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                      max_length=200)


class ReplyOut(serializers.Serializer):
    id = serializers.IntegerField()
    notice = serializers.IntegerField(source="notice_id")
    employer_bin = serializers.CharField(source="employer.bin")
    body = serializers.CharField()
    attends_fair = serializers.BooleanField()


class NoticeReplyCreate(GenericAPIView):
    serializer_class = ReplyInput

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={201: ReplyOut})
    @idempotent("labour.notice.reply")
    def post(self, request, pk: int):
        """An employer of the notice's region answers (and, for a fair, registers with its vacancies)."""
        notice = selectors.notices_for(request.user).filter(pk=pk).first()
        if notice is None:
            raise Http404
        employer = Employer.objects.filter(users=request.user, region__path__startswith=notice.region.path).first()
        if employer is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        vacancies = list(Vacancy.objects.filter(pk__in=data.get("vacancies", [])))
        if len(vacancies) != len(set(data.get("vacancies", []))):
            return Response({"vacancies": [_("Bring only your own open vacancies.")]}, status=400)
        try:
            reply = services.reply_to_notice(notice, employer=employer, body=data.get("body", ""),
                                             attends_fair=data["attends_fair"], vacancies=vacancies,
                                             actor=request.user)
        except ValidationError as exc:
            return _invalid(exc)
        return Response(ReplyOut(reply).data, status=201)
