"""The oversight room's pages: the inspector's list of alerts (scoped, filtered) and each alert's page with its
evidence and the resolution form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import log_access
from accounts.permissions import can, can_on_object, grant_scope, sees_identities
from accounts.roles import Scope
from geo.models import TerritorialUnit

from . import selectors, services
from .forms import AlertFilter, ResolutionForm
from .models import Alert, Status


def _regions_for(user):
    """Regions a user who sees more than one may filter by (None when they see one territory)."""
    scope = grant_scope(user, "view", Alert)
    if scope == Scope.COUNTRY or (scope == Scope.TERRITORY and user.scope_unit_id is None):
        return TerritorialUnit.objects.current().first_level().order_by("code")
    return None


@login_required
def index(request):
    user = request.user
    if not can(user, "view", Alert):
        raise PermissionDenied
    filters = AlertFilter(request.GET or None, regions=_regions_for(user))
    chosen = filters.values()
    alerts = selectors.alerts_for(user, rule=chosen.get("rule"), status=chosen.get("status"),
                                  unit=chosen.get("region"))
    page = Paginator(alerts, 25).get_page(request.GET.get("page"))
    rows = [{"alert": a, "subject": selectors.subject_label(user, a)} for a in page]
    open_count = selectors.open_alerts_for(user).count()
    return render(request, "oversight/index.html", {
        "filters": filters, "page": page, "rows": rows, "open_count": open_count,
        "scan": selectors.latest_scan(), "identities": sees_identities(user),
        "can_export": can(user, "export", Alert), "query": request.GET.urlencode(),
    })


@login_required
def export(request):
    """The filtered list as CSV (the alerts the user may export), logged in the access log."""
    user = request.user
    if not can(user, "export", Alert):
        raise PermissionDenied
    chosen = AlertFilter(request.GET or None, regions=_regions_for(user)).values()
    alerts = selectors.alerts_for(user, rule=chosen.get("rule"), status=chosen.get("status"),
                                  unit=chosen.get("region"), action="export")
    log_access("export", kind="oversight.alert", request=request,
               detail={"filters": {k: str(getattr(v, "code", v)) for k, v in chosen.items()}})
    response = StreamingHttpResponse(selectors.export_rows(user, alerts), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="oversight-alerts.csv"'
    return response


def _alert_or_404(request, pk: int) -> Alert:
    alert = selectors.alert_for(request.user, pk)
    if alert is None:
        log_access("denied", kind="oversight.alert", object_id=str(pk), request=request)
        raise Http404(_("No such alert in your territory."))
    return alert


def _detail(request, alert: Alert, form: ResolutionForm | None = None, status: int = 200):
    user = request.user
    may_resolve = alert.is_open and can_on_object(user, "change", alert)
    if alert.person_id is not None and sees_identities(user):
        log_access("view", obj=alert.person, request=request, detail={"via": f"oversight.alert:{alert.pk}"})
    return render(request, "oversight/detail.html", {
        "view": selectors.alert_view(user, alert), "alert": alert, "may_resolve": may_resolve,
        "form": form or (ResolutionForm() if may_resolve else None),
        "article_url": selectors.article_url(alert.article), "identities": sees_identities(user),
    }, status=status)


@login_required
def detail(request, pk: int):
    if not can(request.user, "view", Alert):
        raise PermissionDenied
    return _detail(request, _alert_or_404(request, pk))


@login_required
@require_POST
def resolve(request, pk: int):
    alert = _alert_or_404(request, pk)
    if not can_on_object(request.user, "change", alert):
        raise PermissionDenied
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        return _detail(request, alert, form, status=400)
    try:
        services.resolve(alert, actor=request.user, outcome=form.cleaned_data["outcome"],
                         reason=form.cleaned_data["reason"])
    except services.ResolutionError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return _detail(request, alert, form, status=400)
    except services.AlertStateError as exc:
        messages.error(request, str(exc))
        fresh = selectors.alert_for(request.user, pk)
        if fresh is None:
            raise Http404 from exc
        return _detail(request, fresh, status=409)
    messages.success(request, _("The alert is %(status)s.") % {"status": Status(form.cleaned_data["outcome"]).label})
    return redirect("oversight:detail", pk=pk)
