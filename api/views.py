"""The API's own endpoints: its root, the token exchange, and who am I."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


@extend_schema(responses={200: dict})
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, format=None):
    """Entry point of /api/v1/: where to find the schema, the docs and a token."""
    return Response(
        {
            "schema": reverse("api:schema", request=request),
            "docs": reverse("api:docs", request=request),
            "token": reverse("api:token", request=request),
            "me": reverse("api:me", request=request),
        }
    )


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for a token (send it as `Authorization: Token <key>`)."""


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    scope = serializers.CharField(allow_null=True)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        scope = user.scope_unit.code if user.scope_unit_id else None
        return Response(MeSerializer({"username": user.username, "role": user.role, "scope": scope}).data)
