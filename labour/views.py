"""The labour room's pages: the register of contracts (with late entries flagged) and job seekers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can, can_in_unit, can_on_object, sees_identities
from geo.models import TerritorialUnit
from people.models import Person

from . import selectors, services
from .forms import (
    AttendanceForm,
    ContractForm,
    EnrolForm,
    InviteForm,
    JobSeekerForm,
    MatchRunForm,
    NoticeForm,
    ReplyForm,
    VacancyForm,
    VacancySearchForm,
)
from .models import (
    Course,
    CourseDuty,
    Employer,
    EmploymentContract,
    Enrolment,
    JobSeeker,
    MatchProposal,
    MatchRun,
    Notice,
    NoticeReply,
    Vacancy,
)


def _employers_for(user):
    return Employer.objects.visible_to(user, "view").order_by("name")


@login_required
def index(request):
    user = request.user
    context = {"identities": sees_identities(user) or user.role == "employer"}
    if can(user, "view", EmploymentContract):
        contracts = (EmploymentContract.objects.visible_to(user, "view")
                     .select_related("employer", "employee", "workplace_unit").prefetch_related("entries"))
        context["page"] = Paginator(contracts, 25).get_page(request.GET.get("page"))
        context["can_add_contract"] = can(user, "add", EmploymentContract)
    if can(user, "view", JobSeeker):
        context["seekers"] = (JobSeeker.objects.visible_to(user, "view").filter(ended_on__isnull=True)
                              .select_related("person", "unit")[:50])
        context["can_add_seeker"] = can(user, "add", JobSeeker)
    if not context.get("page") and "seekers" not in context:
        raise PermissionDenied
    return render(request, "labour/index.html", context)


@login_required
def new_contract(request):
    user = request.user
    if not can(user, "add", EmploymentContract):
        raise PermissionDenied
    form = ContractForm(request.POST or None, employers=_employers_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = Person.objects.filter(iin=data["iin"]).first()
        allowed = can_in_unit(user, "add", EmploymentContract, data["workplace_unit"]) or (
            data["employer"].users.filter(pk=user.pk).exists())
        if employee is None:
            form.add_error("iin", _("No person with this IIN in the register of persons."))
        elif not allowed:
            raise PermissionDenied
        else:
            try:
                contract = services.register_contract(
                    employer=data["employer"], employee=employee, position=data["position"],
                    workplace_unit=data["workplace_unit"], start_date=data["start_date"], term=data["term"],
                    end_date=data["end_date"], wage_kzt=data["wage_kzt"], actor=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                entry = contract.entries.get()
                if entry.is_late:
                    messages.warning(request, _("Entered %(days)s days after the deadline (%(due)s).") % {
                        "days": entry.days_late, "due": entry.due_date})
                else:
                    messages.success(request, _("The contract is entered in the register."))
                return redirect("labour:index")
    return render(request, "labour/contract_form.html", {"form": form})


@login_required
def new_job_seeker(request):
    user = request.user
    if not can(user, "add", JobSeeker):
        raise PermissionDenied
    form = JobSeekerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = Person.objects.filter(iin=data["iin"]).first()
        if person is None:
            form.add_error("iin", _("No person with this IIN in the register of persons."))
        elif not can_in_unit(user, "add", JobSeeker, data["unit"]):
            raise PermissionDenied
        else:
            try:
                services.register_job_seeker(person, unit=data["unit"], registered_on=data["registered_on"],
                                             status=data["status"], actor=request.user)
            except ValidationError as exc:
                for errors in exc.message_dict.values():
                    for error in errors:
                        form.add_error(None, error)
            else:
                messages.success(request, _("The job seeker is registered."))
                return redirect("labour:index")
    return render(request, "labour/seeker_form.html", {"form": form})


# --- issue 13: vacancies, matching, offers, courses, notices ------------------------------------------------

def _today() -> dt.date:
    return timezone.localdate()


def _own_employers(user):
    return Employer.objects.filter(users=user).order_by("name")


def _visible_or_404(model, user, pk: int, action: str = "view"):
    obj = model.objects.visible_to(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _regions_for(user):
    units = TerritorialUnit.objects.current().first_level().order_by("code")
    if user.scope_unit_id:
        units = units.filter(path__startswith=user.scope_unit.path)
    return units


@login_required
def vacancies(request):
    user = request.user
    if not can(user, "view", Vacancy):
        raise PermissionDenied
    form = VacancySearchForm(request.GET or None)
    filters: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"region": data.get("region"), "occupation": data.get("occupation"),
                   "min_wage": data.get("min_wage"), "housing": data.get("housing") or None}
    found = selectors.search_vacancies(user, on=_today(), **filters)
    mine = None
    if user.role == "employer":
        mine = Vacancy.objects.visible_to(user).select_related("region", "occupation").order_by("-created_at")[:50]
    return render(request, "labour/vacancies.html", {
        "form": form, "page": Paginator(found, 20).get_page(request.GET.get("page")), "mine": mine,
        "can_post": can(user, "add", Vacancy) and _own_employers(user).exists()})


@login_required
def vacancy_new(request):
    user = request.user
    employers = _own_employers(user)
    if not can(user, "add", Vacancy) or not employers.exists():
        raise PermissionDenied
    form = VacancyForm(request.POST or None, employers=employers,
                       initial={"employer": employers.first().pk, "region": employers.first().region_id,
                                "housing": "none"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancy = services.post_vacancy(
                employer=data["employer"], title=data["title"], region=data["region"], settlement=data["settlement"],
                occupation=data["occupation"], places=data["places"], wage_kzt=data["wage_kzt"],
                housing=data["housing"], housing_rooms=data.get("housing_rooms"), starts_on=data["starts_on"],
                closes_on=data["closes_on"], actor=user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is posted."))
            return redirect("labour:vacancy", pk=vacancy.pk)
    return render(request, "labour/form.html", {"form": form, "title": _("Post a vacancy"),
                                                "note": _("The wage may not be below the minimum monthly wage in force.")})


@login_required
def vacancy_detail(request, pk: int):
    user = request.user
    vacancy = _visible_or_404(Vacancy, user, pk)
    if request.method == "POST":
        if not can_on_object(user, "change", vacancy):
            raise Http404
        try:
            services.withdraw_vacancy(vacancy, actor=user)
        except services.Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The vacancy is withdrawn."))
        return redirect("labour:vacancy", pk=vacancy.pk)
    proposals = (MatchProposal.objects.visible_to(user).filter(vacancy=vacancy).select_related("person")
                 if can(user, "view", MatchProposal) else None)
    return render(request, "labour/vacancy.html", {
        "vacancy": vacancy, "proposals": proposals, "can_withdraw": vacancy.status == "open"
        and can_on_object(user, "change", vacancy), "identities": sees_identities(user) or user.role == "employer"})


@login_required
def matching(request):
    user = request.user
    if not can(user, "view", MatchRun):
        raise PermissionDenied
    may_run = can(user, "add", MatchRun)
    regions = _regions_for(user)
    first_region = regions.first() if user.scope_unit_id else None
    form = MatchRunForm(request.POST or None, regions=regions,
                        initial={"on": _today(), "region": first_region.pk if first_region else None})
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied
        if form.is_valid():
            region = form.cleaned_data.get("region")
            if region is None and not can_in_unit(user, "add", MatchRun, None):
                form.add_error("region", _("Choose a region of your territory."))
            else:
                run = services.run_matching(on=form.cleaned_data["on"], region=region, actor=user)
                messages.success(request, _("Matching done: %(n)s proposals.") % {"n": run.proposals.count()})
                return redirect("labour:run", pk=run.pk)
    runs = MatchRun.objects.visible_to(user).select_related("region", "run_by")[:30]
    return render(request, "labour/matching.html", {
        "form": form if may_run else None, "runs": runs,
        "to_review": selectors.proposals_to_review(user)[:100] if can(user, "decide", MatchProposal) else None})


@login_required
def run_detail(request, pk: int):
    user = request.user
    run = _visible_or_404(MatchRun, user, pk)
    proposals = (MatchProposal.objects.visible_to(user).filter(run=run)
                 .select_related("vacancy", "vacancy__employer", "vacancy__region", "person").order_by("-score", "id"))
    return render(request, "labour/run.html", {"run": run, "proposals": proposals,
                                               "can_decide": can(user, "decide", MatchProposal),
                                               "identities": sees_identities(user)})


@login_required
def decide(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    proposal = _visible_or_404(MatchProposal, user, pk, "decide")
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_proposal(proposal, accept=accept, actor=user, reason=request.POST.get("reason", "")[:500])
    except services.Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Accepted: the offer is sent to the person.") if accept else _("Rejected."))
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("labour:run", pk=proposal.run_id)


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def offers(request):
    user = request.user
    if request.method == "POST":
        offer = selectors.offers_for(user).filter(pk=request.POST.get("offer") or 0).first() \
            if str(request.POST.get("offer", "")).isdecimal() else None
        if offer is None:
            raise Http404
        try:
            services.answer_offer(offer, accept=request.POST.get("answer") == "accept", actor=user)
        except services.Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your answer is recorded."))
        return redirect("labour:offers")
    return render(request, "labour/offers.html", {"offers": selectors.offers_for(user)})


@login_required
def courses(request):
    user = request.user
    if not can(user, "view", CourseDuty):
        raise PermissionDenied
    today = _today()
    duties = (CourseDuty.objects.visible_to(user).filter(contract__terminated_on__isnull=True)
              .select_related("contract", "contract__employer", "contract__employee", "enrolment",
                              "enrolment__course").order_by("due_date", "id"))
    show = request.GET.get("show")
    if show == "overdue":
        duties = duties.filter(pk__in=selectors.overdue_course_duties(user, today).values("pk"))
    return render(request, "labour/courses.html", {
        "page": Paginator(duties, 30).get_page(request.GET.get("page")), "today": today, "show": show,
        "overdue": selectors.overdue_course_duties(user, today).count(),
        "courses": Course.objects.visible_to(user).select_related("provider")[:50]})


@login_required
def duty_detail(request, pk: int):
    user = request.user
    duty = _visible_or_404(CourseDuty, user, pk)
    enrolment = Enrolment.objects.filter(duty=duty).select_related("course").first()
    may_enrol = can(user, "add", Enrolment) and can_on_object(user, "view", duty)
    may_attend = enrolment is not None and can(user, "change", Enrolment) and can_on_object(user, "change", enrolment)
    courses_qs = Course.objects.visible_to(user).filter(kind=duty.kind).select_related("provider")
    enrol_form = EnrolForm(request.POST if request.POST.get("step") == "enrol" else None, courses=courses_qs,
                           initial={"enrolled_on": _today()})
    attend_form = AttendanceForm(request.POST if request.POST.get("step") == "attend" else None,
                                 initial={"on": _today()})
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "enrol" and may_enrol and enrolment is None and enrol_form.is_valid():
                services.enrol(duty, course=enrol_form.cleaned_data["course"],
                               enrolled_on=enrol_form.cleaned_data["enrolled_on"], actor=user)
                messages.success(request, _("Enrolled."))
                return redirect("labour:duty", pk=duty.pk)
            if step == "attend" and may_attend and enrolment is not None and attend_form.is_valid():
                services.record_attendance(enrolment, on=attend_form.cleaned_data["on"],
                                           hours=attend_form.cleaned_data["hours"], actor=user)
                return redirect("labour:duty", pk=duty.pk)
            if step == "complete" and may_attend and enrolment is not None:
                services.complete_enrolment(enrolment, on=_today(), actor=user)
                messages.success(request, _("The course is completed; the certificate is ready."))
                return redirect("labour:duty", pk=duty.pk)
            if step not in ("enrol", "attend", "complete") or not (may_enrol or may_attend):
                raise PermissionDenied
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        except services.Conflict as exc:
            messages.error(request, exc.message)
    return render(request, "labour/duty.html", {
        "duty": duty, "enrolment": enrolment, "enrol_form": enrol_form if may_enrol and enrolment is None else None,
        "attend_form": attend_form if may_attend and enrolment is not None and enrolment.status == "enrolled" else None,
        "overdue": enrolment is None and duty.due_date < _today(),
        "attendance": enrolment.attendance.all() if enrolment else ()})


@login_required
def certificate(request, pk: int):
    from .certificates import certificate_pdf

    user = request.user
    enrolment = Enrolment.objects.filter(pk=pk, status="completed").select_related(
        "duty__contract__employee", "duty__contract__employer", "course__provider").first()
    if enrolment is None:
        raise Http404
    own = user.person_id is not None and user.person_id == enrolment.duty.contract.employee_id
    if not own and not can_on_object(user, "view", enrolment):
        raise Http404
    lang = request.GET.get("lang") or (request.LANGUAGE_CODE or "kk")[:2]
    response = HttpResponse(certificate_pdf(enrolment, lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{enrolment.certificate_number}.pdf"'
    return response


@login_required
def my_courses(request):
    """A person's own completed courses and their certificates."""
    person_id = request.user.person_id
    rows = (Enrolment.objects.filter(duty__contract__employee_id=person_id).select_related("course", "course__provider")
            if person_id else Enrolment.objects.none())
    return render(request, "labour/my_courses.html", {"enrolments": rows})


@login_required
def notices(request):
    user = request.user
    if not can(user, "view", Notice):
        raise PermissionDenied
    may_publish = can(user, "add", Notice)
    regions = _regions_for(user)
    first_region = regions.first() if user.scope_unit_id else None
    form = NoticeForm(request.POST or None, regions=regions,
                      initial={"region": first_region.pk if first_region else None})
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if not can_in_unit(user, "add", Notice, data["region"]):
                raise Http404
            try:
                notice = services.publish_notice(region=data["region"], kind=data["kind"], title=data["title"],
                                                 body=data["body"], fair_date=data.get("fair_date"),
                                                 fair_place=data.get("fair_place", ""), actor=user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The notice is published to the region's employers."))
                return redirect("labour:notice", pk=notice.pk)
    return render(request, "labour/notices.html", {
        "page": Paginator(selectors.notices_for(user), 20).get_page(request.GET.get("page")),
        "form": form if may_publish else None})


@login_required
def notice_detail(request, pk: int):
    user = request.user
    notice = selectors.notices_for(user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    employer = _own_employers(user).filter(region__path__startswith=notice.region.path).first() \
        if can(user, "add", NoticeReply) else None
    own_vacancies = Vacancy.objects.filter(employer=employer, status="open") if employer else Vacancy.objects.none()
    existing = NoticeReply.objects.filter(notice=notice, employer=employer).first() if employer else None
    reply_form = ReplyForm(request.POST if request.POST.get("step") == "reply" else None, vacancies=own_vacancies,
                           initial={"body": existing.body if existing else "",
                                    "attends_fair": existing.attends_fair if existing else False,
                                    "vacancies": list(existing.vacancies.all()) if existing else []})
    may_invite = notice.kind == "fair" and can_in_unit(user, "add", Notice, notice.region)
    invite_form = InviteForm(request.POST if request.POST.get("step") == "invite" else None)
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "reply" and employer is not None and reply_form.is_valid():
                data = reply_form.cleaned_data
                services.reply_to_notice(notice, employer=employer, body=data["body"],
                                         attends_fair=data["attends_fair"], vacancies=data["vacancies"], actor=user)
                messages.success(request, _("Your answer is sent."))
                return redirect("labour:notice", pk=notice.pk)
            if step == "invite" and may_invite and invite_form.is_valid():
                person = Person.objects.filter(iin=invite_form.cleaned_data["iin"]).first()
                if person is None:
                    invite_form.add_error("iin", _("No person with this IIN in the register of persons."))
                else:
                    services.invite_to_fair(notice, person=person, actor=user)
                    messages.success(request, _("Invited."))
                    return redirect("labour:notice", pk=notice.pk)
            elif step not in ("reply", "invite"):
                raise PermissionDenied
        except ValidationError as exc:
            _form_errors(reply_form, exc)
    replies = NoticeReply.objects.visible_to(user).filter(notice=notice).select_related("employer")
    return render(request, "labour/notice.html", {
        "notice": notice, "replies": replies, "reply_form": reply_form if employer else None,
        "invite_form": invite_form if may_invite else None,
        "fair_vacancies": selectors.fair_vacancies(notice) if notice.kind == "fair" else None,
        "invited": notice.invitations.select_related("person") if may_invite else None})
