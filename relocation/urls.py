"""Pages of the relocation room, mounted under /relocation/."""

from django.urls import path

from . import views

app_name = "relocation"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/do/<slug:name>/", views.act, name="act"),
    path("applications/<int:pk>/assess/", views.assess, name="assess"),
    path("applications/<int:pk>/members/", views.add_member, name="add_member"),
    path("applications/<int:pk>/documents/", views.upload, name="upload"),
    path("applications/<int:pk>/documents/<int:doc>/", views.document, name="document"),
    path("applications/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("flags/<int:pk>/resolve/", views.resolve_flag, name="resolve_flag"),
    path("applications/<int:pk>/overrides/", views.override_request, name="override_request"),
    path("applications/<int:pk>/overrides/<int:override>/approve/", views.override_approve, name="override_approve"),
    path("budgets/", views.budgets, name="budgets"),
    path("quotas/", views.quotas, name="quotas"),
    path("quotas/orders/new/", views.quota_order_new, name="quota_order_new"),
    path("report/", views.report, name="report"),
    path("notices/<int:pk>/pdf/", views.debt_notice_pdf, name="debt_notice_pdf"),
]
