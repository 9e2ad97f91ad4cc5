"""A journal entry's memo, kept as a key and its parameters and worded when read, in the reader's language.

The books are read by the ministry in Russian and by an auditor in Kazakh: a memo worded once in the language of
the accountant's page would read in that language to all of them. `post_entry` is given a `Memo` and keeps its
key and parameters (migration 0009); `memo_text` is the one place that words a memo, for the journal's pages,
the account statements and the API. A memo typed by a person (a reversal's reason) and the memos of entries
posted before keys were kept are shown as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lib.texts import word

from .models import Measure

MEMOS: dict[str, Any] = {
    "payment": _("Payment %(ref)s: %(measure)s, order %(order)s"),
    "returned": _("Returned payment %(ref)s: %(reason)s"),
    "reversal": _("Reversal of entry %(n)s: %(memo)s"),
    "refund_owed": _("Refund owed, order %(order)s"),
    "repayment": _("Repayment of refund order %(order)s"),
    "receivable_annulled": _("Refund receivable %(rec)s annulled: %(cites)s"),
    "repaid_back": _("Repaid refund owed back to the family: %(cites)s"),
    "receivable_closed": _("Refund receivable %(rec)s closed (%(status)s): %(cites)s"),
    "contribution": _("Contribution from %(payer)s"),
    "premium": _("Insurance premium, family of %(holder)s"),
    "payout": _("Insurance payout, claim %(n)s"),
    "grant": _("Grant to %(grantee)s"),
}


@dataclass(frozen=True)
class Memo:
    """A memo to post: its key in MEMOS and its parameters (JSON values; a nested memo as a dict of key,
    params and text; a support measure by its code)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return memo_text(self.key, self.params)


def memo_text(key: str | None, params: Mapping[str, Any] | None = None, stored: str = "") -> str:
    """The memo in the active language; a memo without a key (typed by a person, or posted before keys were
    kept) is the text as stored."""
    template = MEMOS.get(key or "")
    if template is None:
        return stored
    values = dict(params or {})
    if isinstance(values.get("memo"), Mapping):  # a reversal words the entry it reverses
        inner = values["memo"]
        values["memo"] = memo_text(inner.get("key"), inner.get("params"), inner.get("text", ""))
    if values.get("measure") in Measure.values:
        values["measure"] = Measure(values["measure"]).label
    if key == "receivable_closed" and "status" in values:
        from .orders import debt_status_label  # the programme's words, read through the fund's one seam to it

        values["status"] = debt_status_label(str(values["status"]))
    return word(template, values)


def nested(entry: Any) -> dict[str, Any]:
    """An entry's memo as another memo's parameter (a reversal cites the entry it reverses)."""
    return {"key": entry.memo_key or "", "params": entry.memo_params or {}, "text": entry.memo}


def english(memo: str | Memo) -> str:
    """The memo as the `memo` column keeps it: in English (for a reader of the table itself; pages word it anew)."""
    with translation.override("en"):
        return str(memo)[:300]
