"""Pages of the relocation programme. Thin: every write goes through relocation.services (via actions for the
transitions), every list through visible_to; a record outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import can, can_in_unit, sees_identities
from accounts.roles import Role
from accounts.scoping import visible_or_404
from geo.selectors import current_units, find_unit
from people.models import Person

from . import participation, reports, services, snapshots, work_queue
from .actions import run_transition
from .explain import explain
from .models import (
    Application,
    Budget,
    Category,
    DecisionSnapshot,
    DocumentKind,
    FollowUpFlag,
    Notification,
    ParticipationOverride,
    Quota,
    QuotaOrder,
    SettlementType,
)
from .selectors import visible_application
from .states import FINAL, TRANSITIONS, State, allowed


def _regions() -> list[tuple[str, str]]:
    return [(u.code, f"{u.name} ({u.code})") for u in current_units()]


class ApplyForm(forms.Form):
    applicant_iin = forms.CharField(label=gettext_lazy("Applicant's IIN"), max_length=12, required=False)
    departure_region = forms.ChoiceField(label=gettext_lazy("departure region"))
    departure_settlement = forms.CharField(label=gettext_lazy("departure settlement"), max_length=120)
    receiving_region = forms.ChoiceField(label=gettext_lazy("receiving region"))
    settlement_type = forms.ChoiceField(label=gettext_lazy("settlement type"), choices=SettlementType.choices)
    category = forms.ChoiceField(label=gettext_lazy("category"), choices=Category.choices)
    housing_price_kzt = forms.IntegerField(label=gettext_lazy("price of the housing to buy, tenge"), required=False,
                                           min_value=0, max_value=10_000_000_000)

    def __init__(self, *args: Any, officer: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        regions = _regions()
        for name in ("departure_region", "receiving_region"):
            cast(forms.ChoiceField, self.fields[name]).choices = regions
        if not officer:
            del self.fields["applicant_iin"]
        else:
            self.fields["applicant_iin"].required = True


@login_required
def index(request):
    user = request.user
    if user.role == Role.CITIZEN:
        mine = Application.objects.visible_to(user, "view").order_by("-id")
        latest = mine.first()
        if latest is not None and latest.state not in (State.REFUSED, State.WITHDRAWN, State.CLOSED,
                                                       State.COMPLETED):
            return redirect("relocation:application", pk=latest.pk)
        return render(request, "relocation/citizen_start.html", {"applications": mine})
    if not can(user, "view", Application):
        raise PermissionDenied
    apps = (Application.objects.visible_to(user, "view")
            .select_related("applicant", "departure_region", "receiving_region").order_by("submitted_on", "id"))
    state = request.GET.get("state", "")
    if state in State.values:
        apps = apps.filter(state=state)
    counts = dict(Application.objects.visible_to(user, "view").values_list("state").annotate(n=Count("id")))
    by_region = (Application.objects.visible_to(user, "view").values("receiving_region__code",
                                                                      "receiving_region__name_" + _lang())
                 .annotate(n=Count("id"), persons=Sum("places"),
                           arrived=Count("id", filter=Q(arrived_on__isnull=False))).order_by("receiving_region__code"))
    return render(request, "relocation/index.html", {
        "sections": work_queue.officer_sections(user) if user.role == Role.OFFICER else [],
        "applications": apps[:200], "states": [(s, lbl, counts.get(s, 0)) for s, lbl in State.choices],
        "state": state, "state_label": dict(State.choices).get(state, ""), "identities": sees_identities(user),
        "may_file": can(user, "add", Application)
        and user.role in (Role.OFFICER, Role.ADMIN), "by_region": by_region, "name_field": "receiving_region__name_" +
        _lang(), "national": user.role in (Role.MINISTRY, Role.ADMIN, Role.RESEARCHER),
    })


def _lang() -> str:
    from django.utils.translation import get_language

    lang = (get_language() or "en")[:2]
    return lang if lang in ("kk", "ru", "en") else "en"


@login_required
def apply(request):
    user = request.user
    officer = user.role in (Role.OFFICER, Role.ADMIN)
    if not officer and not user.person_id:
        raise PermissionDenied
    form = ApplyForm(request.POST or None, officer=officer,
                     initial={"departure_region": getattr(getattr(user.person, "home_unit", None), "code", "KZ-61")
                              if user.person_id else "KZ-61", "receiving_region": "KZ-59"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if officer:
            applicant = Person.objects.visible_to(user, "view").filter(iin=d["applicant_iin"].strip()).first()
            if applicant is None:
                form.add_error("applicant_iin", _("No such person in your scope."))
        else:
            applicant = user.person
        if not form.errors:
            try:
                app = services.create_application(
                    actor=user, applicant=applicant, departure_region=find_unit(d["departure_region"]),
                    departure_settlement=d["departure_settlement"], receiving_region=find_unit(d["receiving_region"]),
                    settlement_type=d["settlement_type"], category=d["category"],
                    housing_price_kzt=d.get("housing_price_kzt"))
            except services.NotVisible:
                raise PermissionDenied from None
            except services.RelocationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The application is created as a draft: check the family and submit it."))
                return redirect("relocation:application", pk=app.pk)
    return render(request, "relocation/apply.html", {"form": form, "officer": officer})


def _role_for(user: Any, app: Application) -> str:
    if user.person_id and user.person_id == app.applicant_id:
        return "citizen"
    if user.role in (Role.OFFICER, Role.ADMIN) and can_in_unit(user, "change", Application, app.receiving_region):
        return "officer"
    return ""


@login_required
def application(request, pk: int):
    user = request.user
    app = visible_application(request.user, pk)
    role = _role_for(user, app)
    identities = sees_identities(user)
    actions = [t for t in allowed(app.state) if role in t.by and t.name != "breach"]
    agreement = getattr(app, "agreement", None) if hasattr(app, "agreement") else None
    orders = list(app.payment_orders.all())
    return render(request, "relocation/application.html", {
        "app": app, "role": role, "identities": identities, "actions": actions,
        "members": app.members.select_related("person"), "timeline": app.transitions.select_related("actor"),
        "decision": explain(app.decision), "grounds": services.refusal_grounds(app),
        "agreement": agreement, "orders": orders,
        "paid_kzt": sum(o.amount_kzt for o in orders if o.status == "paid" and o.measure != "refund"),
        "due_kzt": sum(o.amount_kzt for o in orders if o.status in ("due", "approved") and o.measure != "refund"),
        "flags": app.flags.all(), "documents": app.documents.all() if identities else [],
        "document_kinds": DocumentKind.choices, "relations": [c for c in app.members.model._meta.get_field(
            "relation").choices or () if c[0] != "head"],
        "registration": services.arrival_registration(app) if app.state == State.AGREEMENT_SIGNED else None,
        "today": timezone.localdate(), "states": State, "notices": _notices(user, app),
        "debts": app.debts.prefetch_related("notices", "repayments"),
        **_controls(user, app, role),
    })


def _controls(user: Any, app: Application, role: str) -> dict[str, Any]:
    """For the officer: the participation checks' findings, the overrides, and the decision's replay."""
    if role != "officer":
        return {}
    snap = DecisionSnapshot.objects.filter(decision_id=app.decision_id).first() if app.decision_id else None
    return {
        "findings": participation.findings(app, on=timezone.localdate()) if app.state not in FINAL else [],
        "overrides": app.overrides.select_related("person", "requested_by", "approved_by"),
        "override_codes": sorted(participation.CHECKS), "may_override": can(user, "add", ParticipationOverride),
        "replay": snapshots.replay_decision(snap) if snap is not None else None,
    }


def _notices(user: Any, app: Application) -> list[dict[str, Any]]:
    """The user's in-site notices about this application (newest first), marked read once shown."""
    from .notices import text_of

    shown = list(Notification.objects.filter(user=user, application=app)[:20])
    Notification.objects.filter(pk__in=[n.pk for n in shown], read_at__isnull=True).update(read_at=timezone.now())
    return [{"at": n.created_at, "text": text_of(n)[1], "new": n.read_at is None} for n in shown]


def _fail(request, exc: services.RelocationError) -> None:
    messages.error(request, exc.message)


@login_required
@require_POST
def act(request, pk: int, name: str):
    app = visible_application(request.user, pk)
    if name not in TRANSITIONS:
        raise Http404
    data: dict[str, Any] = {k: request.POST.get(k, "") for k in ("reason", "ground", "transport",
                                                                 "job_or_training", "housing_search")}
    if request.POST.get("planned_arrival"):
        try:
            data["planned_arrival"] = dt.date.fromisoformat(request.POST["planned_arrival"])
        except ValueError:
            messages.error(request, _("Give the planned arrival date."))
            return redirect("relocation:application", pk=pk)
    try:
        run_transition(app, name, request.user, data)
    except services.NotVisible:
        raise Http404 from None
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Done: %(transition)s.") % {"transition": TRANSITIONS[name].label})
    return redirect("relocation:application", pk=pk)


@login_required
@require_POST
def assess(request, pk: int):
    app = visible_application(request.user, pk)
    if _role_for(request.user, app) != "officer":
        raise Http404
    try:
        services.assess(app, actor=request.user)
    except services.RelocationError as exc:
        _fail(request, exc)
    return redirect("relocation:application", pk=pk)


@login_required
@require_POST
def add_member(request, pk: int):
    app = visible_application(request.user, pk)
    birth = request.POST.get("birth_date") or None
    try:
        birth_date = dt.date.fromisoformat(birth) if birth else None
        services.add_member(app, actor=request.user, iin=request.POST.get("iin", ""),
                            relation=request.POST.get("relation", ""), surname=request.POST.get("surname", ""),
                            given_name=request.POST.get("given_name", ""), birth_date=birth_date)
    except ValueError:
        messages.error(request, _("Dates as YYYY-MM-DD."))
    except services.NotVisible:
        raise Http404 from None
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The member is added."))
    return redirect("relocation:application", pk=pk)


@login_required
@require_POST
def upload(request, pk: int):
    app = visible_application(request.user, pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file."))
        return redirect("relocation:application", pk=pk)
    try:
        services.upload_document(app, actor=request.user, kind=request.POST.get("kind", ""), upload=file)
    except services.NotVisible:
        raise Http404 from None
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The document is uploaded."))
    return redirect("relocation:application", pk=pk)


@login_required
def document(request, pk: int, doc: int):
    app = visible_application(request.user, pk)
    if not sees_identities(request.user):
        raise Http404
    d = app.documents.filter(pk=doc).first()
    if d is None:
        raise Http404
    return FileResponse(d.file.open("rb"), content_type=d.content_type, as_attachment=True, filename=d.original_name)


@login_required
def agreement_pdf(request, pk: int):
    from .agreement_pdf import render_agreement

    app = visible_application(request.user, pk)
    if not hasattr(app, "agreement") or not sees_identities(request.user):
        raise Http404
    response = HttpResponse(render_agreement(app), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{app.pk}.pdf"'
    return response


@login_required
@require_POST
def resolve_flag(request, pk: int):
    flag = visible_or_404(FollowUpFlag.objects.all(), request.user, pk, "change")
    try:
        services.resolve_flag(flag, actor=request.user, confirm=request.POST.get("decision") == "confirm",
                              reason=request.POST.get("reason", ""))
    except services.NotVisible:
        raise Http404 from None
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The flag is resolved."))
    return redirect("relocation:application", pk=flag.application_id)


def _year(request) -> int:
    raw = request.GET.get("year", "")
    if raw.isdecimal() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
def quotas(request):
    user = request.user
    if not can(user, "view", Quota):
        raise PermissionDenied
    year = _year(request)
    rows = list(Quota.objects.visible_to(user, "view").filter(year=year).select_related("region", "order")
                .prefetch_related("changes__order").order_by("region__code", "category"))
    national = [q for q in rows if q.region.code == "KZ"]
    regional = [q for q in rows if q.region.code != "KZ"]
    sums = {c: sum(q.places for q in regional if q.category == c) for c in Category.values}
    for q in national:
        q.regional_sum = sums.get(q.category, 0)
        q.reserved_sum = sum(r.reserved for r in regional if r.category == q.category)
        q.used_sum = sum(r.used for r in regional if r.category == q.category)
    by_region: dict[str, dict[str, Any]] = {}
    for q in regional:
        r = by_region.setdefault(q.region.code, {"name": q.region.name, "places": 0, "free": 0, "lines": []})
        r["places"] += q.places
        r["free"] += q.free
        r["lines"].append(f"{q.get_category_display()}: {number_format(q.places, force_grouping=True)} / {_('free')} "
                          f"{number_format(q.free, force_grouping=True)} ({q.order})")
    map_data = {"locations": list(by_region), "z": [r["places"] for r in by_region.values()],
                "names": [r["name"] + "<br>" + "<br>".join(r["lines"]) for r in by_region.values()]}
    years = sorted(set(Quota.objects.visible_to(user, "view").values_list("year", flat=True)), reverse=True)
    return render(request, "relocation/quotas.html", {
        "year": year, "years": years, "regional": regional, "national": national, "map_data": map_data,
        "may_enter": can(user, "add", QuotaOrder), "orders": QuotaOrder.objects.filter(year=year)
        if can(user, "view", QuotaOrder) else []})


class OrderForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("order number"), max_length=60)
    signed_on = forms.DateField(label=gettext_lazy("order date"), widget=forms.DateInput(attrs={"type": "date"}))
    act = forms.CharField(label=gettext_lazy("act"), max_length=300)
    year = forms.IntegerField(label=gettext_lazy("programme year"), min_value=2000, max_value=2100)
    source_url = forms.URLField(label=gettext_lazy("source"), required=False, max_length=400, assume_scheme="https")
    amends = forms.ModelChoiceField(label=gettext_lazy("amends"), queryset=QuotaOrder.objects.all(), required=False)
    lines = forms.CharField(label=gettext_lazy("quotas"), widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=gettext_lazy("One line per quota: region code, category (resettlers or kandas), "
                                                   "places. Example: KZ-59, resettlers, 2820"))


def _parse_lines(text: str) -> list[tuple[Any, str, int]]:
    out = []
    for n, line in enumerate(text.strip().splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or not parts[2].isdecimal() or parts[1] not in Category.values:
            raise forms.ValidationError(_("Line %(n)s: region code, category, places.") % {"n": n})
        unit = find_unit(parts[0])
        if unit is None:
            raise forms.ValidationError(_("Line %(n)s: unknown region.") % {"n": n})
        out.append((unit, parts[1], int(parts[2])))
    if not out:
        raise forms.ValidationError(_("An order sets at least one quota."))
    return out


@login_required
def quota_order_new(request):
    if not can(request.user, "add", QuotaOrder):
        raise PermissionDenied
    form = OrderForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lines = _parse_lines(d["lines"])
            services.enter_quota_order(actor=request.user, number=d["number"], signed_on=d["signed_on"], act=d["act"],
                                       year=d["year"], source_url=d["source_url"], amends=d["amends"], lines=lines)
        except forms.ValidationError as exc:
            form.add_error("lines", exc)
        except services.RelocationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The order is entered."))
            return redirect(f"{_quotas_url()}?year={d['year']}")
    return render(request, "relocation/quota_order.html", {"form": form})


def _quotas_url() -> str:
    from django.urls import reverse

    return reverse("relocation:quotas")


@login_required
def report(request):
    user = request.user
    if not can(user, "view", Application):
        raise PermissionDenied
    periods = reports.published_periods()
    try:
        start, end = reports.parse_period(request.GET.get("start"), request.GET.get("end"))
    except ValueError as exc:
        messages.error(request, str(exc))
        start, end = reports.parse_period(None, None)
    rows = reports.programme_report(user, start, end)
    if request.GET.get("output") == "csv":
        return reports.csv_response(rows, start, end)
    chart = {"regions": [r["region_name"] for r in rows],
             "persons": [r["persons"] for r in rows], "published": [r["published_persons"] for r in rows],
             "koshi": _("Koshi: persons arrived"), "pub": _("Published: persons")}
    return render(request, "relocation/report.html", {
        "rows": rows, "start": start, "end": end, "periods": periods, "chart": chart,
        "totals": {k: sum(r[k] for r in rows) for k in ("families", "persons", "due_kzt", "approved_kzt", "paid_kzt")},
    })



@login_required
def debt_notice_pdf(request, pk: int):
    """The notice of a debt, in the family's language (relocation/debt_pdf.py)."""
    from .debt_pdf import render_notice
    from .models import DebtNotice

    notice = DebtNotice.objects.visible_to(request.user, "view").filter(pk=pk).select_related("debt").first()
    if notice is None or not sees_identities(request.user):
        raise Http404
    response = HttpResponse(render_notice(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="debt-notice-{notice.pk}.pdf"'
    return response


class OverrideForm(forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("check"), choices=[(c, c) for c in sorted(participation.CHECKS)])
    person = forms.IntegerField(min_value=1, max_value=2**62)
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=2000)


@login_required
@require_POST
def override_request(request, pk: int):
    """An officer asks to let the application pass one participation check for one member (two people needed)."""
    app = visible_application(request.user, pk)
    if _role_for(request.user, app) != "officer" or not can(request.user, "add", ParticipationOverride):
        raise Http404
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the check and the member, and give the reason."))
        return redirect("relocation:application", pk=pk)
    person = app.members.filter(person_id=form.cleaned_data["person"]).select_related("person").first()
    if person is None:
        raise Http404
    try:
        services.request_override(app, actor=request.user, code=form.cleaned_data["code"], person=person.person,
                                  reason=form.cleaned_data["reason"])
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The override is recorded: a second person must approve it."))
    return redirect("relocation:application", pk=pk)


@login_required
@require_POST
def override_approve(request, pk: int, override: int):
    app = visible_application(request.user, pk)
    if _role_for(request.user, app) != "officer" or not can(request.user, "decide", ParticipationOverride):
        raise Http404
    found = app.overrides.filter(pk=override).first()
    if found is None:
        raise Http404
    try:
        services.approve_override(found, actor=request.user)
    except services.RelocationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The override is approved."))
    return redirect("relocation:application", pk=pk)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    region = forms.ChoiceField(label=gettext_lazy("receiving region"))
    amount_kzt = forms.IntegerField(label=gettext_lazy("budget, tenge"), min_value=0, max_value=10**15)
    reference = forms.CharField(label=gettext_lazy("budget act"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = _regions()


@login_required
def budgets(request):
    """The programme budgets by year and receiving region, with what agreements committed; the ministry enters
    them (audited)."""
    user = request.user
    if not can(user, "view", Budget):
        raise PermissionDenied
    year = _year(request)
    may_enter = can(user, "add", Budget)
    form = BudgetForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            region = find_unit(d["region"])
            if region is None:
                form.add_error("region", _("Unknown region."))
            else:
                try:
                    services.enter_budget(actor=user, year=d["year"], region=region, amount_kzt=d["amount_kzt"],
                                          reference=d["reference"])
                except services.NotVisible:
                    raise PermissionDenied from None
                except services.RelocationError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, _("The budget is entered."))
                    return redirect(f"{request.path}?year={d['year']}")
    rows = Budget.objects.visible_to(user, "view").filter(year=year).select_related("region")
    years = sorted(set(Budget.objects.visible_to(user, "view").values_list("year", flat=True)), reverse=True)
    return render(request, "relocation/budgets.html", {"year": year, "years": years, "budgets": rows,
                                                       "form": form if may_enter else None})
