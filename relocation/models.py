"""Records of the relocation room (see ../shared/DESIGN.md, "The main records").

Quotas and the orders that set them; applications with their family, documents and history of transitions;
agreements; payment orders (the interface the support fund settles from: see PAYMENT_ORDERS.md); follow-up
flags; in-site notifications. States and transitions are declared once, in `relocation/states.py`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet
from lib.uploads import UploadedDocument

from .states import State


class Category(models.TextChoices):
    RESETTLERS = "resettlers", _("internal resettlers")
    KANDAS = "kandas", _("kandas")


class SettlementType(models.TextChoices):
    RURAL = "rural", _("rural settlement (village, aul)")
    TOWN = "town", _("town or settlement of district significance")
    CITY = "city", _("city of regional or republican significance")


# --- quotas --------------------------------------------------------------------------------------------------

class QuotaOrderQuerySet(ScopedQuerySet):
    scope_path = None
    owner_path = None


class QuotaOrder(AuditedModel):
    """A government (ministry) order that sets or amends regional quotas for a year."""

    number = models.CharField(_("order number"), max_length=60)
    signed_on = models.DateField(_("order date"))
    act = models.CharField(_("act"), max_length=300, help_text=_("The title of the act, as published."))
    year = models.PositiveSmallIntegerField(_("programme year"))
    source_url = models.URLField(_("source"), max_length=400, blank=True)
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name=_("amends"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuotaOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-signed_on", "-id"]
        verbose_name = _("quota order")
        verbose_name_plural = _("quota orders")
        constraints = [models.UniqueConstraint(fields=["number", "signed_on"], name="reloc_order_number_once")]

    def __str__(self) -> str:
        day = date_format(self.signed_on, "SHORT_DATE_FORMAT")
        if self.number.startswith("not published"):  # "№ number not published" read the number twice
            return _("order of %(day)s, number not published") % {"day": day}
        return f"№ {self.number} ({day})"


class QuotaQuerySet(ScopedQuerySet):
    scope_path = "region"


class Quota(AuditedModel):
    """Places (persons) for one year × receiving region × category; reserved and used never exceed them."""

    year = models.PositiveSmallIntegerField(_("programme year"))
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("receiving region"), on_delete=models.PROTECT,
                               related_name="relocation_quotas")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    places = models.PositiveIntegerField(_("places, persons"))
    reserved = models.PositiveIntegerField(_("reserved places"), default=0)
    used = models.PositiveIntegerField(_("used places"), default=0)
    order = models.ForeignKey(QuotaOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="quotas")

    objects = QuotaQuerySet.as_manager()

    class Meta:
        ordering = ["year", "region__code", "category"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["year", "region", "category"], name="reloc_quota_once"),
            models.CheckConstraint(condition=Q(reserved__lte=F("places") - F("used")),
                                   name="reloc_quota_never_exceeded"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.get_category_display()}"

    @property
    def free(self) -> int:
        return self.places - self.reserved - self.used


class QuotaChange(models.Model):
    """Every figure an order set for a quota: the history behind each number on the quota page."""

    quota = models.ForeignKey(Quota, on_delete=models.CASCADE, related_name="changes")
    order = models.ForeignKey(QuotaOrder, on_delete=models.PROTECT, related_name="changes")
    places = models.PositiveIntegerField(_("places, persons"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.quota_id}: {self.places} ({self.order_id})"


# --- applications --------------------------------------------------------------------------------------------

class ApplicationQuerySet(ScopedQuerySet):
    scope_path = "receiving_region"
    owner_path = "applicant__account"


class Application(AuditedModel):
    applicant = models.ForeignKey("people.Person", verbose_name=_("applicant"), on_delete=models.PROTECT,
                                  related_name="relocation_applications")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("filed by"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.RESETTLERS)
    departure_region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("departure region"),
                                         on_delete=models.PROTECT, related_name="+")
    departure_settlement = models.CharField(_("departure settlement"), max_length=120)
    receiving_region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("receiving region"),
                                         on_delete=models.PROTECT, related_name="+")
    settlement_type = models.CharField(_("settlement type"), max_length=6, choices=SettlementType.choices)
    housing_price_kzt = models.PositiveBigIntegerField(_("price of the housing to buy, tenge"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    forward_due = models.DateField(_("to be forwarded by"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    decision = models.ForeignKey("law.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("decision"))
    refusal_ground = models.CharField(_("ground of refusal"), max_length=60, blank=True)
    quota = models.ForeignKey(Quota, null=True, blank=True, on_delete=models.PROTECT, related_name="applications",
                              verbose_name=_("quota"))
    places = models.PositiveSmallIntegerField(_("places held"), default=0)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    follow_up_until = models.DateField(_("obligations end on"), null=True, blank=True)
    left_on = models.DateField(_("left the receiving region on"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    audit_exclude = ("updated_at",)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("relocation application")
        verbose_name_plural = _("relocation applications")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=0), name="reloc_app_places_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{_('Application')} №{self.pk}"

    @property
    def case(self) -> str:
        return f"relocation.application:{self.pk}"


class ApplicationMemberQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class ApplicationMember(AuditedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="relocation_memberships",
                               verbose_name=_("person"))
    relation = models.CharField(_("relation"), max_length=10, choices=[
        ("head", _("Head of family")), ("spouse", _("Spouse")), ("child", _("Child")), ("parent", _("Parent")),
        ("sibling", _("Brother or sister")), ("other", _("Other relative"))])

    objects = ApplicationMemberQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="reloc_member_once"),
            models.UniqueConstraint(fields=["application"], condition=Q(relation="head"), name="reloc_one_head"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("identity document")
    FAMILY = "family", _("birth or marriage certificate")
    EMPLOYMENT = "employment", _("job-seeker or unemployment certificate")
    OTHER = "other", pgettext_lazy("document kind", "other")


class DocumentQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


def document_path(instance: Document, filename: str) -> str:
    return f"relocation/{instance.application_id}/{filename}"


class Document(UploadedDocument, AuditedModel):
    """A paper attached to an application (the upload fields and their order: lib.uploads.UploadedDocument)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path)

    objects = DocumentQuerySet.as_manager()


class TransitionQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class Transition(models.Model):
    """One change of state: who, when, why. Append-only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("transition"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_state} -> {self.to_state}"


class AgreementQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class Agreement(AuditedModel):
    """The resettlement agreement with its individual adaptation plan."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    planned_arrival = models.DateField(_("planned arrival date"))
    transport = models.CharField(_("transport"), max_length=200)
    job_or_training = models.CharField(_("job or training"), max_length=300)
    housing_search = models.CharField(_("housing search"), max_length=300)
    measures = models.JSONField(_("support measures"), default=list)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    budget = models.ForeignKey("Budget", null=True, blank=True, on_delete=models.PROTECT, related_name="agreements",
                               verbose_name=_("budget"))
    committed_kzt = models.PositiveBigIntegerField(_("support committed, tenge"), default=0)

    objects = AgreementQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{_('Agreement')} №{self.application_id}"


# --- payment orders (read and settled by the fund: PAYMENT_ORDERS.md) ----------------------------------------

class PaymentOrderQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "beneficiary__account"


class PaymentOrder(AuditedModel):
    class Measure(models.TextChoices):
        RELOCATION_SUBSIDY = "relocation_subsidy", _("one-time relocation subsidy")
        RENT_COMPENSATION = "rent_compensation", _("rent and utility compensation")
        HOUSING_CERTIFICATE = "housing_certificate", _("housing certificate")
        REFUND = "refund", _("refund of the subsidy")
        REFUND_REPAYMENT = "refund_repayment", _("repayment of a refund annulled on appeal")

    class Status(models.TextChoices):
        DUE = "due", pgettext_lazy("payment", "due")
        APPROVED = "approved", pgettext_lazy("payment", "approved")
        PAID = "paid", pgettext_lazy("payment", "paid")
        RETURNED = "returned", pgettext_lazy("payment", "returned")
        CANCELLED = "cancelled", pgettext_lazy("payment", "cancelled")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payment_orders")
    beneficiary = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="payment_orders",
                                    verbose_name=_("beneficiary"))
    region = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("receiving region"))
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount_kzt = models.PositiveBigIntegerField(_("amount, tenge"))
    article = models.CharField(_("article"), max_length=80)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE, db_index=True)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(_("computed from"), default=dict, blank=True)
    money_hash = models.CharField(_("hash of the money fields"), max_length=64, blank=True)

    objects = PaymentOrderQuerySet.as_manager()

    MONEY_FIELDS = ("beneficiary_id", "measure", "period_start", "period_end", "amount_kzt", "article")

    def money(self) -> dict[str, object]:
        """The fields that say who is paid how much for what: what `money_hash` seals."""
        return {name: getattr(self, name) for name in self.MONEY_FIELDS}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not self.money_hash:
            from .snapshots import money_hash

            self.money_hash = money_hash(self.money())
        super().save(*args, **kwargs)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        constraints = [
            models.UniqueConstraint(fields=["beneficiary", "measure", "period_start"],
                                    condition=~Q(status="cancelled"), name="reloc_order_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="reloc_order_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.period_start.isoformat()} {self.amount_kzt}"


# --- follow-up -----------------------------------------------------------------------------------------------

class FlagQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class FollowUpFlag(AuditedModel):
    class Kind(models.TextChoices):
        DEREGISTERED = "deregistered", _("deregistered from the receiving region")
        NO_CONTRACT = "no_contract", _("no active employment contract for longer than the law allows")
        CONTRACT_ENDED = "contract_ended", _("employment contract ended during follow-up")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag", "open")
        CONFIRMED = "confirmed", pgettext_lazy("flag", "confirmed")
        DISMISSED = "dismissed", pgettext_lazy("flag", "dismissed")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    detected_on = models.DateField(_("detected on"))
    event_date = models.DateField(_("date of the event"))
    article = models.CharField(_("article"), max_length=80)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["detected_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "event_date"], name="reloc_flag_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.event_date.isoformat()})"


class NotificationQuerySet(ScopedQuerySet):
    owner_path = "user"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relocation_notices")
    application = models.ForeignKey(Application, null=True, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40, help_text="A transition's name or a reminder ('forward_due', ...).")
    params = models.JSONField(default=dict)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kind


# --- debts: refunds owed back to the programme (model law art. 11 and art. 19(5)) -----------------------------

class DebtQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "debtor__account"


class Debt(AuditedModel):
    """What a family owes back after a confirmed breach: the amount frozen with the inputs it was computed from.

    The fund carries it as a receivable (fund reads debts through fund/orders.py); repayments are allocated to it
    here, against an instalment plan when one is granted. It ends repaid, exempt (art. 11(3)), written off (two
    signatures), closed by limitation (art. 19(5)) or annulled by an upheld appeal (art. 19(2))."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("debt", "open")
        REPAID = "repaid", pgettext_lazy("debt", "repaid")
        EXEMPT = "exempt", pgettext_lazy("debt", "exempt (art. 11(3))")
        WRITTEN_OFF = "written_off", pgettext_lazy("debt", "written off")
        TIME_BARRED = "time_barred", pgettext_lazy("debt", "closed by limitation")
        ANNULLED = "annulled", pgettext_lazy("debt", "annulled on appeal")

    class Recovery(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("recovery", "active")
        PAUSED = "paused", pgettext_lazy("recovery", "paused while an appeal is open")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="debts")
    refund_order = models.OneToOneField(PaymentOrder, on_delete=models.PROTECT, related_name="debt",
                                        verbose_name=_("refund order"))
    debtor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="relocation_debts",
                               verbose_name=_("debtor"))
    region = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("receiving region"))
    amount_kzt = models.PositiveBigIntegerField(_("amount, tenge"))
    # The frozen inputs: arrival, departure, days served of days owed, subsidy paid, article, rules version.
    arrival = models.DateField(_("arrival"))
    departure = models.DateField(_("departure"))
    days_served = models.PositiveIntegerField(_("days served"))
    days_owed = models.PositiveIntegerField(_("days of the obligation"))
    subsidy_paid_kzt = models.PositiveBigIntegerField(_("subsidy paid, tenge"))
    article = models.CharField(_("article"), max_length=80)
    rules_version = models.CharField(_("rules version"), max_length=60)
    computed_on = models.DateField(_("computed on"))
    due_on = models.DateField(_("due on"))
    limitation_on = models.DateField(_("closed by limitation on"))
    repaid_kzt = models.PositiveBigIntegerField(_("repaid, tenge"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    recovery = models.CharField(_("recovery"), max_length=8, choices=Recovery.choices, default=Recovery.ACTIVE)
    recovery_note = models.CharField(_("why recovery is paused"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    closed_cites = models.CharField(_("cites"), max_length=80, blank=True,
                                    help_text=_("The record that closed it, e.g. the appeal that annulled it."))
    write_off_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    write_off_reason = models.TextField(_("reason for writing off"), blank=True)
    write_off_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DebtQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        constraints = [
            models.CheckConstraint(condition=Q(repaid_kzt__lte=F("amount_kzt")), name="reloc_debt_repaid_within"),
            models.CheckConstraint(condition=Q(write_off_approved_by__isnull=True)
                                   | ~Q(write_off_approved_by=F("write_off_requested_by")),
                                   name="reloc_debt_write_off_two_people"),
            models.CheckConstraint(condition=~Q(status="repaid") | Q(repaid_kzt=F("amount_kzt")),
                                   name="reloc_debt_repaid_in_full"),
        ]

    def __str__(self) -> str:
        return f"{_('Debt')} №{self.pk}"

    @property
    def owed_kzt(self) -> int:
        return self.amount_kzt - self.repaid_kzt if self.status == self.Status.OPEN else 0

    @property
    def case(self) -> str:
        return f"relocation.debt:{self.pk}"


class DebtRepaymentQuerySet(ScopedQuerySet):
    scope_path = "debt__region"
    owner_path = "debt__debtor__account"


class DebtRepayment(AuditedModel):
    """Money repaid against a debt (received by the fund's bank), allocated to the earliest instalments first."""

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="repayments")
    amount_kzt = models.PositiveBigIntegerField(_("amount, tenge"))
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("payment reference"), max_length=64)
    allocation = models.JSONField(_("allocated to instalments"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DebtRepaymentQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_kzt__gt=0), name="reloc_repayment_positive"),
            models.UniqueConstraint(fields=["reference"], name="reloc_repayment_reference_once"),
        ]


class InstalmentPlanQuerySet(ScopedQuerySet):
    scope_path = "debt__region"
    owner_path = "debt__debtor__account"


class InstalmentPlan(AuditedModel):
    """An instalment plan the career centre granted (model law art. 19(5)); the latest active one counts."""

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="plans")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField(_("granted on"))
    reason = models.TextField(_("reason"))
    active = models.BooleanField(default=True)

    objects = InstalmentPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["debt"], condition=Q(active=True),
                                               name="reloc_one_active_plan")]


class Instalment(AuditedModel):
    plan = models.ForeignKey(InstalmentPlan, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount_kzt = models.PositiveBigIntegerField(_("amount, tenge"))
    paid_kzt = models.PositiveBigIntegerField(_("paid, tenge"), default=0)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(paid_kzt__lte=F("amount_kzt")),
                                              name="reloc_instalment_paid_within")]


class ExemptionQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class Exemption(AuditedModel):
    """The career centre's decision that no refund is due (model law art. 11(3)), with its evidence."""

    class Ground(models.TextChoices):
        DEATH = "death", _("death of a family member")
        ILLNESS = "illness", _("serious illness of a family member")
        DISASTER = "disaster", _("a disaster")
        CONSCRIPTION = "conscription", _("conscription")
        TRANSFER = "transfer", _("transfer by the employer")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="exemption")
    ground = models.CharField(_("ground"), max_length=14, choices=Ground.choices)
    evidence = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("evidence"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    article = models.CharField(_("article"), max_length=80, default="model-law/art-11/p-3")

    objects = ExemptionQuerySet.as_manager()


class DebtNoticeQuerySet(ScopedQuerySet):
    scope_path = "debt__region"
    owner_path = "debt__debtor__account"


class DebtNotice(AuditedModel):
    """The notice of a debt sent to the family (PDF in their language) and its delivery."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("handed over in person")
        POST = "post", _("registered post")
        EGOV = "egov", _("eGov personal account")

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="notices")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("delivered by"), max_length=10, choices=Channel.choices, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    objects = DebtNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]


# --- controls: overrides of participation checks, snapshots, budgets (issue 17) ------------------------------

class OverrideQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class ParticipationOverride(AuditedModel):
    """An officer's decision to let an application pass one participation check (relocation/participation.py),
    valid only once a second, different person has approved it: the database refuses one user in both roles."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("override", "awaiting a second approval")
        APPROVED = "approved", pgettext_lazy("override", "approved")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="overrides")
    code = models.CharField(_("check"), max_length=30)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)

    objects = OverrideQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("override of a participation check")
        verbose_name_plural = _("overrides of participation checks")
        constraints = [
            models.UniqueConstraint(fields=["application", "code", "person"], name="reloc_override_once"),
            models.CheckConstraint(condition=~Q(approved_by=F("requested_by")), name="reloc_override_two_people"),
            models.CheckConstraint(
                condition=Q(status="approved", approved_by__isnull=False, approved_at__isnull=False)
                | Q(status="requested", approved_by__isnull=True, approved_at__isnull=True),
                name="reloc_override_approved_has_approver"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.person_id})"


class SnapshotQuerySet(ScopedQuerySet):
    scope_path = "application__receiving_region"
    owner_path = "application__applicant__account"


class DecisionSnapshot(models.Model):
    """What a decision was computed from — the family and its members as the registers held them, the law's
    inputs, the parameters read with their dates, the rules version — and a hash of its money fields.
    Written once with the decision (relocation/snapshots.py); replayed by `snapshots.replay_decision`."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="snapshots")
    decision = models.OneToOneField("law.Decision", on_delete=models.PROTECT, related_name="+")
    family = models.JSONField(_("family as it was"), default=list)
    inputs = models.JSONField(_("inputs"), default=dict)
    parameters = models.JSONField(_("parameters read"), default=list)
    rules_version = models.CharField(_("rules version"), max_length=80)
    money = models.JSONField(_("money fields"), default=dict)
    money_hash = models.CharField(_("hash of the money fields"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("decision snapshot")
        verbose_name_plural = _("decision snapshots")

    def __str__(self) -> str:
        return f"snapshot of decision {self.decision_id}"


class BudgetQuerySet(ScopedQuerySet):
    scope_path = "region"


class Budget(AuditedModel):
    """The money a receiving region may commit to agreements in a year (tenge), entered by the ministry.
    An agreement's total support is committed when it is signed, by one conditional UPDATE (as quotas)."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("receiving region"), on_delete=models.PROTECT,
                               related_name="relocation_budgets")
    amount_kzt = models.PositiveBigIntegerField(_("budget, tenge"))
    committed_kzt = models.PositiveBigIntegerField(_("committed, tenge"), default=0)
    reference = models.CharField(_("budget act"), max_length=200, blank=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="reloc_budget_once"),
            models.CheckConstraint(condition=Q(committed_kzt__lte=F("amount_kzt")), name="reloc_budget_never_exceeded"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region}"

    @property
    def free_kzt(self) -> int:
        return int(self.amount_kzt) - int(self.committed_kzt)
