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
    # any text reaches the view, which answers in JSON (a URL pattern's miss would be Django's HTML 404)
    path("periods/<str:month>/<str:act>/", api.PeriodAct.as_view(), name="fund-period"),
    path("contributions/", api.ContributionList.as_view(), name="fund-contributions"),
    path("contributions/<int:pk>/receipt/", api.ContributionReceipt.as_view(), name="fund-contribution-receipt"),
    path("insurance/policies/", api.PolicyList.as_view(), name="fund-policies"),
    path("insurance/policies/<int:pk>/", api.PolicyDetail.as_view(), name="fund-policy"),
    path("insurance/claims/", api.ClaimList.as_view(), name="fund-claims"),
    path("insurance/claims/<int:pk>/decide/", api.ClaimDecide.as_view(), name="fund-claim-decide"),
    path("grants/", api.GrantList.as_view(), name="fund-grants"),
    path("grants/<int:pk>/", api.GrantDetail.as_view(), name="fund-grant"),
    path("grants/<int:pk>/decide/", api.GrantDecide.as_view(), name="fund-grant-decide"),
    path("grants/<int:pk>/disburse/", api.GrantDisburse.as_view(), name="fund-grant-disburse"),
    path("grants/<int:pk>/report/", api.GrantReport.as_view(), name="fund-grant-report"),
]
