"""Pages of the oversight room, mounted under /oversight/."""

from django.urls import path  # noqa: F401

app_name = "oversight"
urlpatterns: list = []
