"""The register of employment contracts: employers, contracts and their dated entries, job seekers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet

from .bin import InvalidBIN, parse_bin

BIN_ERRORS = {
    "digits": _("The BIN must contain digits only."),
    "length": _("The BIN must have exactly 12 digits."),
    "checksum": _("The check digit of the BIN (the 12th) does not match: the number is mistyped."),
}


def validate_bin(value: str) -> None:
    try:
        parse_bin(value)
    except InvalidBIN as exc:
        raise ValidationError(BIN_ERRORS[exc.part], code=f"bin_{exc.part}") from exc


class Sector(models.TextChoices):
    """Sections of the General Classifier of Economic Activities (OKED, after NACE Rev. 2)."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply, sewerage, waste management")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service")  # noqa: E741
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration and defence")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Human health and social work")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")


class EmployerQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "users"


class Employer(AuditedModel):
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("economic sector"), max_length=1, choices=Sector.choices)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("users"), blank=True, related_name="employers",
        help_text="Accounts that act for this employer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"


class Term(models.TextChoices):
    INDEFINITE = "indefinite", _("indefinite term")
    FIXED = "fixed", _("fixed term")


class ContractQuerySet(ScopedQuerySet):
    scope_path = "workplace_unit"
    owner_path = "employer__users"

    def active_on(self, day):
        return self.filter(start_date__lte=day).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        ).filter(models.Q(terminated_on__isnull=True) | models.Q(terminated_on__gt=day))


class EmploymentContract(AuditedModel):
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="contracts")
    employee = models.ForeignKey(
        "people.Person", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="contracts"
    )
    position = models.CharField(_("position"), max_length=200)
    workplace_unit = models.ForeignKey(
        "geo.TerritorialUnit", verbose_name=_("place of work"), on_delete=models.PROTECT, related_name="+",
        help_text="The region or district where the work is done.",
    )
    start_date = models.DateField(_("start date"))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.INDEFINITE)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text="Only for a fixed term.")
    wage_kzt = models.PositiveBigIntegerField(_("monthly wage, tenge"))
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("employment contract")
        verbose_name_plural = _("employment contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term="indefinite", end_date__isnull=True)
                | models.Q(term="fixed", end_date__isnull=False, end_date__gte=models.F("start_date")),
                name="labour_contract_term_dates",
            ),
            models.CheckConstraint(condition=models.Q(wage_kzt__gt=0), name="labour_contract_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.employer.name}"

    def is_active_on(self, day) -> bool:
        return (
            self.start_date <= day
            and (self.end_date is None or self.end_date >= day)
            and (self.terminated_on is None or self.terminated_on > day)
        )


class EntryKind(models.TextChoices):
    NEW = "new", _("new contract")
    CHANGE = "change", _("change")
    TERMINATION = "termination", _("termination")


class ContractEntryQuerySet(ScopedQuerySet):
    scope_path = "contract__workplace_unit"
    owner_path = "contract__employer__users"


class ContractEntry(AuditedModel):
    """One dated entry in the register: a new contract, a change of it, or its termination.

    The entry is due within the deadline the law sets from the event (law.services); `days_late` is how
    many days (of the kind the law counts) the entry was made after that deadline, 0 when on time.
    """

    contract = models.ForeignKey(EmploymentContract, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    event_date = models.DateField(_("date of the event"))
    registered_on = models.DateField(_("entered on"))
    due_date = models.DateField(_("due by"))
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    article = models.CharField(_("article"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractEntryQuerySet.as_manager()

    class Meta:
        ordering = ["event_date", "id"]
        verbose_name = _("contract entry")
        verbose_name_plural = _("contract entries")
        constraints = [
            models.UniqueConstraint(
                fields=["contract"], condition=models.Q(kind="new"), name="labour_one_new_entry_per_contract"
            ),
            models.UniqueConstraint(
                fields=["contract"], condition=models.Q(kind="termination"),
                name="labour_one_termination_per_contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_date}"

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class SeekerStatus(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("job seeker")
    UNEMPLOYED = "unemployed", _("unemployed")


class JobSeekerQuerySet(ScopedQuerySet):
    scope_path = "unit"
    owner_path = "person__account"

    def open_on(self, day):
        return self.filter(registered_on__lte=day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))


class JobSeeker(AuditedModel):
    """A person registered at an employment centre as a job seeker or as unemployed."""

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="job_seeking")
    unit = models.ForeignKey(
        "geo.TerritorialUnit", verbose_name=_("employment centre's unit"), on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(_("status"), max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.JOB_SEEKER)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JobSeekerQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(ended_on__isnull=True), name="labour_one_open_seeker_record"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("registered_on")),
                name="labour_seeker_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"
