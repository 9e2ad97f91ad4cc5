from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chart/<slug:chart>.csv", views.chart_csv, name="chart_csv"),
    path("outlines.json", views.outlines, name="outlines"),
    path("scenario/", views.scenario, name="scenario"),
    path("bulletin/", views.bulletin, name="bulletin"),
]
