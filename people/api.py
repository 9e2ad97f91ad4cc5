from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.audit import log_access
from accounts.permissions import can
from lib.pagination import CursorPagination

from . import selectors
from .models import Person


class PersonSerializer(serializers.Serializer):
    """A person as the reader may see it: identified, or pseudonymised (no IIN, no name)."""

    id = serializers.IntegerField(required=False, help_text="Only for readers who see identities.")
    key = serializers.CharField(help_text="What this reader's URLs name the person by: the id, or the pseudonym.")
    iin = serializers.CharField(required=False)
    surname = serializers.CharField(required=False)
    given_name = serializers.CharField(required=False)
    patronymic = serializers.CharField(required=False)
    birth_date = serializers.DateField(required=False)
    pseudonym = serializers.CharField(required=False)
    birth_year = serializers.IntegerField(required=False)
    sex = serializers.CharField()
    citizenship = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    region_name = serializers.CharField()
    sex_label = serializers.CharField()


class PersonList(GenericAPIView):
    """Persons the reader may see matching `q`, by keyset pages in the order of registration in Koshi (the id:
    unique and unchanging, unlike a surname; the cursor is sealed, so a researcher still learns no id)."""

    serializer_class = PersonSerializer
    pagination_class = CursorPagination.ordered_by("id")

    @extend_schema(parameters=[OpenApiParameter("q", str, description="IIN, name, or a pseudonym")],
                   responses=PersonSerializer(many=True))
    def get(self, request: Request) -> Any:
        if not can(request.user, "view", Person):
            raise PermissionDenied
        query = request.query_params.get("q", "")
        persons = selectors.search_persons(request.user, query, rows=selectors.person_values())
        rows = self.paginate_queryset(persons) or []  # the page as values, not model instances: cheaper to read
        log_access("search", kind="people.person", detail={"query": query, "api": True}, request=request)
        return self.get_paginated_response(selectors.person_views(request.user, rows))


class PersonDetail(GenericAPIView):
    serializer_class = PersonSerializer

    @extend_schema(parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH,
                                                description="The person's id, or its pseudonym for researchers")])
    def get(self, request: Request, key: str) -> Any:
        person = selectors.person_by_key(request.user, key)
        if person is None:
            log_access("denied", kind="people.person", object_id=key[:40], request=request)
            raise Http404
        log_access("view", obj=person, request=request)
        return Response(selectors.person_view(request.user, person))
