"""Pages of the fund room, mounted under /fund/."""

from django.urls import path  # noqa: F401

app_name = "fund"
urlpatterns: list = []
