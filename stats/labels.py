"""Names of the statistics' indicators and classes in the reader's language, for charts and templates alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Indicator


def indicator_label(name: str) -> str:
    if name == "index":
        return _("Surplus/deficit index")
    return str(dict(Indicator.choices).get(name, name))


def class_label(value: str) -> str:
    return {"surplus": _("surplus"), "deficit": _("deficit"), "balanced": _("balanced"), "sending": _("sending"),
            "receiving": _("receiving"), "none": _("neither"), "agree": _("agree"),
            "disagree": _("disagree")}.get(value, value)
