from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied

from lib.pagination import CursorPagination

from . import selectors
from .models import AccessLog, ChangeRecord
from .permissions import can

FILTER_PARAMS = [OpenApiParameter(n, str) for n in ("actor_label", "kind", "object_id", "since", "until")]


class ChangeRecordSerializer(serializers.ModelSerializer):
    # the object's label in the reader's language (ChangeRecord.label), whichever language it was written in
    object_repr = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = ChangeRecord
        fields = ["id", "at", "actor_label", "action", "kind", "object_id", "object_repr", "changes", "reason"]


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLog
        fields = ["id", "at", "actor_label", "event", "kind", "object_id", "detail", "ip", "path"]


@extend_schema(parameters=[*FILTER_PARAMS, OpenApiParameter("action", str)])
class ChangeHistoryList(generics.ListAPIView):
    """The change history (auditors and administrators); read-only, there is no write endpoint."""

    serializer_class = ChangeRecordSerializer
    pagination_class = CursorPagination.ordered_by("-at", "-id")  # keyset pages on the index (at, id)

    def get_queryset(self) -> Any:
        if not can(self.request.user, "view", ChangeRecord):
            raise PermissionDenied
        return selectors.change_history(self.request.user, self.request.query_params)


@extend_schema(parameters=[*FILTER_PARAMS, OpenApiParameter("event", str)])
class AccessLogList(generics.ListAPIView):
    """The access log (auditors and administrators); read-only."""

    serializer_class = AccessLogSerializer
    pagination_class = CursorPagination.ordered_by("-at", "-id")  # keyset pages on the index (at, id)

    def get_queryset(self) -> Any:
        if not can(self.request.user, "view", AccessLog):
            raise PermissionDenied
        return selectors.access_log(self.request.user, self.request.query_params)
