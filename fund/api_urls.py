"""API routes of the fund room, mounted under /api/v1/fund/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
