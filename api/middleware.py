"""The API's language: what the client asks for (Accept-Language, or the language cookie of a browser session),
else settings.API_DEFAULT_LANGUAGE, the same for every answer of the API (errors, labels, CSV). Pages keep the
site's default (LANGUAGE_CODE, Kazakh) for a visitor who asks for nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.path.startswith(API_PREFIX) and not request.META.get("HTTP_ACCEPT_LANGUAGE")
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES):
            translation.activate(settings.API_DEFAULT_LANGUAGE)
            request.LANGUAGE_CODE = settings.API_DEFAULT_LANGUAGE
        return self.get_response(request)
