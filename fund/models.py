"""Records of the fund room: the books (chart of accounts, periods, journal entries and their postings) and the
operations that write to them (payment batches, refunds, contributions, insurance, grants).

Money in the books is whole tiyn (1 tenge = 100 tiyn) in BigIntegers. A posting's amount is signed: a debit is
positive, a credit negative, so an entry is balanced when its postings sum to zero and the whole ledger's trial
balance is zero. The database enforces it (migration 0002): see fund/README.md.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet

TIYN = 100  # tiyn in a tenge


class AccountKind(models.TextChoices):
    ASSET = "asset", _("asset")
    LIABILITY = "liability", _("liability")
    CAPITAL = "capital", pgettext_lazy("fund accounts", "capital")
    INCOME = "income", pgettext_lazy("fund accounts", "income")
    EXPENSE = "expense", pgettext_lazy("fund accounts", "expense")


class Measure(models.TextChoices):
    """The support measures the fund pays for (relocation's PaymentOrder.Measure, plus the fund's own)."""

    RELOCATION_SUBSIDY = "relocation_subsidy", _("relocation subsidy")
    RENT_COMPENSATION = "rent_compensation", _("rent compensation")
    HOUSING_CERTIFICATE = "housing_certificate", _("housing certificate")
    REFUND_REPAYMENT = "refund_repayment", _("repayment of a refund annulled on appeal")
    INSURANCE = "insurance", pgettext_lazy("support measure", "insurance claims")
    GRANT = "grant", pgettext_lazy("support measure", "grants")


class AccountQuerySet(ScopedQuerySet):
    scope_path = None  # the chart is the fund's: the whole country or nothing

    def postable(self):
        return self.filter(is_group=False)


class Account(AuditedModel):
    """One account of the chart. Group accounts hold others and take no postings; a region's sub-account
    (`region` set) carries its parent's code followed by the region's code (e.g. 7010.KZ-59)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    is_group = models.BooleanField(_("group account"), default=False)
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(_("support measure"), max_length=20, choices=Measure.choices, blank=True)
    role = models.CharField(max_length=40, blank=True,
                            help_text="What Koshi posts here (e.g. bank:budget, income:employer); stable across renames.")

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"name_{lang}", None) or self.name_en

    @property
    def normal_sign(self) -> int:
        """+1 where a debit balance is normal (assets, expenses), -1 where a credit one is."""
        return 1 if self.kind in (AccountKind.ASSET, AccountKind.EXPENSE) else -1


class Period(AuditedModel):
    """A month of the books. A closed month refuses postings (the database refuses them too)."""

    month = models.DateField(_("month"), unique=True, help_text="The month's first day.")
    is_closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [models.CheckConstraint(condition=models.Q(month__day=1), name="fund_period_first_day")]

    def __str__(self) -> str:
        return self.month.strftime("%Y-%m")


class PeriodAct(AuditedModel):
    """The record of a period's closing or reopening: who, when, why. Append-only."""

    class Act(models.TextChoices):
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="acts")
    act = models.CharField(pgettext_lazy("period act", "act"), max_length=6, choices=Act.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", pgettext_lazy("journal entry", "contribution")
    PAYMENT = "payment", pgettext_lazy("journal entry", "payment")
    REVERSAL = "reversal", pgettext_lazy("journal entry", "reversal")
    RECEIVABLE = "receivable", pgettext_lazy("journal entry", "refund due")
    REPAYMENT = "repayment", pgettext_lazy("journal entry", "repayment")
    PREMIUM = "premium", pgettext_lazy("journal entry", "insurance premium")
    CLAIM = "claim", pgettext_lazy("journal entry", "insurance payout")
    GRANT = "grant", pgettext_lazy("journal entry", "grant disbursement")
    ADJUSTMENT = "adjustment", pgettext_lazy("journal entry", "adjustment")


class JournalEntryQuerySet(ScopedQuerySet):
    scope_path = None


class JournalEntry(AuditedModel):
    """A balanced set of postings on one date. Never changed or deleted (the database refuses): a mistake is
    corrected by a reversing entry that cites it (`reverses`), and an entry is reversed at most once."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    # The memo is worded when read, in the reader's language (fund.memos.memo_text), from its key and parameters;
    # `memo` keeps it in English, and is what is shown for a memo typed by a person or posted before migration 0009.
    memo = models.CharField(_("description"), max_length=300)
    memo_key = models.CharField(max_length=24, null=True, blank=True)
    memo_params = models.JSONField(null=True, blank=True)
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["date"], name="fund_entry_date")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.date:%Y-%m-%d} {self.memo_text}"[:200]

    @property
    def memo_text(self) -> str:
        """The memo in the active language."""
        from .memos import memo_text

        return memo_text(self.memo_key, self.memo_params, self.memo)


class PostingQuerySet(ScopedQuerySet):
    scope_path = None


class Posting(AuditedModel):
    """One line of an entry: an account and a signed amount in tiyn (debit > 0, credit < 0)."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField(_("amount, tiyn"))
    # The entry's date, kept on the posting so that statements aggregate one table (migration 0004: the
    # database sets it from the entry on PostgreSQL, and refuses any other value on SQLite).
    date = models.DateField(_("date"), null=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="fund_posting_not_zero")]
        indexes = [models.Index(fields=["account", "date"], name="fund_posting_account_date")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount}"

    @property
    def debit(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.amount if self.amount < 0 else 0


# --- Paying the programme ---------------------------------------------------------------------------------


class BatchStatus(models.TextChoices):
    PREPARED = "prepared", pgettext_lazy("payment batch", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("payment batch", "approved")
    CANCELLED = "cancelled", pgettext_lazy("payment batch", "cancelled")


class PaymentBatchQuerySet(ScopedQuerySet):
    scope_path = None


class PaymentBatch(AuditedModel):
    """Payments prepared by an accountant and approved by someone else (four eyes: the database refuses an
    approval by the preparer)."""

    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREPARED)
    pay_on = models.DateField(_("payment date"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by"),
                                    on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    total_tiyn = models.BigIntegerField(_("total, tiyn"), default=0)
    declared_count = models.PositiveIntegerField(_("declared number of payments"), default=0)
    declared_total_tiyn = models.BigIntegerField(_("declared total, tiyn"), default=0)
    signatures_required = models.PositiveSmallIntegerField(_("signatures required"), default=0)

    objects = PaymentBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        constraints = [
            models.CheckConstraint(condition=~models.Q(approved_by=models.F("prepared_by")),
                                   name="fund_batch_four_eyes"),
            models.CheckConstraint(
                condition=models.Q(status="approved", approved_by__isnull=False, approved_at__isnull=False)
                | (~models.Q(status="approved") & models.Q(approved_by__isnull=True)),
                name="fund_batch_approved_has_approver"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class SigningBand(AuditedModel):
    """Configuration: a batch whose total reaches `min_total_tiyn` needs `signatures` signatures (each by a
    different person, none the preparer's) before another person may release it (fund/controls.py)."""

    min_total_tiyn = models.BigIntegerField(_("from a total of, tiyn"), unique=True)
    signatures = models.PositiveSmallIntegerField(_("signatures required"))

    class Meta:
        ordering = ["min_total_tiyn"]
        verbose_name = _("signing band")
        verbose_name_plural = _("signing bands")
        constraints = [models.CheckConstraint(condition=models.Q(min_total_tiyn__gte=0, signatures__lte=10),
                                              name="fund_band_sane")]

    def __str__(self) -> str:
        return f"{self.min_total_tiyn} -> {self.signatures}"


class BatchSignature(AuditedModel):
    """One signature of a payment batch. The database holds: one signature per person per batch, and never the
    preparer's (the preparer is copied onto the row so a CHECK can compare them)."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT,
                               related_name="+")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("signature of a payment batch")
        verbose_name_plural = _("signatures of payment batches")
        constraints = [
            models.UniqueConstraint(fields=["batch", "signer"], name="fund_batch_signed_once_per_person"),
            models.CheckConstraint(condition=~models.Q(signer=models.F("prepared_by")),
                                   name="fund_signature_not_by_preparer"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.signer_id}"


class LineStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("payment", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("payment", "sent to the bank")
    MATCHED = "matched", pgettext_lazy("payment", "confirmed by the bank")
    RETURNED = "returned", pgettext_lazy("payment", "returned by the bank")
    DROPPED = "dropped", pgettext_lazy("payment", "dropped")


class PaymentLineQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "beneficiary__account"


class PaymentLine(AuditedModel):
    """One payment of a batch: a relocation payment order, as it stood when the batch was prepared.

    The partial unique constraints are the 'paid at most once' rule in the database: an order is in at most
    one batch awaiting approval, and in at most one approved (or bank-confirmed) payment; a returned payment
    frees the order to be paid again."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="lines")
    order_id = models.BigIntegerField(_("payment order"))
    beneficiary = models.ForeignKey("people.Person", verbose_name=_("beneficiary"), on_delete=models.PROTECT,
                                    related_name="+")
    iin = models.CharField(_("IIN"), max_length=12)
    name = models.CharField(_("beneficiary"), max_length=300)
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=34, blank=True)
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    measure = models.CharField(_("support measure"), max_length=20, choices=Measure.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount_tiyn = models.BigIntegerField(_("amount, tiyn"))
    article = models.CharField(_("article"), max_length=80, blank=True)
    reference = models.CharField(_("payment reference"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING)
    entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    return_entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    return_reason = models.CharField(_("reason for return"), max_length=200, blank=True)

    objects = PaymentLineQuerySet.as_manager()

    class Meta:
        ordering = ["batch_id", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["order_id"], condition=models.Q(status__in=["approved", "matched"]),
                                    name="fund_order_paid_once"),
            models.UniqueConstraint(fields=["order_id"], condition=models.Q(status="pending"),
                                    name="fund_order_in_one_open_batch"),
            # No person is paid the same measure for the same period twice, across orders, batches and years.
            models.UniqueConstraint(fields=["beneficiary", "measure", "period_start"],
                                    condition=models.Q(status__in=["approved", "matched"]),
                                    name="fund_person_measure_period_paid_once"),
            models.CheckConstraint(condition=models.Q(amount_tiyn__gt=0), name="fund_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def amount_kzt(self) -> int:
        return self.amount_tiyn // TIYN


class StatementImport(AuditedModel):
    """A bank statement read back against the payments: what matched, what did not, what came back."""

    file_name = models.CharField(_("file"), max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    returned = models.PositiveIntegerField(pgettext_lazy("bank statement", "returned"), default=0)
    unmatched = models.JSONField(_("unmatched lines"), default=list)

    class Meta:
        ordering = ["-id"]


class ReceivableQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "debtor__account"


class Receivable(AuditedModel):
    """Money a family owes back after a breach (a relocation refund order), and what it has repaid."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("receivable", "open")
        SETTLED = "settled", pgettext_lazy("receivable", "repaid")
        CLOSED = "closed", pgettext_lazy("receivable", "written off, exempt or time-barred")
        ANNULLED = "annulled", pgettext_lazy("receivable", "annulled on appeal")

    order_id = models.BigIntegerField(_("refund order"), unique=True)
    # relocation's Debt behind the refund order (read through fund/orders.py, no foreign key across rooms)
    debt_id = models.BigIntegerField(_("debt"), null=True, blank=True, unique=True)
    closing_entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("closing entry"))
    closed_cites = models.CharField(_("cites"), max_length=80, blank=True)
    debtor = models.ForeignKey("people.Person", verbose_name=_("debtor"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    amount_tiyn = models.BigIntegerField(_("amount, tiyn"))
    repaid_tiyn = models.BigIntegerField(_("repaid, tiyn"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")

    objects = ReceivableQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(repaid_tiyn__gte=0, repaid_tiyn__lte=models.F("amount_tiyn")),
                                   name="fund_receivable_repaid_within_amount"),
        ]

    @property
    def owed_tiyn(self) -> int:
        return self.amount_tiyn - self.repaid_tiyn


class Repayment(AuditedModel):
    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="repayments")
    debt_repayment_id = models.BigIntegerField(_("repayment of the debt"), null=True, blank=True, unique=True)
    amount_tiyn = models.BigIntegerField(_("amount, tiyn"))
    received_on = models.DateField(_("received on"))
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_tiyn__gt=0), name="fund_repayment_positive")]


# --- Contributions ----------------------------------------------------------------------------------------


class Source(models.TextChoices):
    BUDGET = "budget", pgettext_lazy("fund source", "state budget")
    EMPLOYER = "employer", pgettext_lazy("fund source", "employer")
    DONOR = "donor", pgettext_lazy("fund source", "donor")


class ContributionQuerySet(ScopedQuerySet):
    scope_path = None  # the fund's income: the whole country or nothing


class Contribution(AuditedModel):
    """Money received by the fund from the budget, an employer or a donor; the receipt is in the payer's language."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    payer = models.CharField(_("payer"), max_length=300)
    payer_bin = models.CharField(_("payer's BIN or IIN"), max_length=12, blank=True)
    language = models.CharField(_("payer's language"), max_length=2, choices=settings.LANGUAGES, default="kk")
    amount_tiyn = models.BigIntegerField(_("amount, tiyn"))
    received_on = models.DateField(_("received on"))
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [models.CheckConstraint(condition=models.Q(amount_tiyn__gt=0), name="fund_contribution_positive")]

    def __str__(self) -> str:
        return f"{self.payer} {self.received_on}"


class Allocation(AuditedModel):
    """The budget allocated for a year to a support measure (budget execution is read against it)."""

    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("support measure"), max_length=20, choices=Measure.choices)
    amount_tiyn = models.BigIntegerField(_("allocation, tiyn"))

    class Meta:
        ordering = ["year", "measure"]
        constraints = [models.UniqueConstraint(fields=["year", "measure"], name="fund_one_allocation_per_measure")]


# --- Insurance --------------------------------------------------------------------------------------------


class PolicyQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "holder__account"


class InsurancePolicy(AuditedModel):
    """A participant family's policy against the loss of the job in the first year after arrival."""

    family = models.ForeignKey("people.Family", verbose_name=_("family"), on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey("people.Person", verbose_name=_("policy holder"), on_delete=models.PROTECT,
                               related_name="+")
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    premium_tiyn = models.BigIntegerField(_("premium, tiyn"))
    cover_tiyn = models.BigIntegerField(_("cover, tiyn"))
    starts_on = models.DateField(pgettext_lazy("insurance policy", "from"))
    ends_on = models.DateField(pgettext_lazy("insurance policy", "to"))
    premium_entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="fund_policy_period"),
            models.CheckConstraint(condition=models.Q(premium_tiyn__gt=0, cover_tiyn__gt=0), name="fund_policy_amounts"),
        ]


class ClaimQuerySet(ScopedQuerySet):
    scope_path = "policy__region"
    owner_path = "policy__holder__account"


class InsuranceClaim(AuditedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("claim", "submitted")
        APPROVED = "approved", pgettext_lazy("claim", "approved and paid")
        REJECTED = "rejected", pgettext_lazy("claim", "rejected")

    policy = models.ForeignKey(InsurancePolicy, on_delete=models.PROTECT, related_name="claims")
    contract = models.ForeignKey("labour.EmploymentContract", verbose_name=_("employment contract"),
                                 on_delete=models.PROTECT, related_name="+")
    job_lost_on = models.DateField(_("job lost on"), help_text="The contract's end as the labour register holds it.")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    payout_tiyn = models.BigIntegerField(_("payout, tiyn"), default=0)
    entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["policy"], condition=models.Q(status="approved"),
                                               name="fund_one_paid_claim_per_policy")]


# --- Grants -----------------------------------------------------------------------------------------------


class GrantQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "person__account"


class Grant(AuditedModel):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("business association")
        START_UP = "start_up", _("participant starting a business")

    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("grant", "applied")
        APPROVED = "approved", pgettext_lazy("grant", "approved")
        REJECTED = "rejected", pgettext_lazy("grant", "rejected")
        DISBURSED = "disbursed", pgettext_lazy("grant", "disbursed")
        REPORTED = "reported", pgettext_lazy("grant", "reported on")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    grantee = models.CharField(_("grantee"), max_length=300)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    purpose = models.TextField(_("purpose"))
    requested_tiyn = models.BigIntegerField(_("requested, tiyn"))
    awarded_tiyn = models.BigIntegerField(_("awarded, tiyn"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"))
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    report = models.TextField(_("grantee's report"), blank=True)
    entry = models.OneToOneField(JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(requested_tiyn__gt=0), name="fund_grant_requested")]


GrantKind = Grant.Kind  # the API schema's enum (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


class PayeeAccountQuerySet(ScopedQuerySet):
    scope_path = "person__home_unit"
    owner_path = "person__account"


class PayeeAccount(AuditedModel):
    """The bank account (IBAN) the fund pays a person into; the payment register carries it beside the IIN."""

    person = models.OneToOneField("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                                  related_name="+")
    iban = models.CharField(_("bank account (IBAN)"), max_length=34)
    bank = models.CharField(_("bank"), max_length=120, blank=True)
    holder_iin = models.CharField(_("account holder's IIN"), max_length=12, default="",
                                  help_text=_("As the bank confirms it: must be the beneficiary's own IIN."))
    usable_from = models.DateTimeField(_("may be paid to from"), default=timezone.now)
    previous_iban = models.CharField(_("previous bank account"), max_length=34, blank=True)

    objects = PayeeAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("payee's bank account")
        verbose_name_plural = _("payees' bank accounts")
        constraints = [models.CheckConstraint(condition=models.Q(iban__startswith="KZ"), name="fund_iban_kz")]

    def __str__(self) -> str:
        return self.iban
