"""API routes of the surveys room, mounted under /api/v1/surveys/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
