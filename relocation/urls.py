"""Pages of the relocation room, mounted under /relocation/."""

from django.urls import path  # noqa: F401

app_name = "relocation"
urlpatterns: list = []
