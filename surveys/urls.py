"""Pages of the surveys room, mounted under /surveys/."""

from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/upload/", views.upload, name="upload_version"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/weights/", views.weigh, name="weigh"),
    path("<int:pk>/collect/", views.collect, name="collect"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/submissions/", views.submissions, name="submissions"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<int:pk>/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<int:pk>/versions/<int:version_pk>/xlsform", views.xlsform, name="xlsform"),
]
