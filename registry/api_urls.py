"""API routes of the registry room, mounted under /api/v1/registry/."""

from django.urls import path

from . import api

urlpatterns = [
    path("registrations/", api.RegistrationCreate.as_view(), name="registry-register"),
    path("registrations/simplified/", api.SimplifiedCreate.as_view(), name="registry-simplified"),
    path("registrations/<int:pk>/deregister/", api.Deregister.as_view(), name="registry-deregister"),
    path("persons/<str:iin>/history/", api.PersonHistory.as_view(), name="registry-history"),
    path("events/", api.EventList.as_view(), name="registry-events"),
    path("flows/", api.FlowList.as_view(), name="registry-flows"),
    path("events/<int:pk>/correct/", api.EventCorrect.as_view(), name="registry-event-correct"),
    path("imports/", api.ImportCreate.as_view(), name="registry-imports"),
    path("imports/<int:pk>/", api.ImportDetail.as_view(), name="registry-import"),
    path("imports/<int:pk>/run/", api.ImportRunAgain.as_view(), name="registry-import-run"),
    path("imports/<int:pk>/report/", api.ImportReport.as_view(), name="registry-import-report"),
]
