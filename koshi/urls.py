from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("web.urls")),
    path("geo/", include("geo.urls")),
    path("people/", include("people.urls")),
    path("accounts/", include("accounts.urls")),
    path("law/", include("law.urls")),
    path("registry/", include("registry.urls")),
    path("labour/", include("labour.urls")),
    path("oversight/", include("oversight.urls")),
    path("relocation/", include("relocation.urls")),
    path("fund/", include("fund.urls")),
    path("appeals/", include("appeals.urls")),
    path("surveys/", include("surveys.urls")),
    path("stats/", include("stats.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# a path under /api/ that matches no route answers JSON like the API's other 404s (the pages keep 404.html)
handler404 = "api.views.not_found"
