"""Records of the appeals room: appeals against programme decisions and grievances (model law art. 19).

An appeal names the decision it contests (a refusal, a place on the waiting list, an amount, a confirmed breach,
a refund demand), who took it, and is decided by someone else (a CHECK constraint holds it); what an upheld appeal
annuls is done by relocation's and the fund's services, with entries citing `appeals.appeal:<id>`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet
from lib.uploads import UploadedDocument


class Subject(models.TextChoices):
    REFUSAL = "refusal", _("refusal of the application")
    WAITING_LIST = "waiting_list", _("place on the waiting list")
    AMOUNT = "amount", _("amount of a support measure")
    BREACH = "breach", _("confirmed breach of the obligations")
    REFUND = "refund", _("refund demand (debt)")


class AppealQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "appellant__account"


class Appeal(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("appeal", "open")
        UPHELD = "upheld", pgettext_lazy("appeal", "upheld")
        DISMISSED = "dismissed", pgettext_lazy("appeal", "dismissed")

    application = models.ForeignKey("relocation.Application", on_delete=models.PROTECT, related_name="appeals",
                                     verbose_name=_("application"))
    debt = models.ForeignKey("relocation.Debt", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="appeals", verbose_name=_("debt"))
    subject = models.CharField(_("decision contested"), max_length=14, choices=Subject.choices)
    decision_ref = models.CharField(_("decision"), max_length=80)
    decision_author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("author of the decision"))
    decision_date = models.DateField(_("date of the decision"))
    appellant = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="appeals",
                                  verbose_name=_("appellant"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    reasons = models.TextField(_("reasons"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    filed_on = models.DateField(_("filed on"))
    deadline = models.DateField(_("last day to appeal"))
    decide_by = models.DateField(_("to be decided by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    reversed = models.JSONField(_("what it annulled"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["decide_by", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | Q(decision_author__isnull=True)
                                   | ~Q(decided_by=F("decision_author")), name="appeal_decided_by_another"),
            models.UniqueConstraint(fields=["application", "subject"], condition=Q(status="open"),
                                    name="appeal_one_open_per_decision"),
            models.CheckConstraint(condition=Q(filed_on__lte=F("deadline")), name="appeal_within_deadline"),
        ]

    def __str__(self) -> str:
        return f"{_('Appeal')} №{self.pk}"

    @property
    def case(self) -> str:
        return f"appeals.appeal:{self.pk}"


class AppealDocumentQuerySet(ScopedQuerySet):
    scope_path = "appeal__region"
    owner_path = "appeal__appellant__account"


def document_path(instance: AppealDocument, filename: str) -> str:
    return f"appeals/{instance.appeal_id}/{filename}"


class AppealDocument(UploadedDocument, AuditedModel):
    """Evidence filed with an appeal (the upload fields and their order: lib.uploads.UploadedDocument)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)

    objects = AppealDocumentQuerySet.as_manager()


class GrievanceQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "person__account"


class Grievance(AuditedModel):
    """A complaint that contests no decision (model law art. 19(4)), routed to the territory it concerns."""

    class Kind(models.TextChoices):
        PAYMENT_NOT_RECEIVED = "payment", _("a payment not received")
        CONDUCT = "conduct", _("an officer's conduct")
        WRONG_REGISTRATION = "registration", _("a wrong registration")
        OTHER = "other", pgettext_lazy("grievance", "other")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("grievance", "awaiting an answer")
        ANSWERED = "answered", pgettext_lazy("grievance", "answered")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="grievances",
                               verbose_name=_("person"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("geo.TerritorialUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("territory"))
    application = models.ForeignKey("relocation.Application", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="grievances", verbose_name=_("application"))
    text = models.TextField(_("grievance"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    filed_on = models.DateField(_("filed on"))
    answer_due = models.DateField(_("to be answered by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        ordering = ["answer_due", "id"]
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")

    def __str__(self) -> str:
        return f"{_('Grievance')} №{self.pk}"
