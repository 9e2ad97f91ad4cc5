"""API routes of the oversight room, mounted under /api/v1/oversight/."""

from django.urls import path

from . import api

urlpatterns = [
    path("alerts/", api.AlertList.as_view(), name="oversight-alerts"),
    path("alerts/<int:pk>/", api.AlertDetail.as_view(), name="oversight-alert"),
    path("alerts/<int:pk>/resolve/", api.AlertResolve.as_view(), name="oversight-alert-resolve"),
]
