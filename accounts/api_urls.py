from django.urls import path

from . import api

urlpatterns = [
    path("changes/", api.ChangeHistoryList.as_view(), name="accounts-changes"),
    path("access-log/", api.AccessLogList.as_view(), name="accounts-access-log"),
]
