"""Pages of the appeals room. Thin: every write goes through appeals.services, every list through visible_to;
a record outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can
from accounts.scoping import visible_or_404
from geo.selectors import find_unit
from relocation.models import Application, SettlementType

from . import selectors, services
from .models import Appeal, Grievance, Subject


def _lang() -> str:
    return (get_language() or "kk")[:2]


@login_required
def index(request):
    user = request.user
    if not (can(user, "view", Appeal) or can(user, "view", Grievance)):
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "appeals/index.html", {
        "appeals": Appeal.objects.visible_to(user).select_related("region")[:200],
        "grievances": Grievance.objects.visible_to(user).select_related("region")[:200],
        "to_decide": selectors.appeals_to_decide(user)[:50], "to_answer": selectors.grievances_to_answer(user)[:50],
        "today": today})


class AppealForm(forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("decision contested"), choices=Subject.choices)
    reasons = forms.CharField(label=gettext_lazy("reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


def _application(request, pk: int) -> Application:
    return visible_or_404(Application.objects.select_related("receiving_region"), request.user, pk)


@login_required
def file(request, application: int):
    app = _application(request, application)
    open_ = services.contestable(app)
    form = AppealForm(request.POST or None)
    form.fields["subject"].choices = [(c.subject, c.label) for c in open_]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.file_appeal(actor=request.user, application=app, subject=form.cleaned_data["subject"],
                                          reasons=form.cleaned_data["reasons"], language=_lang(),
                                          documents=request.FILES.getlist("documents"))
        except services.NotVisible:
            raise Http404 from None
        except services.AppealError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your appeal is registered."))
            return redirect("appeals:appeal", pk=appeal.pk)
    return render(request, "appeals/file.html", {"app": app, "form": form, "contestable": open_})


def _appeal(request, pk: int) -> Appeal:
    return visible_or_404(Appeal.objects.select_related("region", "application", "decided_by"), request.user, pk)


@login_required
def detail(request, pk: int):
    appeal = _appeal(request, pk)
    may_decide = (appeal.status == Appeal.Status.OPEN
                  and selectors.appeals_to_decide(request.user).filter(pk=appeal.pk).exists())
    return render(request, "appeals/appeal.html", {"appeal": appeal, "may_decide": may_decide,
                                                   "settlement_types": SettlementType.choices,
                                                   "documents": appeal.documents.all()})


@login_required
@require_POST
def decide(request, pk: int):
    appeal = _appeal(request, pk)
    corrections: dict[str, object] = {}
    if request.POST.get("settlement_type") in SettlementType.values:
        corrections["settlement_type"] = request.POST["settlement_type"]
    price = request.POST.get("housing_price_kzt", "").strip()
    if price.isdecimal() and len(price) <= 12:
        corrections["housing_price_kzt"] = int(price)
    try:
        services.decide_appeal(appeal, actor=request.user, uphold=request.POST.get("uphold") == "1",
                               reasons=request.POST.get("reasons", "")[:5000], corrections=corrections)
    except services.NotVisible:
        raise Http404 from None
    except services.AppealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The appeal is decided."))
    return redirect("appeals:appeal", pk=pk)


class GrievanceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("what it is about"), choices=Grievance.Kind.choices)
    text = forms.CharField(label=gettext_lazy("grievance"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    application = forms.IntegerField(label=gettext_lazy("application №"), required=False, min_value=1,
                                     max_value=2**62)
    region = forms.CharField(label=gettext_lazy("territory code (when no application is named)"), required=False,
                             max_length=20)


@login_required
def grievance_new(request):
    form = GrievanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        app = _application(request, d["application"]) if d.get("application") else None
        person = app.applicant if app is not None else getattr(request.user, "person", None)
        region = find_unit(d["region"]) if d.get("region") else None
        if person is None:
            messages.error(request, _("Name the application the grievance concerns."))
        else:
            try:
                g = services.file_grievance(actor=request.user, person=person, kind=d["kind"], text=d["text"],
                                            region=region, language=_lang(), application=app)
            except services.NotVisible:
                raise Http404 from None
            except services.AppealError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Your grievance is registered."))
                return redirect("appeals:grievance", pk=g.pk)
    return render(request, "appeals/grievance_new.html", {"form": form})


@login_required
def grievance(request, pk: int):
    g = visible_or_404(Grievance.objects.select_related("region"), request.user, pk)
    if request.method == "POST":
        try:
            services.answer_grievance(g, actor=request.user, answer=request.POST.get("answer", "")[:5000])
        except services.NotVisible:
            raise Http404 from None
        except services.AppealError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The answer is recorded."))
        return redirect("appeals:grievance", pk=pk)
    may_answer = g.status == Grievance.Status.OPEN and selectors.grievances_to_answer(request.user).filter(
        pk=g.pk).exists()
    return render(request, "appeals/grievance.html", {"g": g, "may_answer": may_answer,
                                                      "overdue": may_answer and g.answer_due < timezone.localdate()})


@login_required
def report(request):
    if not (can(request.user, "view", Appeal) or can(request.user, "view", Grievance)):
        raise PermissionDenied
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    data = selectors.report(request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return render(request, "appeals/report.html", {**data, "year": year,
                                                   "kinds": dict(Grievance.Kind.choices)})
