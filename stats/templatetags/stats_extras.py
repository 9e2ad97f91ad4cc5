"""Labels for the stats templates, in the active language."""

from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from stats import labels

register = template.Library()
register.filter("indicator_label", labels.indicator_label)
register.filter("class_label", labels.class_label)


@register.filter
def sex_label(value: str) -> str:
    return {"total": _("Both sexes"), "male": _("Men"), "female": _("Women")}.get(value, value)


@register.filter
def source_label(value: str) -> str:
    return {"published": _("published"), "estimated": _("estimated"), "register": _("register")}.get(value or "", "")


@register.filter
def term_label(value: str) -> str:
    return {"log_distance": _("log distance"),
            "unemployment_difference": _("unemployment difference (destination − origin), p.p.")}.get(value, value)


@register.filter
def urlencode_dict(value: dict) -> str:
    return urlencode(value)


@register.filter
def cov_label(value: str) -> str:
    if value.startswith("cluster"):
        return _("clustered by origin-destination pair")
    if value.startswith("HC1"):
        return _("heteroskedasticity-robust (HC1)")
    return value


@register.filter
def p_value(value: float | None) -> str:
    """A p-value as statisticians write it: three decimals, and "< 0.001" below that (never 6e-224)."""
    if value is None:
        return "—"
    if value < 0.001:
        return "< " + floatformat(0.001, 3)
    return floatformat(value, 3)
