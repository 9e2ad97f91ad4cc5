"""API routes of the appeals room, mounted under /api/v1/appeals/."""

from django.urls import path

from . import api

urlpatterns = [
    path("applications/<int:pk>/contestable/", api.Contestable.as_view(), name="appeals-contestable"),
    path("appeals/", api.AppealList.as_view(), name="appeals-list"),
    path("appeals/<int:pk>/", api.AppealDetail.as_view(), name="appeals-detail"),
    path("appeals/<int:pk>/decide/", api.AppealDecide.as_view(), name="appeals-decide"),
    path("grievances/", api.GrievanceList.as_view(), name="appeals-grievances"),
    path("grievances/<int:pk>/answer/", api.GrievanceAnswer.as_view(), name="appeals-grievance-answer"),
    path("report/", api.Report.as_view(), name="appeals-report"),
]
