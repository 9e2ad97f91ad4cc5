"""/api/v1/: every room's API, the token endpoint, and the OpenAPI schema with its offline docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

v1 = [
    path("", views.api_root, name="root"),
    path("auth/token/", views.ObtainTokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("geo/", include("geo.api_urls")),
    path("people/", include("people.api_urls")),
    path("accounts/", include("accounts.api_urls")),
    path("law/", include("law.api_urls")),
    path("registry/", include("registry.api_urls")),
    path("labour/", include("labour.api_urls")),
    path("oversight/", include("oversight.api_urls")),
    path("relocation/", include("relocation.api_urls")),
    path("fund/", include("fund.api_urls")),
    path("appeals/", include("appeals.api_urls")),
    path("surveys/", include("surveys.api_urls")),
    path("stats/", include("stats.api_urls")),
]

app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),  # type: ignore[arg-type]  # a list of URL patterns
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # the split view serves Swagger UI's start-up script as a file: the Content-Security-Policy allows no inline one
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
