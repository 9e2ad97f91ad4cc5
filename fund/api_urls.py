"""API routes of the fund room, mounted under /api/v1/fund/."""

from django.urls import path, re_path

from . import api

urlpatterns = [
    path("batches/", api.BatchList.as_view(), name="fund-batches"),
    path("batches/<int:pk>/", api.BatchDetail.as_view(), name="fund-batch"),
    path("batches/<int:pk>/sign/", api.BatchSign.as_view(), name="fund-batch-sign"),
    path("batches/<int:pk>/approve/", api.BatchApprove.as_view(), name="fund-batch-approve"),
    path("batches/<int:pk>/release/", api.BatchApprove.as_view(), name="fund-batch-release"),
    path("signing-bands/", api.SigningBands.as_view(), name="fund-signing-bands"),
    path("batches/<int:pk>/register/", api.BatchRegister.as_view(), name="fund-batch-register"),
    path("statements/bank/", api.StatementUpload.as_view(), name="fund-bank-statement"),
    path("payments/", api.PaymentList.as_view(), name="fund-payments"),
    re_path(r"^reports/(?P<report>[a-z_]+)/$", api.Statement.as_view(), name="fund-report"),
    path("entries/<int:pk>/reverse/", api.EntryReverse.as_view(), name="fund-entry-reverse"),
    re_path(r"^periods/(?P<month>\d{4}-\d{2})/(?P<act>close|reopen)/$", api.PeriodAct.as_view(), name="fund-period"),
]
