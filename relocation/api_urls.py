"""API routes of the relocation room, mounted under /api/v1/relocation/."""

from django.urls import path

from . import api, api_debts

urlpatterns = [
    path("applications/", api.ApplicationList.as_view(), name="relocation-api-applications"),
    path("applications/<int:pk>/", api.ApplicationDetail.as_view(), name="relocation-api-application"),
    path("applications/<int:pk>/members/", api.MemberAdd.as_view(), name="relocation-api-members"),
    path("applications/<int:pk>/documents/", api.DocumentUpload.as_view(), name="relocation-api-documents"),
    path("applications/<int:pk>/documents/<int:doc>/", api.DocumentDownload.as_view(), name="relocation-api-document"),
    path("applications/<int:pk>/transitions/<slug:name>/", api.TransitionCreate.as_view(),
         name="relocation-api-transition"),
    path("applications/<int:pk>/agreement.pdf", api.AgreementPdf.as_view(), name="relocation-api-agreement-pdf"),
    path("applications/<int:pk>/controls/", api.ApplicationControls.as_view(), name="relocation-api-controls"),
    path("applications/<int:pk>/overrides/", api.OverrideCreate.as_view(), name="relocation-api-overrides"),
    path("applications/<int:pk>/overrides/<int:override>/approve/", api.OverrideApprove.as_view(),
         name="relocation-api-override-approve"),
    path("budgets/", api.BudgetList.as_view(), name="relocation-api-budgets"),
    path("flags/<int:pk>/resolve/", api.FlagResolve.as_view(), name="relocation-api-flag-resolve"),
    path("payment-orders/", api.PaymentOrderList.as_view(), name="relocation-api-orders"),
    path("quotas/", api.QuotaList.as_view(), name="relocation-api-quotas"),
    path("quota-orders/", api.QuotaOrderCreate.as_view(), name="relocation-api-quota-orders"),
    path("report/", api.Report.as_view(), name="relocation-api-report"),
    path("applications/<int:pk>/exemption/", api_debts.ExemptionCreate.as_view(), name="relocation-api-exemption"),
    path("debts/", api_debts.DebtList.as_view(), name="relocation-api-debts"),
    path("debts/<int:pk>/", api_debts.DebtDetail.as_view(), name="relocation-api-debt"),
    path("debts/<int:pk>/instalments/", api_debts.DebtInstalments.as_view(), name="relocation-api-debt-instalments"),
    path("debts/<int:pk>/write-off/request/", api_debts.DebtWriteOff.as_view(step="request"),
         name="relocation-api-debt-write-off"),
    path("debts/<int:pk>/write-off/approve/", api_debts.DebtWriteOff.as_view(step="approve"),
         name="relocation-api-debt-write-off-approve"),
    path("debts/<int:pk>/notices/", api_debts.DebtNotices.as_view(), name="relocation-api-debt-notices"),
    path("notices/<int:pk>/delivery/", api_debts.NoticeDelivery.as_view(), name="relocation-api-notice-delivery"),
    path("notices/<int:pk>/pdf/", api_debts.NoticePdf.as_view(), name="relocation-api-notice-pdf"),
]
