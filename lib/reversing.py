"""What Django's reverse() and the translations read besides their arguments, as one key for the texts kept per
process that are made of reversed URLs and translated words (a page's links, a section's navigation)."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language


def reversing_key() -> tuple[str, str, str | None]:
    """The active language, the request's URL prefix and its URLconf: a text made by reverse() and gettext and
    kept under this key (and its own arguments) is the text they would make now."""
    return get_language(), get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)
