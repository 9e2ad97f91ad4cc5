"""API routes of the relocation room, mounted under /api/v1/relocation/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
