"""Every write of the fund room. Each function is atomic, takes the acting user as `actor=` and records it.

Entries are written only by `post_entry`, which refuses an unbalanced entry before anything reaches the
database (where the same rule is enforced again: migration 0002). Payment orders are read and settled only
through `fund.orders`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import acting_as, record_bulk_create
from accounts.permissions import can, can_in_unit
from geo.models import TerritorialUnit
from geo.selectors import first_level_unit

from . import controls, orders
from .memos import Memo, english, nested
from .models import (
    TIYN,
    Account,
    Allocation,
    BatchSignature,
    BatchStatus,
    Contribution,
    EntryKind,
    Grant,
    InsuranceClaim,
    InsurancePolicy,
    JournalEntry,
    LineStatus,
    Measure,
    PayeeAccount,
    PaymentBatch,
    PaymentLine,
    Period,
    PeriodAct,
    Posting,
    Receivable,
    Repayment,
    SigningBand,
    Source,
    StatementImport,
    month_of,
)


class FundError(Exception):
    """A request the fund's rules refuse: 400 by default; `field` names the input at fault, if any."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class Conflict(FundError):
    """The record's state does not allow the request (HTTP 409); the message names the state."""

    status = 409


class Refused(FundError):
    """The actor may not do this (HTTP 403): no grant, or the four-eyes rule."""

    status = 403


def _require(actor: Any, action: str, kind: Any, region: TerritorialUnit | None = None) -> None:
    """The actor's grant for `action` on `kind`; with `region`, the grant's territory must hold the region."""
    if not can(actor, action, kind):
        raise Refused(_("You may not do this in the fund's books."), code="forbidden")
    if region is not None and not can_in_unit(actor, action, kind, region):
        raise Refused(_("This record is outside your territory."), code="out_of_scope")


# --- the books --------------------------------------------------------------------------------------------


def account_for(role: str, region: TerritorialUnit | None = None) -> Account:
    """The postable account that takes `role` (e.g. 'bank:budget'; 'expense:grant' with a region)."""
    qs = Account.objects.filter(role=role, is_group=False)
    if region is not None:
        region = first_level_unit(region)
        found = qs.filter(region__code=region.code).first()
    else:
        found = qs.filter(region__isnull=True).first()
    if found is None:
        raise FundError(_("The chart of accounts has no account for %(role)s.") % {"role": role}, code="no_account")
    return found


def _period_is_closed(day: dt.date) -> bool:
    return Period.objects.filter(month=month_of(day), is_closed=True).exists()


def post_entry(*, actor: Any, date: dt.date, kind: str, memo: str | Memo, lines: Sequence[tuple[Account, int]],
               reverses: JournalEntry | None = None) -> JournalEntry:
    """Write one balanced entry: `lines` are (account, signed tiyn), debits positive, credits negative. A `Memo`
    is kept as its key and parameters and worded when read (fund.memos); a text, as typed."""
    if len(lines) < 2:
        raise FundError(_("An entry has at least two postings."), code="too_few_postings")
    for account, amount in lines:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise FundError(_("Amounts are whole tiyn."), code="not_integer", field="amount")
        if amount == 0:
            raise FundError(_("A posting of zero is not a posting."), code="zero", field="amount")
        if account.is_group:
            raise FundError(_("Account %(code)s groups others and takes no postings.") % {"code": account.code},
                            code="group_account", field="account")
    total = sum(amount for _account, amount in lines)
    if total != 0:
        raise FundError(_("The entry is not balanced: debits and credits differ by %(d)s tiyn.") % {"d": total},
                        code="unbalanced")
    if _period_is_closed(date):
        raise Conflict(_("The period %(month)s is closed: it takes no postings.") % {"month": f"{date:%Y-%m}"},
                       code="period_closed", field="date")
    with transaction.atomic(), acting_as(actor):
        user = actor if getattr(actor, "pk", None) else None
        key, params = (memo.key, memo.params) if isinstance(memo, Memo) else (None, None)
        entry = JournalEntry.objects.create(date=date, kind=kind, memo=english(memo), memo_key=key,
                                            memo_params=params, reverses=reverses, created_by=user)
        postings = Posting.objects.bulk_create(
            [Posting(entry=entry, account=account, amount=amount, date=date) for account, amount in lines])
        record_bulk_create(postings)
    return entry


def reverse_entry(entry_id: int, *, actor: Any, date: dt.date | None = None, memo: str | Memo = "") -> JournalEntry:
    """Post the mirror of an entry (every amount negated) citing it; an entry is reversed at most once."""
    _require(actor, "add", JournalEntry)
    return _reverse(entry_id, actor=actor, date=date, memo=memo)


def _reverse(entry_id: int, *, actor: Any, date: dt.date | None = None, memo: str | Memo = "") -> JournalEntry:
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise FundError(_("No such journal entry."), code="not_found", field="entry")
        if entry.reverses_id:
            raise Conflict(_("Entry %(n)s is itself a reversal: post a new entry instead.") % {"n": entry.pk},
                           code="is_reversal")
        if JournalEntry.objects.filter(reverses=entry).exists():
            raise Conflict(_("Entry %(n)s is already reversed.") % {"n": entry.pk}, code="already_reversed")
        lines = [(p.account, -p.amount) for p in entry.postings.select_related("account")]
        day = date or timezone.localdate()
        text = memo or Memo("reversal", {"n": entry.pk, "memo": nested(entry)})
        try:
            with transaction.atomic():
                return post_entry(actor=actor, date=day, kind=EntryKind.REVERSAL, memo=text, lines=lines,
                                  reverses=entry)
        except IntegrityError as exc:  # a concurrent reversal won the unique `reverses`
            raise Conflict(_("Entry %(n)s is already reversed.") % {"n": entry.pk}, code="already_reversed") from exc


def close_period(month: dt.date, *, actor: Any, reason: str = "") -> Period:
    """Close a month: no entry dated in it is accepted any more (the database refuses them too)."""
    _require(actor, "change", Period)
    with transaction.atomic(), acting_as(actor):
        period, _created = Period.objects.get_or_create(month=month_of(month))
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.is_closed:
            raise Conflict(_("The period %(m)s is already closed.") % {"m": period}, code="closed")
        period.is_closed = True
        period.save()
        PeriodAct.objects.create(period=period, act=PeriodAct.Act.CLOSE, reason=reason, actor=actor)
    return period


def reopen_period(month: dt.date, *, actor: Any, reason: str) -> Period:
    """Reopen a closed month: an act of the fund's controller, with its reason, kept for ever."""
    _require(actor, "decide", Period)
    if not (reason or "").strip():
        raise FundError(_("Say why the period is reopened."), code="reason_required", field="reason")
    with transaction.atomic(), acting_as(actor):
        period = Period.objects.select_for_update().filter(month=month_of(month)).first()
        if period is None or not period.is_closed:
            raise Conflict(_("The period %(m)s is open.") % {"m": f"{month:%Y-%m}"}, code="open")
        period.is_closed = False
        period.save()
        PeriodAct.objects.create(period=period, act=PeriodAct.Act.REOPEN, reason=reason, actor=actor)
    return period


# --- paying the programme ---------------------------------------------------------------------------------


@dataclass
class Prepared:
    batch: PaymentBatch | None
    skipped: list[int] = field(default_factory=list)  # order ids whose payee may not be paid yet
    reasons: dict[int, str] = field(default_factory=dict)  # why each skipped order waits (controls.payee_problem)


def set_payee_account(person: Any, iban: str, *, actor: Any, bank: str = "", holder_iin: str | None = None
                      ) -> PayeeAccount:
    """Record the account a person is paid into. The bank's confirmation of the holder's IIN must be the
    person's own IIN (None: the accountant attests it is); a change of account is kept in the change history
    and may be paid to only a day later (controls.ACCOUNT_HOLD)."""
    iban = "".join(str(iban).split()).upper()
    if not (iban.startswith("KZ") and len(iban) == 20 and iban[2:4].isdecimal()):
        raise FundError(_("A Kazakh IBAN has 20 characters and starts with KZ."), code="iban", field="iban")
    holder = person.iin if holder_iin is None else "".join(str(holder_iin).split())
    if holder != person.iin:
        raise FundError(_("The bank account must belong to the beneficiary: the holder's IIN differs."),
                        code="iin_mismatch", field="holder_iin")
    with transaction.atomic(), acting_as(actor):
        account = PayeeAccount.objects.select_for_update().filter(person=person).first()
        if account is None:
            return PayeeAccount.objects.create(person=person, iban=iban, bank=bank, holder_iin=holder)
        if account.iban != iban:
            account.previous_iban = account.iban
            account.usable_from = timezone.now() + controls.ACCOUNT_HOLD
        account.iban, account.bank, account.holder_iin = iban, bank, holder
        account.save()
    return account


def prepare_batch(*, actor: Any, pay_on: dt.date, order_ids: Iterable[int] | None = None,
                  limit: int = 500) -> Prepared:
    """Gather payable orders due by `pay_on` into a batch awaiting a second person's approval."""
    _require(actor, "add", PaymentBatch)
    from people.models import Person

    with transaction.atomic(), acting_as(actor):
        taken = set(PaymentLine.objects.filter(status__in=[LineStatus.PENDING, LineStatus.APPROVED,
                                                           LineStatus.MATCHED]).values_list("order_id", flat=True))
        wanted = orders.payable(due_by=pay_on, ids=list(order_ids) if order_ids is not None else None)
        wanted = [o for o in wanted if o.id not in taken][: max(1, min(int(limit), 5000))]
        if not wanted:
            raise Conflict(_("No payment order is due and unpaid."), code="nothing_due")
        people = Person.objects.in_bulk({o.beneficiary_id for o in wanted})
        accounts = {a.person_id: a for a in PayeeAccount.objects.filter(person_id__in=people)}
        problems = {pid: controls.payee_problem(accounts.get(pid), person.iin) for pid, person in people.items()}
        ibans = {pid: accounts[pid].iban for pid, problem in problems.items() if problem is None}
        regions = TerritorialUnit.objects.in_bulk({o.region_id for o in wanted})
        payable = [o for o in wanted if o.beneficiary_id in ibans]
        skipped = [o.id for o in wanted if o.beneficiary_id not in ibans]
        reasons = {o.id: str(problems[o.beneficiary_id]) for o in wanted if o.beneficiary_id not in ibans}
        if not payable:
            return Prepared(None, skipped, reasons)
        total = sum(o.amount_kzt for o in payable) * TIYN
        batch = PaymentBatch.objects.create(pay_on=pay_on, prepared_by=actor, total_tiyn=total,
                                            declared_count=len(payable), declared_total_tiyn=total,
                                            signatures_required=controls.required_signatures(total))
        lines = []
        for o in payable:
            person = people[o.beneficiary_id]
            lines.append(PaymentLine(
                batch=batch, order_id=o.id, beneficiary=person, iin=person.iin,
                name=" ".join(p for p in (person.surname, person.given_name, person.patronymic) if p),
                bank_account=ibans[o.beneficiary_id], region=first_level_unit(regions[o.region_id]),
                measure=o.measure, period_start=o.period_start, period_end=o.period_end,
                amount_tiyn=o.amount_kzt * TIYN, article=o.article, reference=f"KF-{batch.pk}-{o.id}"))
        try:
            with transaction.atomic():
                created = PaymentLine.objects.bulk_create(lines)
        except IntegrityError as exc:
            raise Conflict(_("Another batch took some of these orders meanwhile: prepare again."),
                           code="taken") from exc
        record_bulk_create(created)
    return Prepared(batch, skipped, reasons)


def cancel_batch(batch_id: int, *, actor: Any) -> PaymentBatch:
    """Drop a batch that is still awaiting approval: its orders are free for another batch."""
    _require(actor, "change", PaymentBatch)
    with transaction.atomic(), acting_as(actor):
        batch = _locked_batch(batch_id)
        if batch.status != BatchStatus.PREPARED:
            raise Conflict(_("The batch is %(s)s: only a batch awaiting approval can be cancelled.")
                           % {"s": batch.get_status_display()}, code=batch.status)
        for line in batch.lines.all():
            line.status = LineStatus.DROPPED
            line.save()
        batch.status = BatchStatus.CANCELLED
        batch.save()
    return batch


def _locked_batch(batch_id: int) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise FundError(_("No such payment batch."), code="not_found", field="batch")
    return batch


class _NotPaid(Exception):
    """The order was cancelled or paid meanwhile: this line pays nothing."""


def sign_batch(batch_id: int, *, actor: Any) -> BatchSignature:
    """Sign a batch awaiting release: never its preparer, never twice by one person. No lock is taken: two
    simultaneous signatures by one person meet the unique constraint, and one of them is answered 409."""
    _require(actor, "decide", PaymentBatch)
    with transaction.atomic(), acting_as(actor):
        batch = PaymentBatch.objects.filter(pk=batch_id).first()
        if batch is None:
            raise FundError(_("No such payment batch."), code="not_found", field="batch")
        if batch.status != BatchStatus.PREPARED:
            raise Conflict(_("The batch is %(s)s: it takes no more signatures.") % {"s": batch.get_status_display()},
                           code=batch.status)
        if batch.prepared_by_id == actor.pk:
            raise Refused(_("You prepared this batch: another person must sign it."), code="four_eyes")
        if controls.SIGN in controls.duties_of(batch, actor):
            raise Conflict(_("You have already signed this batch."), code="already_signed")
        try:
            with transaction.atomic():
                return BatchSignature.objects.create(batch=batch, signer=actor, prepared_by_id=batch.prepared_by_id)
        except IntegrityError as exc:
            raise Conflict(_("You have already signed this batch."), code="already_signed") from exc


def set_signing_bands(bands: Iterable[tuple[int, int]], *, actor: Any) -> list[SigningBand]:
    """Replace the signing bands: (from a total of tiyn, signatures). The first starts at 0 and the number of
    signatures never falls as the total rises. Every change is in the change history."""
    _require(actor, "decide", SigningBand)
    rows = sorted((int(m), int(n)) for m, n in bands)
    if not rows or rows[0][0] != 0:
        raise FundError(_("The first band starts at a total of 0."), code="bands", field="bands")
    if any(n < 0 or n > 10 for _m, n in rows) or any(b[1] < a[1] for a, b in zip(rows, rows[1:], strict=False)):
        raise FundError(_("Signatures are 0 to 10 and never fewer for a larger total."), code="bands", field="bands")
    if len({m for m, _n in rows}) != len(rows):
        raise FundError(_("Each band starts at a different total."), code="bands", field="bands")
    with transaction.atomic(), acting_as(actor):
        keep = {m for m, _n in rows}
        for old in SigningBand.objects.select_for_update().exclude(min_total_tiyn__in=keep):
            old.delete()
        out = []
        for m, n in rows:
            band, _created = SigningBand.objects.update_or_create(min_total_tiyn=m, defaults={"signatures": n})
            out.append(band)
    return out


def approve_batch(batch_id: int, *, actor: Any) -> PaymentBatch:
    """Release a batch: post each payment and mark its order paid — once, whatever the retries.

    Refused unless the batch carries the signatures its band asks (controls.signatures_needed), the releaser
    neither prepared nor signed it, its lines still hold the count and total it declared, and every payee's
    account belongs to the beneficiary, is past its day of hold and is the one the line carries.
    The batch row is locked first, so concurrent releases queue and all but the first find it approved (409);
    relocation's conditional update pays an order at most once, and the partial unique indexes on approved
    payment lines refuse a second payment of one order, or of one person, measure and period, in the database."""
    _require(actor, "decide", PaymentBatch)
    with transaction.atomic(), acting_as(actor):
        batch = _locked_batch(batch_id)
        if batch.status != BatchStatus.PREPARED:
            raise Conflict(_("The batch is %(s)s: it cannot be approved.") % {"s": batch.get_status_display()},
                           code=batch.status)
        if batch.prepared_by_id == actor.pk:
            raise Refused(_("You prepared this batch: another person must approve it."), code="four_eyes")
        if controls.conflicting_duty(batch, actor, controls.RELEASE):
            raise Refused(_("You signed this batch: another person must release it."), code="incompatible_duties")
        needed, have = controls.signatures_needed(batch), batch.signatures.count()
        if have < needed:
            raise Conflict(_("The batch's total needs %(n)s signatures before its release; it has %(h)s.")
                           % {"n": needed, "h": have}, code="signatures_missing")
        mismatch = controls.declared_mismatch(batch)
        if mismatch:
            raise Conflict(mismatch, code="declared_mismatch")
        lines = list(batch.lines.filter(status=LineStatus.PENDING).select_related("region", "beneficiary"))
        accounts = {a.person_id: a for a in PayeeAccount.objects.filter(person_id__in={ln.beneficiary_id
                                                                                        for ln in lines})}
        problems = [f"{ln.reference}: {problem}" for ln in lines
                    if (problem := controls.payee_problem(accounts.get(ln.beneficiary_id), ln.beneficiary.iin,
                                                          iban=ln.bank_account))]
        if problems:
            raise Conflict(_("Payees' accounts refuse the release: %(p)s.") % {"p": "; ".join(problems[:10])},
                           code="payee_account")
        bank = account_for("bank:budget")
        total = 0
        for line in lines:
            if PaymentLine.objects.filter(beneficiary_id=line.beneficiary_id, measure=line.measure,
                                          period_start=line.period_start,
                                          status__in=[LineStatus.APPROVED, LineStatus.MATCHED]).exists():
                line.status = LineStatus.DROPPED  # this person was paid this measure for this period already
                line.save()
                continue
            try:
                # one savepoint per payment: if the database refuses it (a concurrent release paid this person the
                # measure for the period: `fund_person_measure_period_paid_once`), its order, entry and line are
                # undone together and the line is dropped
                with transaction.atomic():
                    paid = orders.mark_paid([line.order_id], actor=actor, paid_on=batch.pay_on,
                                            reference=line.reference)
                    if paid != 1:  # cancelled or paid meanwhile: not paid here
                        raise _NotPaid
                    # money repaid against a debt an appeal annulled is owed to the family on 3310 (payable to
                    # participants, credited by settle_debt_closures): paying it clears that, it is no expense
                    expense = (account_for("payable:participants", line.region)
                               if line.measure == Measure.REFUND_REPAYMENT
                               else account_for(f"expense:{line.measure}", line.region))
                    line.entry = post_entry(
                        actor=actor, date=batch.pay_on, kind=EntryKind.PAYMENT,
                        memo=Memo("payment", {"ref": line.reference, "measure": line.measure, "order": line.order_id}),
                        lines=[(expense, line.amount_tiyn), (bank, -line.amount_tiyn)])
                    line.status = LineStatus.APPROVED
                    line.save()
            except (_NotPaid, IntegrityError):
                line.entry, line.status = None, LineStatus.DROPPED
                line.save()
                continue
            total += line.amount_tiyn
        batch.status = BatchStatus.APPROVED
        batch.approved_by = actor
        batch.approved_at = timezone.now()
        batch.total_tiyn = total
        batch.save()
    return batch


REGISTER_COLUMNS = ["reference", "iin", "beneficiary", "iban", "amount_kzt", "purpose", "period_start",
                    "period_end", "article"]


def payment_register_csv(batch: PaymentBatch) -> str:
    """The file the bank pays from: one line per approved payment, amounts in tenge with two decimals."""
    if batch.status != BatchStatus.APPROVED:
        raise Conflict(_("The batch is %(s)s: only an approved batch goes to the bank.")
                       % {"s": batch.get_status_display()}, code=batch.status)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_COLUMNS)
    for line in batch.lines.exclude(status=LineStatus.DROPPED).order_by("id"):
        writer.writerow([line.reference, line.iin, line.name, line.bank_account,
                         f"{line.amount_tiyn // TIYN}.{line.amount_tiyn % TIYN:02d}", line.measure,
                         line.period_start.isoformat(), line.period_end.isoformat(), line.article])
    return out.getvalue()


STATEMENT_COLUMNS = ("reference", "amount_kzt", "status", "date", "reason")


def _tiyn(text: str) -> int:
    """'12345', '12345.5' or '12345.50' tenge -> tiyn, exactly (no float)."""
    text = (text or "").strip().replace(" ", "").replace(",", ".")
    whole, _dot, frac = text.partition(".")
    if not whole.isdecimal() or (frac and (not frac.isdecimal() or len(frac) > 2)):
        raise ValueError(text)
    return int(whole) * TIYN + int((frac + "00")[:2] or 0)


def import_statement(content: str, *, actor: Any, file_name: str = "statement.csv") -> StatementImport:
    """Reconcile a bank statement: each line is matched to a payment by reference and amount; a returned
    payment reopens its order (relocation) and posts the reversal of its entry; the rest is listed unmatched."""
    _require(actor, "add", StatementImport)
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in ("reference", "amount_kzt", "status") if c not in (reader.fieldnames or [])]
    if missing:
        raise FundError(_("The statement has no column %(c)s.") % {"c": ", ".join(missing)}, code="columns",
                        field="file")
    matched = returned = 0
    unmatched: list[dict[str, str]] = []
    with transaction.atomic(), acting_as(actor):
        for number, row in enumerate(reader, start=2):
            ref = (row.get("reference") or "").strip()
            state = (row.get("status") or "").strip().lower()
            try:
                amount = _tiyn(row.get("amount_kzt", ""))
            except ValueError:
                unmatched.append({"line": str(number), "reference": ref, "why": str(_("amount unreadable"))})
                continue
            line = PaymentLine.objects.select_for_update().filter(reference=ref).first()
            if line is None:
                unmatched.append({"line": str(number), "reference": ref, "why": str(_("no such payment"))})
                continue
            if line.amount_tiyn != amount:
                unmatched.append({"line": str(number), "reference": ref, "why": str(_("amount differs"))})
                continue
            if state in ("paid", "executed", "ok"):
                if line.status == LineStatus.APPROVED:
                    line.status = LineStatus.MATCHED
                    line.save()
                    matched += 1
                elif line.status != LineStatus.MATCHED:
                    unmatched.append({"line": str(number), "reference": ref,
                                      "why": str(_("payment is %(s)s") % {"s": line.get_status_display()})})
            elif state in ("returned", "rejected"):
                if line.status in (LineStatus.APPROVED, LineStatus.MATCHED):
                    reason = (row.get("reason") or "").strip()[:200] or str(_("returned by the bank"))
                    _return_line(line, actor=actor, reason=reason, on=_date(row.get("date")))
                    returned += 1
                elif line.status != LineStatus.RETURNED:
                    unmatched.append({"line": str(number), "reference": ref,
                                      "why": str(_("payment is %(s)s") % {"s": line.get_status_display()})})
            else:
                unmatched.append({"line": str(number), "reference": ref, "why": str(_("unknown status"))})
        report = StatementImport.objects.create(file_name=file_name[:200], imported_by=actor, matched=matched,
                                                returned=returned, unmatched=unmatched)
    return report


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _return_line(line: PaymentLine, *, actor: Any, reason: str, on: dt.date | None) -> None:
    day = on or timezone.localdate()
    if _period_is_closed(day):
        day = timezone.localdate()
    assert line.entry_id is not None  # an approved or matched payment has its entry
    orders.mark_returned(line.order_id, actor=actor, reason=reason)
    line.return_entry = reverse_entry(line.entry_id, actor=actor, date=day,
                                      memo=Memo("returned", {"ref": line.reference, "reason": reason}))
    line.status = LineStatus.RETURNED
    line.return_reason = reason
    line.save()


def return_payment(line_id: int, *, actor: Any, reason: str, on: dt.date | None = None) -> PaymentLine:
    """One payment came back (as a statement would say): reopen its order and reverse its entry."""
    _require(actor, "add", StatementImport)
    with transaction.atomic(), acting_as(actor):
        line = PaymentLine.objects.select_for_update().filter(pk=line_id).first()
        if line is None:
            raise FundError(_("No such payment."), code="not_found", field="line")
        if line.status not in (LineStatus.APPROVED, LineStatus.MATCHED):
            raise Conflict(_("The payment is %(s)s: it cannot be returned.") % {"s": line.get_status_display()},
                           code=line.status)
        _return_line(line, actor=actor, reason=reason, on=on)
    return line


# --- refunds owed by participants -------------------------------------------------------------------------


def recognise_refunds(*, actor: Any, on: dt.date | None = None) -> int:
    """Each refund order not yet in the books becomes a receivable (Dr receivable, Cr payments recovered). The
    daily job passes its name as `actor`."""
    if not isinstance(actor, str):
        _require(actor, "add", Receivable)
    day = on or timezone.localdate()
    count = 0
    with transaction.atomic(), acting_as(actor):
        known = set(Receivable.objects.values_list("order_id", flat=True))
        from people.models import Person

        for order in orders.refunds():
            if order.id in known:
                continue
            region = first_level_unit(TerritorialUnit.objects.get(pk=order.region_id))
            amount = order.amount_kzt * TIYN
            entry = post_entry(actor=actor, date=day, kind=EntryKind.RECEIVABLE,
                               memo=Memo("refund_owed", {"order": order.id}),
                               lines=[(account_for("receivable:refund", region), amount),
                                      (account_for("income:refund"), -amount)])
            debt = orders.debt_for_order(order.id)
            Receivable.objects.create(order_id=order.id, debtor=Person.objects.get(pk=order.beneficiary_id),
                                      region=region, amount_tiyn=amount, entry=entry,
                                      debt_id=debt.id if debt is not None else None)
            count += 1
    return count


def record_repayment(receivable_id: int, *, actor: Any, amount_tiyn: int, received_on: dt.date) -> Repayment:
    """Money repaid against a receivable; once it is all repaid, the refund order is settled (paid)."""
    _require(actor, "add", Repayment)
    if isinstance(amount_tiyn, bool) or not isinstance(amount_tiyn, int) or amount_tiyn <= 0:
        raise FundError(_("The amount must be a positive number of tiyn."), code="amount", field="amount")
    with transaction.atomic(), acting_as(actor):
        rec = Receivable.objects.select_for_update().filter(pk=receivable_id).first()
        if rec is None:
            raise FundError(_("No such receivable."), code="not_found", field="receivable")
        _require(actor, "add", Repayment, rec.region)
        if rec.status != Receivable.Status.OPEN:
            raise Conflict(_("The receivable is repaid."), code=rec.status)
        if amount_tiyn > rec.owed_tiyn:
            raise FundError(_("More than is owed (%(owed)s tiyn).") % {"owed": rec.owed_tiyn}, code="too_much",
                            field="amount")
        debt_repayment = None
        if rec.debt_id is not None:  # relocation allocates it to the debt and its instalments (whole tenge)
            if amount_tiyn % TIYN:
                raise FundError(_("A debt is repaid in whole tenge."), code="amount", field="amount")
            try:
                debt_repayment = orders.repay_debt(rec.debt_id, actor=actor, amount_kzt=amount_tiyn // TIYN,
                                                   received_on=received_on,
                                                   reference=f"KF-R-{rec.pk}-{rec.repayments.count() + 1}")
            except orders.DebtRefused as exc:
                raise Conflict(exc.message, code=exc.code, field=exc.field) from exc
        entry = post_entry(actor=actor, date=received_on, kind=EntryKind.REPAYMENT,
                           memo=Memo("repayment", {"order": rec.order_id}),
                           lines=[(account_for("bank:budget"), amount_tiyn),
                                  (account_for("receivable:refund", rec.region), -amount_tiyn)])
        repayment = Repayment.objects.create(receivable=rec, amount_tiyn=amount_tiyn, received_on=received_on,
                                             entry=entry, debt_repayment_id=debt_repayment)
        rec.repaid_tiyn += amount_tiyn
        if rec.repaid_tiyn == rec.amount_tiyn:
            rec.status = Receivable.Status.SETTLED
            if rec.debt_id is None:  # a debt's last repayment already settled its refund order
                orders.mark_paid([rec.order_id], actor=actor, paid_on=received_on, reference=f"KF-R-{rec.pk}")
        rec.save()
    return repayment


def settle_debt_closures(*, actor: Any, on: dt.date | None = None, debt_ids: Iterable[int] | None = None) -> int:
    """Carry into the books the debts relocation closed other than by repayment.

    Annulled by an upheld appeal: the receivable's entry is reversed citing the appeal, and what the family had
    already repaid becomes owed back to it (Dr receivable, Cr payable to participants). Exempt (art. 11(3)),
    written off (two signatures) or time-barred (art. 19(5)): what is still owed is written off against the
    income it was recognised as (Dr payments recovered, Cr receivable). A system caller (the appeal's decision,
    the daily job) passes its name as `actor`."""
    if not isinstance(actor, str):
        _require(actor, "add", Receivable)
    day = on or timezone.localdate()
    open_recs = Receivable.objects.filter(status=Receivable.Status.OPEN, debt_id__isnull=False)
    if debt_ids is not None:
        open_recs = open_recs.filter(debt_id__in=list(debt_ids))
    closed = set(orders.closed_debt_ids(d for d in open_recs.values_list("debt_id", flat=True) if d is not None))
    count = 0
    for rec_id in open_recs.filter(debt_id__in=closed).values_list("pk", flat=True):
        with transaction.atomic(), acting_as(actor):
            rec = Receivable.objects.select_for_update().get(pk=rec_id)
            if rec.status != Receivable.Status.OPEN or rec.debt_id is None:
                continue
            debt = orders.debts([rec.debt_id])[rec.debt_id]
            cites = debt.closed_cites or debt.status
            entry: JournalEntry | None
            if debt.status == "annulled":
                entry = _reverse(rec.entry_id, actor=actor, date=day,
                                 memo=Memo("receivable_annulled", {"rec": rec.pk, "cites": cites}))
                if rec.repaid_tiyn:
                    post_entry(actor=actor, date=day, kind=EntryKind.ADJUSTMENT,
                               memo=Memo("repaid_back", {"cites": cites}),
                               lines=[(account_for("receivable:refund", rec.region), rec.repaid_tiyn),
                                      (account_for("payable:participants", rec.region), -rec.repaid_tiyn)])
                rec.status = Receivable.Status.ANNULLED
            else:
                entry = post_entry(actor=actor, date=day, kind=EntryKind.ADJUSTMENT,
                                   memo=Memo("receivable_closed",
                                             {"rec": rec.pk, "status": debt.status, "cites": cites}),
                                   lines=[(account_for("income:refund"), rec.owed_tiyn),
                                          (account_for("receivable:refund", rec.region), -rec.owed_tiyn)]) \
                    if rec.owed_tiyn else None
                rec.status = Receivable.Status.CLOSED
            rec.closing_entry, rec.closed_cites = entry, cites[:80]
            rec.save()
            count += 1
    return count


# --- contributions ----------------------------------------------------------------------------------------


def record_contribution(*, actor: Any, source: str, payer: str, amount_tiyn: int, received_on: dt.date,
                        payer_bin: str = "", language: str = "kk", region: TerritorialUnit | None = None
                        ) -> Contribution:
    """Money received from the budget, an employer or a donor: Dr the source's bank account, Cr its income."""
    _require(actor, "add", Contribution)
    if source not in Source.values:
        raise FundError(_("Unknown source."), code="source", field="source")
    if isinstance(amount_tiyn, bool) or not isinstance(amount_tiyn, int) or amount_tiyn <= 0:
        raise FundError(_("The amount must be a positive number of tiyn."), code="amount", field="amount")
    if not (payer or "").strip():
        raise FundError(_("Name the payer."), code="payer", field="payer")
    with transaction.atomic(), acting_as(actor):
        entry = post_entry(actor=actor, date=received_on, kind=EntryKind.CONTRIBUTION,
                           memo=Memo("contribution", {"payer": payer}),
                           lines=[(account_for(f"bank:{source}"), amount_tiyn),
                                  (account_for(f"income:{source}"), -amount_tiyn)])
        return Contribution.objects.create(source=source, payer=payer.strip()[:300], payer_bin=payer_bin[:12],
                                           language=language if language in ("kk", "ru", "en") else "kk",
                                           amount_tiyn=amount_tiyn, received_on=received_on, region=region,
                                           entry=entry)


def set_allocation(*, actor: Any, year: int, measure: str, amount_tiyn: int) -> Allocation:
    """The budget's allocation to a support measure for a year (budget execution is read against it)."""
    _require(actor, "add", Allocation)
    if measure not in Measure.values:
        raise FundError(_("Unknown support measure."), code="measure", field="measure")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise FundError(_("Give a year between 2000 and 2100."), code="year", field="year")
    _positive_tiyn(amount_tiyn, "amount")
    with transaction.atomic(), acting_as(actor):
        allocation, _created = Allocation.objects.update_or_create(year=year, measure=measure,
                                                                   defaults={"amount_tiyn": amount_tiyn})
    return allocation


# --- insurance --------------------------------------------------------------------------------------------
#
# The fund's own insurance of participant families (the study's proposal, issue 14): a policy per family against
# the loss of the job in the first year after arrival; a claim rests on the labour register's record of a family
# member's contract ending within the policy's period; the controller decides with a reason; the cover is paid
# once per policy.


def _positive_tiyn(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_TIYN:
        raise FundError(_("The amount must be a positive number of tiyn."), code="amount", field=field)
    return value


MAX_TIYN = 10**15  # a thousand billion tenge: no single operation of the fund comes near it


def person_by_iin(iin: str, *, field: str = "iin") -> Any:
    """The person the population register holds under this IIN (12 digits), or a 400 naming `field`."""
    from people.models import Person

    iin = "".join(str(iin or "").split())
    if not (len(iin) == 12 and iin.isascii() and iin.isdecimal()):
        raise FundError(_("An IIN is 12 digits."), code="iin", field=field)
    person = Person.objects.filter(iin=iin).first()
    if person is None:
        raise FundError(_("No person with this IIN in the population register."), code="no_person", field=field)
    return person


def family_of(person: Any) -> Any:
    """The family the person heads, or else the one they belong to (the population register's families)."""
    from people.models import Family

    return (Family.objects.filter(head=person).order_by("id").first()
            or Family.objects.filter(members__person=person).order_by("id").first())


def issue_policy(*, actor: Any, family: Any, holder: Any, region: TerritorialUnit, premium_tiyn: int,
                 cover_tiyn: int, starts_on: dt.date, ends_on: dt.date) -> InsurancePolicy:
    """A participant family's policy; its premium is received into the insurance reserve. The fund insures the
    families of the relocation programme (issue 14): a family none of whose members takes part in it now (an
    application with the agreement signed, arrived or under follow-up — relocation.states.PARTICIPATING; an
    approved application without a signed agreement does not count) is refused (400, on `holder_iin`). One
    policy per family at a time: a second whose period overlaps the first is refused (409)."""
    region = first_level_unit(region)
    _require(actor, "add", InsurancePolicy, region)
    if ends_on <= starts_on:
        raise FundError(_("The policy must end after it starts."), code="period", field="ends_on")
    _positive_tiyn(premium_tiyn, "premium")
    _positive_tiyn(cover_tiyn, "cover")
    if not orders.participants_among(_members_of(family)):
        raise FundError(_("No member of the family of %(holder)s (IIN %(iin)s) takes part in the relocation "
                          "programme: the fund insures participant families (agreement signed, arrived or under "
                          "follow-up).") % {"holder": holder, "iin": holder.iin},
                        code="not_participant", field="holder_iin")
    with transaction.atomic(), acting_as(actor):
        type(family).objects.select_for_update().filter(pk=family.pk).first()  # one policy entered at a time
        if InsurancePolicy.objects.filter(family=family, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
            raise Conflict(_("The family already has a policy for this period."), code="policy_exists",
                           field="starts_on")
        entry = post_entry(actor=actor, date=starts_on, kind=EntryKind.PREMIUM,
                           memo=Memo("premium", {"holder": holder.iin}),
                           lines=[(account_for("bank:insurance"), premium_tiyn),
                                  (account_for("income:premium"), -premium_tiyn)])
        return InsurancePolicy.objects.create(family=family, holder=holder, region=region, premium_tiyn=premium_tiyn,
                                              cover_tiyn=cover_tiyn, starts_on=starts_on, ends_on=ends_on,
                                              premium_entry=entry)


def enter_policy(*, actor: Any, holder_iin: str, premium_tiyn: int, cover_tiyn: int, starts_on: dt.date,
                 ends_on: dt.date) -> InsurancePolicy:
    """A policy entered on a page or through the API: the holder by IIN, their family and their region (where
    they live) from the population register."""
    holder = person_by_iin(holder_iin, field="holder_iin")
    family = family_of(holder)
    if family is None:
        raise FundError(_("The population register has no family of this person."), code="no_family",
                        field="holder_iin")
    if holder.home_unit_id is None:
        raise FundError(_("The population register has no place of residence for this person."),
                        code="no_residence", field="holder_iin")
    return issue_policy(actor=actor, family=family, holder=holder, region=holder.home_unit,
                        premium_tiyn=premium_tiyn, cover_tiyn=cover_tiyn, starts_on=starts_on, ends_on=ends_on)


def _members_of(family: Any) -> set[int]:
    """The people of a family in the population register: its members and its head."""
    return set(family.members.values_list("person_id", flat=True)) | {family.head_id}


def _family_person_ids(policy: InsurancePolicy) -> set[int]:
    return _members_of(policy.family) | {policy.holder_id}


def claim_evidence(policy: InsurancePolicy) -> Any:
    """The labour register's evidence for a claim on `policy`: the contracts of the family's members that
    were terminated, or whose fixed term ended, within the policy's period (latest first)."""
    from labour.models import EmploymentContract

    ended = (Q(terminated_on__isnull=False, terminated_on__gte=policy.starts_on, terminated_on__lte=policy.ends_on)
             | Q(terminated_on__isnull=True, end_date__isnull=False, end_date__gte=policy.starts_on,
                 end_date__lte=policy.ends_on))
    return (EmploymentContract.objects.filter(ended, employee_id__in=_family_person_ids(policy))
            .select_related("employer", "employee").order_by("-terminated_on", "-end_date", "-id"))


def submit_claim(policy_id: int, *, actor: Any, contract: Any) -> InsuranceClaim:
    """A claim on the evidence of the labour register: a family member's contract ended within the policy."""
    _require(actor, "add", InsuranceClaim)
    with transaction.atomic(), acting_as(actor):
        policy = InsurancePolicy.objects.select_for_update().filter(pk=policy_id).first()
        if policy is None:
            raise FundError(_("No such policy."), code="not_found", field="policy")
        _require(actor, "add", InsuranceClaim, policy.region)
        if contract.employee_id not in _family_person_ids(policy):
            raise FundError(_("The contract is not a family member's."), code="not_family", field="contract")
        ended = contract.terminated_on or contract.end_date
        if ended is None:
            raise FundError(_("The labour register shows the contract still running."), code="contract_running",
                            field="contract")
        if not policy.starts_on <= ended <= policy.ends_on:
            raise FundError(_("The contract ended outside the policy's period."), code="outside_period",
                            field="contract")
        if policy.claims.filter(status__in=[InsuranceClaim.Status.SUBMITTED, InsuranceClaim.Status.APPROVED]).exists():
            raise Conflict(_("The policy already has a claim awaiting a decision or paid."), code="claim_exists",
                           field="contract")
        return InsuranceClaim.objects.create(policy=policy, contract=contract, job_lost_on=ended)


def enter_claim(policy_id: int, *, actor: Any, contract_id: int) -> InsuranceClaim:
    """A claim entered on a page or through the API: the contract must be among the policy's evidence."""
    policy = InsurancePolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise FundError(_("No such policy."), code="not_found", field="policy")
    from labour.models import EmploymentContract

    contract = EmploymentContract.objects.filter(pk=contract_id).first()
    if contract is None:
        raise FundError(_("No such contract in the labour register."), code="no_contract", field="contract")
    return submit_claim(policy.pk, actor=actor, contract=contract)


def decide_claim(claim_id: int, *, actor: Any, approve: bool, reason: str, on: dt.date | None = None
                 ) -> InsuranceClaim:
    """Approve (and pay the cover from the insurance reserve) or reject, with the reason."""
    _require(actor, "decide", InsuranceClaim)
    if not (reason or "").strip():
        raise FundError(_("Give the reason for the decision."), code="reason_required", field="reason")
    with transaction.atomic(), acting_as(actor):
        claim = InsuranceClaim.objects.select_for_update().select_related("policy").filter(pk=claim_id).first()
        if claim is None:
            raise FundError(_("No such claim."), code="not_found", field="claim")
        _require(actor, "decide", InsuranceClaim, claim.policy.region)
        if claim.status != InsuranceClaim.Status.SUBMITTED:
            raise Conflict(_("The claim is %(s)s: it is decided.") % {"s": claim.get_status_display()},
                           code=claim.status)
        claim.reason, claim.decided_by = reason.strip(), actor
        if approve:
            if InsuranceClaim.objects.filter(policy=claim.policy, status=InsuranceClaim.Status.APPROVED).exists():
                raise Conflict(_("The policy's cover is already paid."), code="cover_paid")
            amount = claim.policy.cover_tiyn
            claim.entry = post_entry(actor=actor, date=on or timezone.localdate(), kind=EntryKind.CLAIM,
                                     memo=Memo("payout", {"n": claim.pk}),
                                     lines=[(account_for("expense:insurance", claim.policy.region), amount),
                                            (account_for("bank:insurance"), -amount)])
            claim.payout_tiyn, claim.status = amount, InsuranceClaim.Status.APPROVED
        else:
            claim.status = InsuranceClaim.Status.REJECTED
        claim.save()
    return claim


# --- grants -----------------------------------------------------------------------------------------------


def apply_grant(*, actor: Any, kind: str, grantee: str, region: TerritorialUnit, purpose: str, requested_tiyn: int,
                applied_on: dt.date, person: Any = None) -> Grant:
    """An application for a grant: a business association, or a participant starting a business (named by
    the person, so that the participant sees it on their pages)."""
    region = first_level_unit(region)
    _require(actor, "add", Grant, region)
    if kind not in Grant.Kind.values:
        raise FundError(_("Unknown kind of grant."), code="kind", field="kind")
    if kind == Grant.Kind.START_UP and person is None:
        raise FundError(_("Name the participant starting the business (their IIN)."), code="person_required",
                        field="person_iin")
    _positive_tiyn(requested_tiyn, "requested")
    if not (grantee or "").strip():
        raise FundError(_("Name the grantee."), code="grantee", field="grantee")
    if not (purpose or "").strip():
        raise FundError(_("Say what the grant is for."), code="purpose", field="purpose")
    with transaction.atomic(), acting_as(actor):
        return Grant.objects.create(kind=kind, grantee=grantee.strip()[:300], person=person, region=region,
                                    purpose=purpose.strip(), requested_tiyn=requested_tiyn, applied_on=applied_on)


def enter_grant(*, actor: Any, kind: str, grantee: str, region_code: str, purpose: str, requested_tiyn: int,
                applied_on: dt.date, person_iin: str = "") -> Grant:
    """An application entered on a page or through the API: the region by its code, the participant by IIN."""
    region = TerritorialUnit.objects.current().first_level().filter(code=str(region_code or "")[:20]).first()
    if region is None:
        raise FundError(_("No such region."), code="region", field="region")
    person = person_by_iin(person_iin, field="person_iin") if (person_iin or "").strip() else None
    return apply_grant(actor=actor, kind=kind, grantee=grantee, region=region, purpose=purpose,
                       requested_tiyn=requested_tiyn, applied_on=applied_on, person=person)


def _locked_grant(grant_id: int, actor: Any, action: str) -> Grant:
    grant = Grant.objects.select_for_update().filter(pk=grant_id).first()
    if grant is None:
        raise FundError(_("No such grant."), code="not_found", field="grant")
    _require(actor, action, Grant, grant.region)
    return grant


def decide_grant(grant_id: int, *, actor: Any, approve: bool, reason: str, awarded_tiyn: int | None = None) -> Grant:
    _require(actor, "decide", Grant)
    if not (reason or "").strip():
        raise FundError(_("Give the reason for the decision."), code="reason_required", field="reason")
    with transaction.atomic(), acting_as(actor):
        grant = _locked_grant(grant_id, actor, "decide")
        if grant.status != Grant.Status.APPLIED:
            raise Conflict(_("The grant is %(s)s: it is decided.") % {"s": grant.get_status_display()},
                           code=grant.status)
        grant.decision_reason = reason.strip()
        if approve:
            awarded = grant.requested_tiyn if awarded_tiyn is None else awarded_tiyn
            if isinstance(awarded, bool) or not isinstance(awarded, int) or not 0 < awarded <= grant.requested_tiyn:
                raise FundError(_("The award must be positive and no more than requested."), code="amount",
                                field="awarded")
            grant.awarded_tiyn, grant.status = awarded, Grant.Status.APPROVED
        else:
            grant.status = Grant.Status.REJECTED
        grant.save()
    return grant


def disburse_grant(grant_id: int, *, actor: Any, on: dt.date) -> Grant:
    """Pay an approved grant; the grantee owes a report within a year."""
    _require(actor, "add", Grant)
    with transaction.atomic(), acting_as(actor):
        grant = _locked_grant(grant_id, actor, "add")
        if grant.status != Grant.Status.APPROVED:
            raise Conflict(_("The grant is %(s)s: only an approved grant is paid.") % {"s": grant.get_status_display()},
                           code=grant.status)
        grant.entry = post_entry(actor=actor, date=on, kind=EntryKind.GRANT,
                                 memo=Memo("grant", {"grantee": grant.grantee}),
                                 lines=[(account_for("expense:grant", grant.region), grant.awarded_tiyn),
                                        (account_for("bank:budget"), -grant.awarded_tiyn)])
        grant.status = Grant.Status.DISBURSED
        grant.report_due = on + dt.timedelta(days=365)
        grant.save()
    return grant


def report_grant(grant_id: int, *, actor: Any, report: str) -> Grant:
    """The report the grantee owes after the disbursement, as received by the fund."""
    _require(actor, "change", Grant)
    if not (report or "").strip():
        raise FundError(_("The report is empty."), code="report", field="report")
    with transaction.atomic(), acting_as(actor):
        grant = _locked_grant(grant_id, actor, "change")
        if grant.status != Grant.Status.DISBURSED:
            raise Conflict(_("The grant is %(s)s: a report follows a disbursement.")
                           % {"s": grant.get_status_display()}, code=grant.status)
        grant.report, grant.status = report.strip(), Grant.Status.REPORTED
        grant.save()
    return grant
