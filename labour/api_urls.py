"""API routes of the labour room, mounted under /api/v1/labour/."""

from django.urls import path

from . import api

urlpatterns = [
    path("contracts/", api.ContractList.as_view(), name="labour-contracts"),
    path("contracts/<int:pk>/entries/", api.ContractEntryCreate.as_view(), name="labour-contract-entries"),
    path("job-seekers/", api.JobSeekerList.as_view(), name="labour-job-seekers"),
]
