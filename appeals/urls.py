"""Pages of the appeals room, mounted under /appeals/."""

from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("", views.index, name="index"),
    path("file/<int:application>/", views.file, name="file"),
    path("<int:pk>/", views.detail, name="appeal"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("grievances/new/", views.grievance_new, name="grievance_new"),
    path("grievances/<int:pk>/", views.grievance, name="grievance"),
    path("report/", views.report, name="report"),
]
