"""The Law section of the web site."""

from django.urls import path

from . import views

app_name = "law"
urlpatterns = [
    path("", views.index, name="index"),
    path("acts/<slug:act_id>/", views.act, name="act"),
    path("parameters/", views.parameters, name="parameters"),
    path("calculator/", views.calculator, name="calculator"),
]
