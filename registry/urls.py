from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register_self, name="register"),
    path("simplified/", views.register_simplified, name="simplified"),
    path("history/", views.history, name="history_search"),
    path("history/<int:pk>/", views.history, name="history"),
    path("registrations/<int:pk>/deregister/", views.deregister, name="deregister"),
    path("events/<int:pk>/correct/", views.correct_event, name="correct_event"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/run/", views.import_run_again, name="import_run_again"),
    path("imports/<int:pk>/status/", views.import_status, name="import_status"),
    path("imports/<int:pk>/report.csv", views.import_report, name="import_report"),
]
