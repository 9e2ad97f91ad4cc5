"""Pages of the oversight room, mounted under /oversight/."""

from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("alerts.csv", views.export, name="export"),
    path("alerts/<int:pk>/", views.detail, name="detail"),
    path("alerts/<int:pk>/resolve/", views.resolve, name="resolve"),
]
