"""API routes of the surveys room, mounted under /api/v1/surveys/."""

from django.urls import path

from . import api

urlpatterns = [
    path("forms/", api.FormList.as_view(), name="surveys-forms"),
    path("forms/<int:pk>/", api.FormDetail.as_view(), name="surveys-form"),
    path("forms/<int:pk>/submissions/", api.SubmissionList.as_view(), name="surveys-submissions"),
    path("forms/<int:pk>/estimates/", api.Estimates.as_view(), name="surveys-estimates"),
    path("forms/<int:pk>/weights/", api.Weights.as_view(), name="surveys-weights"),
]
