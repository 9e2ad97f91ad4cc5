from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("audit/", views.change_history, name="audit"),
    path("access-log/", views.access_log, name="access_log"),
]
