"""Controls on releasing money (issue 17): the one place that says who may do what to a payment batch, how many
signatures its total needs, whether what it declared matches its lines, and whether a payee's account may be
paid to. fund.services calls these before every signature and release; pages and API show the same answers.

Duties on one batch, and which of them one person may not combine (declared here, enforced by services and,
where a row can hold it, by the database's CHECK constraints):

- prepare (an accountant: `add` on payment batches)
- sign    (a controller: `decide`) — as many signatures as the batch's band asks, each by a different person
- release (a controller: `decide`) — posts the payments and marks the orders paid

Nobody both prepares and signs (CHECK `fund_signature_not_by_preparer`), prepares and releases (CHECK
`fund_batch_four_eyes`), or signs and releases (this module); nobody signs twice (UNIQUE
`fund_batch_signed_once_per_person`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BatchSignature, LineStatus, PayeeAccount, PaymentBatch, SigningBand

PREPARE, SIGN, RELEASE = "prepare", "sign", "release"
INCOMPATIBLE: frozenset[frozenset[str]] = frozenset({
    frozenset({PREPARE, SIGN}), frozenset({PREPARE, RELEASE}), frozenset({SIGN, RELEASE})})

ACCOUNT_HOLD = dt.timedelta(days=1)  # a changed bank account is paid to only a day after the change


def duties_of(batch: PaymentBatch, user: Any) -> set[str]:
    """The duties `user` has already taken on this batch."""
    out = set()
    if batch.prepared_by_id == user.pk:
        out.add(PREPARE)
    if BatchSignature.objects.filter(batch=batch, signer_id=user.pk).exists():
        out.add(SIGN)
    if batch.approved_by_id == user.pk:
        out.add(RELEASE)
    return out


def conflicting_duty(batch: PaymentBatch, user: Any, duty: str) -> str | None:
    """The duty already taken that `duty` may not be combined with, if any."""
    for taken in sorted(duties_of(batch, user)):
        if frozenset({taken, duty}) in INCOMPATIBLE:
            return taken
    return None


def required_signatures(total_tiyn: int) -> int:
    """The signatures a batch of this total needs before its release: the highest band it reaches."""
    band = SigningBand.objects.filter(min_total_tiyn__lte=total_tiyn).order_by("-min_total_tiyn").first()
    return band.signatures if band is not None else 0


def signatures_needed(batch: PaymentBatch) -> int:
    """The stricter of the band when prepared and the band now (bands may change while a batch waits)."""
    return max(int(batch.signatures_required), required_signatures(int(batch.declared_total_tiyn)))


def declared_mismatch(batch: PaymentBatch) -> str | None:
    """Why the batch's lines differ from what it declared when prepared (count or total), or None."""
    agg = batch.lines.filter(status=LineStatus.PENDING).aggregate(n=Count("id"), total=Sum("amount_tiyn"))
    n, total = int(agg["n"] or 0), int(agg["total"] or 0)
    if n != batch.declared_count or total != batch.declared_total_tiyn:
        return _("The batch declared %(dn)s payments for %(dt)s tiyn; its lines hold %(n)s payments for %(t)s "
                 "tiyn.") % {"dn": batch.declared_count, "dt": batch.declared_total_tiyn, "n": n, "t": total}
    return None


def payee_problem(account: PayeeAccount | None, iin: str, *, at: dt.datetime | None = None,
                  iban: str | None = None) -> str | None:
    """Why a payment to this account may not go out now, or None: no account, the holder is not the beneficiary
    (IIN), a change still within its day of hold, or (for a prepared line) the account changed since."""
    at = at or timezone.now()
    if account is None:
        return _("no bank account on file")
    if account.holder_iin != iin:
        return _("the bank account does not belong to the beneficiary (IIN differs)")
    if account.usable_from > at:
        return _("the bank account was changed: it may be paid to from %(when)s") % {
            "when": timezone.localtime(account.usable_from).strftime("%Y-%m-%d %H:%M")}
    if iban is not None and account.iban != iban:
        return _("the bank account was changed after the batch was prepared")
    return None
