"""API routes of the stats room, mounted under /api/v1/stats/."""

from django.urls import path

from . import api

urlpatterns = [
    path("indicators/", api.IndicatorList.as_view(), name="stats-indicators"),
    path("flows/", api.FlowTable.as_view(), name="stats-flows"),
    path("gravity/", api.GravityModel.as_view(), name="stats-gravity"),
    path("forecast/", api.Forecast.as_view(), name="stats-forecast"),
    path("surplus/", api.Surplus.as_view(), name="stats-surplus"),
]
