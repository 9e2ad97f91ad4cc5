"""The language of answers read by programs: what the client asks for (Accept-Language, or the language cookie of
a browser session), else settings.API_DEFAULT_LANGUAGE, the same for every answer of the API (errors, labels, CSV)
and for every CSV download of the pages. Pages keep the site's default (LANGUAGE_CODE, Kazakh) for a visitor who
asks for nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"
# How the pages ask for a CSV file: a path ending in .csv (geo, oversight, stats, registry, surveys, fund's
# register), or a query parameter of the page that also shows the table (fund's statements, relocation's report).
CSV_SUFFIX = ".csv"
CSV_QUERY_KEYS = ("format", "output")


def reads_as_data(request: HttpRequest) -> bool:
    """An API call or a CSV download: read by programs, so without a language asked it gets the API's default."""
    return (request.path.startswith(API_PREFIX) or request.path.endswith(CSV_SUFFIX)
            or any(request.GET.get(key) == "csv" for key in CSV_QUERY_KEYS))


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (not request.META.get("HTTP_ACCEPT_LANGUAGE") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and reads_as_data(request)):
            translation.activate(settings.API_DEFAULT_LANGUAGE)
            request.LANGUAGE_CODE = settings.API_DEFAULT_LANGUAGE
        return self.get_response(request)
