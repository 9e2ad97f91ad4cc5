"""API routes of the geo room, mounted under /api/v1/geo/."""

from django.urls import path

from . import api

urlpatterns = [
    path("units/", api.UnitList.as_view(), name="geo-units"),
    path("units/<str:code>/", api.UnitDetail.as_view(), name="geo-unit"),
    path("population/", api.PopulationList.as_view(), name="geo-population"),
    path("shapes/", api.Shapes.as_view(), name="geo-shapes"),
]
