from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:key>/", views.detail, name="detail")  # the id, or the pseudonym for researchers,
]
