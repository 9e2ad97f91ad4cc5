"""What an upheld appeal undid, in words: the appeal keeps a machine-readable list of what it changed
("relocation.application:15:approved"), which the API returns as it is and a page shows as sentences."""

from __future__ import annotations

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from relocation.states import State


def _tenge(amount: str) -> str:
    return number_format(int(amount), force_grouping=True)


def _state(code: str) -> str:
    return str(State(code).label) if code in State.values else code


# (pattern of an entry, its sentence in the reader's language); the first that matches is used
_ENTRIES = [
    (r"relocation\.application:(?P<pk>\d+):(?P<state>\w+)",
     lambda m: _("Application №%(pk)s: %(state)s.") % {"pk": m["pk"], "state": _state(m["state"])}),
    (r"relocation\.debt:(?P<pk>\d+):annulled", lambda m: _("Debt №%(pk)s annulled.") % {"pk": m["pk"]}),
    (r"relocation\.paymentorder:(?P<pk>\d+):refund repayment (?P<amount>\d+)",
     lambda m: _("Payment order №%(pk)s pays back the %(amount)s tenge repaid.") % {"pk": m["pk"],
                                                                                   "amount": _tenge(m["amount"])}),
    (r"relocation\.paymentorder:(?P<pk>\d+):cancelled->(?P<new>\d+):(?P<amount>\d+)",
     lambda m: _("Payment order №%(pk)s cancelled and issued again as №%(new)s for %(amount)s tenge.")
     % {"pk": m["pk"], "new": m["new"], "amount": _tenge(m["amount"])}),
    (r"relocation\.paymentorder:(?P<pk>\d+):cancelled",
     lambda m: _("Payment order №%(pk)s cancelled.") % {"pk": m["pk"]}),
    (r"relocation\.paymentorder:(?P<pk>\d+):paid (?P<had>\d+), not recovered \((?P<amount>\d+)\)",
     lambda m: _("Payment order №%(pk)s: %(had)s tenge were paid; the new amount is %(amount)s tenge and the "
                 "difference is not recovered.") % {"pk": m["pk"], "had": _tenge(m["had"]),
                                                    "amount": _tenge(m["amount"])}),
    (r"relocation\.agreement:(?P<pk>\d+):committed (?P<amount>\d+)",
     lambda m: _("Agreement №%(pk)s now commits %(amount)s tenge.") % {"pk": m["pk"], "amount": _tenge(m["amount"])}),
    (r"fund\.receivable:(?P<n>\d+) reversed",
     lambda m: _("Receivables reversed in the fund's books: %(n)s.") % {"n": m["n"]}),
]


def undone_in_words(entry: str) -> str:
    """One entry of Appeal.reversed as a sentence; an entry of an unknown shape is shown as it was written."""
    for pattern, words in _ENTRIES:
        if m := re.fullmatch(pattern, str(entry)):
            return words(m)
    return str(entry)
