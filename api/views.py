"""The API's own endpoints: its root, the token exchange, and who am I."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from accounts.views import lockout_detail, lockout_minutes


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


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for a token (send it as `Authorization: Token <key>`).

    Watched by django-axes like the login page: after too many failures for one username from one address the
    answer is 429 with Retry-After until the lock ends. A successful exchange is written to the access log."""

    @extend_schema(responses={200: TokenSerializer, 429: OpenApiResponse(description="Locked out after too many "
                                                                                    "failed logins; see Retry-After.")})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                minutes = lockout_minutes()
                return Response({"detail": lockout_detail()}, status=429, headers={"Retry-After": str(minutes * 60)})
            # answered, not raised: raising rolls the request's transaction back, and axes' count of failures with it
            return Response(serializer.errors, status=400)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        # as a login through the page: the access log records it, axes resets the user's failures, last_login is set
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response({"token": token.key})


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


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """settings' 404 handler (koshi/urls.py): a path under /api/ that no route matches (a `{month}` that is not
    YYYY-MM, an unknown action) is answered like every other API 404, `{"detail": ...}` as JSON, not the HTML
    page, so the content type the schema declares holds for every path a client can send."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
