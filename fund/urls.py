"""Pages of the fund room, mounted under /fund/."""

from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("", views.index, name="index"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/sign/", views.sign, name="sign"),
    path("batches/<int:pk>/approve/", views.approve, name="approve"),
    path("signing-bands/", views.bands, name="bands"),
    path("batches/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("batches/<int:pk>/register.csv", views.register, name="register"),
    path("statement/", views.statement_import, name="statement_import"),
    path("payments/", views.payments, name="payments"),
    path("statements/", views.statements, name="statements"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("journal/", views.journal, name="journal"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/reverse/", views.reverse, name="reverse"),
    path("periods/", views.periods, name="periods"),
    path("contributions/", views.contributions, name="contributions"),
    path("contributions/<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("insurance/", views.insurance, name="insurance"),
    path("insurance/policies/<int:pk>/", views.policy, name="policy"),
    path("insurance/claims/<int:pk>/decide/", views.decide_claim, name="decide_claim"),
    path("grants/", views.grants, name="grants"),
    path("grants/<int:pk>/", views.grant, name="grant"),
    path("grants/<int:pk>/<str:action>/", views.grant_action, name="grant_action"),
    path("refunds/", views.refunds, name="refunds"),
    path("refunds/<int:pk>/", views.refund, name="refund"),
]
