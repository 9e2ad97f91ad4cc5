from django.urls import path

from . import views

app_name = "labour"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/new/", views.new_contract, name="new_contract"),
    path("job-seekers/new/", views.new_job_seeker, name="new_job_seeker"),
]
