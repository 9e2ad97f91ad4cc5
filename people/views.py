from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.audit import log_access
from accounts.permissions import can, sees_identities

from . import selectors
from .models import Person


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Search the persons of the user's territory (pseudonymised for researchers)."""
    if not can(request.user, "view", Person):
        raise PermissionDenied
    query = request.GET.get("q", "")
    persons = selectors.search_persons(request.user, query)
    if query:
        log_access("search", kind="people.person", detail={"query": query}, request=request)
    page = Paginator(persons, 25).get_page(request.GET.get("page"))
    rows = [selectors.person_view(request.user, p) for p in page]
    return render(request, "people/index.html", {
        "page": page, "rows": rows, "query": query, "identities": sees_identities(request.user),
    })


@login_required
def detail(request: HttpRequest, key: str) -> HttpResponse:
    person = selectors.person_by_key(request.user, key)
    if person is None:
        log_access("denied", kind="people.person", object_id=key[:40], request=request)
        raise Http404
    log_access("view", obj=person, request=request)
    families = person.memberships.select_related("family__head").all()
    return render(request, "people/detail.html", {
        "record": selectors.person_view(request.user, person), "person": person,
        "identities": sees_identities(request.user), "families": families,
    })
