from django.urls import path

from . import api

urlpatterns = [
    path("persons/", api.PersonList.as_view(), name="people-persons"),
    path("persons/<str:key>/", api.PersonDetail.as_view(), name="people-person"),
]
