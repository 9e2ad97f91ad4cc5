"""The fund's template helpers: `{{ tiyn|tenge }}` shows an amount kept in tiyn as tenge with two decimals,
grouped in the reader's language; `{% fund_nav %}` is the room's sub-navigation for the user's grants."""

from django import template

from accounts.permissions import can
from fund.reports import money

register = template.Library()


@register.filter
def tenge(tiyn):
    if tiyn is None or tiyn == "":
        return ""
    return money(int(tiyn))


@register.inclusion_tag("fund/_nav.html", takes_context=True)
def fund_nav(context):
    user = context["request"].user
    return {"perms_fund": {
        "batches": can(user, "view", "fund.paymentbatch"),
        "books": can(user, "view", "fund.journalentry") and can(user, "view", "fund.contribution"),
        "statements": can(user, "view", "fund.statement") or can(user, "view", "fund.account"),
        "insurance": can(user, "view", "fund.insurancepolicy") and user.role != "citizen",
    }}
