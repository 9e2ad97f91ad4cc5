"""API routes of the oversight room, mounted under /api/v1/oversight/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
