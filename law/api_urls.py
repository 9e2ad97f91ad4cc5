"""API routes of the law room, mounted under /api/v1/law/."""

from django.urls import path

from . import api

urlpatterns = [
    path("evaluate", api.EvaluateView.as_view(), name="law-evaluate"),
    path("parameters", api.ParametersView.as_view(), name="law-parameters"),
]
