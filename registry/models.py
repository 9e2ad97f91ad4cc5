"""The residence register: registrations, the migration events they yield, violations, import batches."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.audit import AuditedModel
from accounts.immutable import ImmutableModel, ImmutableQuerySet
from accounts.scoping import ScopedQuerySet


class Kind(models.TextChoices):
    PERMANENT = "permanent", _("permanent (place of residence)")
    TEMPORARY = "temporary", _("temporary (place of stay)")


class Procedure(models.TextChoices):
    STANDARD = "standard", _("standard, with the owner's consent")
    SIMPLIFIED = "simplified", _("simplified, by the employer or career centre")
    PREFERENTIAL = "preferential", _("preferential, for an internally displaced person")


class Premises(models.TextChoices):
    FLAT = "flat", _("flat")
    HOUSE = "house", _("house")
    DORMITORY = "dormitory", _("dormitory")
    HOTEL = "hotel", _("hotel")
    SERVICE = "service", _("service housing")
    SOCIAL = "social", _("social or temporary housing")
    OTHER = "other", _("other premises")


class Reason(models.TextChoices):
    WORK = "work", _("work")
    STUDY = "study", _("study")
    FAMILY = "family", _("family")
    RELOCATION = "relocation", _("relocation programme")
    OTHER = "other", _("other")


class Source(models.TextChoices):
    FORM = "form", _("web form")
    API = "api", _("API")
    IMPORT = "import", _("bulk import")
    DEMO = "demo", _("demo data")


class EndReason(models.TextChoices):
    SUPERSEDED = "superseded", _("registered at another address")
    DEREGISTERED = "deregistered", _("deregistered")
    LEFT_COUNTRY = "left_country", _("left the country")
    EXPIRED = "expired", _("stay ended")


class RegistrationQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "person__account"

    def active(self, on: dt.date | None = None):
        """Registrations in force on `on` (default today): not ended, and permanent or with a stay that still runs.

        A temporary registration's `valid_until` is the last day of the stay, and that day is still in force: a
        stay "until" a date runs to the end of that date, as the Civil Code counts any time limit set by a date
        (it expires at the end of its last day), and as eGov's "registered until" is read. So a stay is in force
        while `valid_until >= on` and has ended from `valid_until + 1` — the day `services.end_expired_stays` writes
        as `ended_on`, like every other end in the register (`ended_on` is the first day no longer in force).
        This reads the register as it stands; a stay past its last day is ended here whether or not the daily
        `end_expired_stays` has written it yet. `Registration.in_force` is the same rule for one row.
        """
        on = on or timezone.localdate()
        return self.filter(models.Q(kind=Kind.PERMANENT) | models.Q(valid_until__gte=on), is_active=True)


class Registration(AuditedModel):
    """One registration of a person at an address: permanent, or temporary until `valid_until`.

    Indexes are the ones the pages' and the API's queries use (registry/README.md, "Indexes"): the person's
    lookups go through (person, kind, is_active); district, previous unit and batch are never searched by, so their
    foreign keys carry no index of their own (each costs every insert, as the import's profile showed).
    """

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               db_index=False, related_name="registrations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    procedure = models.CharField(_("procedure"), max_length=12, choices=Procedure.choices)
    # Address
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    district = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("district or city district"), null=True,
                                 blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    settlement = models.CharField(_("settlement"), max_length=120)
    street = models.CharField(_("street"), max_length=160)
    building = models.CharField(_("building"), max_length=20)
    flat = models.CharField(_("flat"), max_length=20, blank=True)
    premises = models.CharField(_("type of premises"), max_length=10, choices=Premises.choices)
    # Dates
    arrival_date = models.DateField(_("date of arrival"))
    registered_on = models.DateField(_("date of registration"))
    valid_until = models.DateField(_("registered until"), null=True, blank=True,
                                   help_text="Last day of a temporary registration.")
    is_active = models.BooleanField(_("active"), default=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=14, choices=EndReason.choices, blank=True)
    # Where the person came from, as declared (used when the register holds no earlier registration)
    from_abroad = models.BooleanField(_("arrived from abroad"), default=False)
    previous_region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("previous region"), null=True,
                                        blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    previous_district = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("previous district"), null=True,
                                          blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    reason = models.CharField(_("reason for moving"), max_length=10, choices=Reason.choices, blank=True)
    # Standard procedure
    owner_iin = models.CharField(_("owner's IIN"), max_length=12, blank=True)
    owner_consent_at = models.DateTimeField(_("owner's consent given at"), null=True, blank=True)
    # Simplified procedure
    contract = models.ForeignKey("labour.EmploymentContract", verbose_name=_("employment contract"), null=True,
                                 blank=True, on_delete=models.PROTECT, db_index=False, related_name="registrations")
    registering_body = models.CharField(_("registered by (employer or career centre)"), max_length=200, blank=True)
    # Preferential procedure
    decision_number = models.CharField(_("decision number of the local executive body"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    # Provenance
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.FORM)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      db_index=False, related_name="+", verbose_name=_("registered by"))  # never searched by (README, "Indexes")
    batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.PROTECT,
                              db_index=False, related_name="registrations", verbose_name=_("import batch"))
    natural_key = models.CharField(_("natural key"), max_length=64, null=True, blank=True, unique=True,
                                   help_text="Hash of an imported row's content: the same row never enters twice.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["person", "kind", "is_active"], name="registry_reg_person_active"),
                   # only the simplified procedure's rows name a contract: the others need no entry
                   models.Index(fields=["contract"], condition=models.Q(contract__isnull=False),
                                name="registry_reg_contract")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(kind="permanent", is_active=True),
                name="registry_one_active_permanent_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="permanent", valid_until__isnull=True)
                | models.Q(kind="temporary", valid_until__isnull=False, valid_until__gt=models.F("arrival_date")),
                name="registry_temporary_has_end_date",
            ),
            models.CheckConstraint(
                condition=models.Q(registered_on__gte=models.F("arrival_date")),
                name="registry_registered_after_arrival",
            ),
            models.CheckConstraint(
                condition=~models.Q(procedure="standard") | (
                    ~models.Q(owner_iin="") & models.Q(owner_consent_at__isnull=False)),
                name="registry_standard_has_owner_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(procedure="preferential") | (
                    ~models.Q(decision_number="") & models.Q(decision_date__isnull=False)),
                name="registry_preferential_has_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(is_active=True, ended_on__isnull=True) | models.Q(is_active=False),
                name="registry_active_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.address}"

    @property
    def address(self) -> str:
        parts = [self.settlement, self.street, self.building]
        if self.flat:
            parts.append(str(_("flat %(flat)s") % {"flat": self.flat}))
        return ", ".join(p for p in parts if p)

    @property
    def unit(self):
        """The finest unit of the address: the district if known, else the region."""
        return self.district if self.district_id else self.region

    def in_force(self, on: dt.date | None = None) -> bool:
        """In force on `on` (default today): the rule of `RegistrationQuerySet.active`, for one registration."""
        if not self.is_active:
            return False
        return self.kind != Kind.TEMPORARY or self.valid_until is None or self.valid_until >= (
            on or timezone.localdate())

    def end(self, on: dt.date | None = None) -> tuple[str, dt.date | None] | None:
        """(reason, first day no longer in force) once the registration has ended by `on`, else None.

        A stay past its last day that `end_expired_stays` has not written yet reads as it will be written:
        ended as `expired` on the day after `valid_until`.
        """
        if self.in_force(on):
            return None
        if self.is_active and self.valid_until is not None:
            return EndReason.EXPIRED, self.valid_until + dt.timedelta(days=1)
        return self.end_reason, self.ended_on

    @property
    def is_in_force(self) -> bool:
        """In force today (for templates)."""
        return self.in_force()

    @property
    def status(self) -> str:
        """The status shown to people: "active", or the reason for the end and its date."""
        end = self.end()
        if end is None:
            return str(_("active"))
        reason, day = end
        label = str(EndReason(reason).label) if reason in EndReason.values else str(_("ended"))
        return f"{label} {day.isoformat()}" if day else label


class ViolationQuerySet(ScopedQuerySet):
    scope_path = "registration__region"
    owner_path = "registration__person__account"


class Outcome(models.TextChoices):
    """The liability the law gives a late registration (law.services.RegistrationPenalty.outcome)."""

    WARNING = "warning", _("warning")
    FINE = "fine", _("fine")


class Violation(AuditedModel):
    """A late registration: found when the registration was made, with the outcome in force that day."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="violation")
    days_late = models.PositiveIntegerField(_("days late"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    amount_kzt = models.PositiveBigIntegerField(_("fine, tenge"), default=0)
    article = models.CharField(_("article"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registration violation")
        verbose_name_plural = _("registration violations")

    def __str__(self) -> str:
        return f"{self.outcome}: {self.days_late}"


class EventKind(models.TextChoices):
    INTERNAL = "internal", _("internal move")
    INTERNATIONAL_ARRIVAL = "international_arrival", _("arrival from abroad")
    INTERNATIONAL_DEPARTURE = "international_departure", _("departure abroad")


class EventQuerySet(ImmutableQuerySet):
    scope_path = "recorded_in"
    owner_path = "person__account"

    def effective(self):
        """Events not replaced by a later correction, and not themselves annulments.

        NOT EXISTS, not `corrected_by__isnull`: Django writes the latter as a LEFT JOIN filtered on the joined id
        IS NULL, which PostgreSQL does not see as an anti-join and estimates at one row — the events list then
        sorted the whole table (2.7 s for page 1 of 90,000 events; 6 ms as an anti-join on the index)."""
        return self.filter(~Exists(self.model.objects.filter(corrects=OuterRef("pk"))), annulled=False)


class MigrationEvent(ImmutableModel, AuditedModel):
    """A fact: a person changed permanent residence on a date. Never edited; a later event corrects it.

    Origin and destination are the region and district (null region = abroad). Age and sex are as on the
    event's date. `corrects` points to the event this one replaces; an annulment says the corrected
    event did not happen (it has no effect of its own).
    """

    immutable_message = "Migration events are facts: correct them with a new event."

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="migration_events")
    event_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    origin_region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region of departure"), null=True,
                                      blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    origin_district = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("district of departure"), null=True,
                                        blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    destination_region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region of arrival"), null=True,
                                           blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    destination_district = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("district of arrival"),
                                             null=True, blank=True, on_delete=models.PROTECT, db_index=False, related_name="+")
    age = models.PositiveSmallIntegerField(_("age"))
    sex = models.CharField(_("sex"), max_length=6)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, blank=True)
    recorded_in = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("recorded in"), on_delete=models.PROTECT,
                                    related_name="+", help_text="The region whose register recorded the event.")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="events")
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by", verbose_name=_("corrects"))
    annulled = models.BooleanField(_("annuls the corrected event"), default=False)
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = _("migration event")
        verbose_name_plural = _("migration events")
        indexes = [models.Index(fields=["event_date", "id"], name="registry_event_date_id")]  # keyset pages
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="internal", origin_region__isnull=False, destination_region__isnull=False)
                | models.Q(kind="international_arrival", origin_region__isnull=True,
                           destination_region__isnull=False)
                | models.Q(kind="international_departure", origin_region__isnull=False,
                           destination_region__isnull=True),
                name="registry_event_kind_matches_ends",
            ),
            models.CheckConstraint(
                condition=models.Q(annulled=False) | models.Q(corrects__isnull=False),
                name="registry_annulment_corrects_an_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_date} {self.get_kind_display()}"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("importing")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportBatchQuerySet(ScopedQuerySet):
    scope_path = "scope_unit"
    owner_path = "uploaded_by"


class ImportBatch(AuditedModel):
    """One imported file: its hash (a file is imported once), progress, and counts."""

    file_name = models.CharField(_("file"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    scope_unit = models.ForeignKey("geo.TerritorialUnit", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="The uploader's territory.")
    status = models.CharField(_("status"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    stored_rows = models.PositiveIntegerField(_("rows stored"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("rows already in the register"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    error = models.TextField(_("error"), blank=True)
    notes = models.TextField(pgettext_lazy("import batch", "notes"), blank=True, help_text="What the import ignored, e.g. columns without a header.")
    file_path = models.CharField(max_length=500, blank=True,
                                 help_text="The uploaded file, kept until the batch is done (to run it again).")
    resume_line = models.PositiveBigIntegerField(default=1, help_text="The last line of the file committed.")
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="When the worker last committed a chunk.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportBatchQuerySet.as_manager()

    # The worker's bookkeeping (progress, heartbeat, where the file waits) is not history: the trail keeps who
    # uploaded which file, and every row the batch stored has its own record naming the batch.
    audit_exclude = ("status", "total_rows", "processed_rows", "stored_rows", "duplicate_rows", "rejected_rows",
                     "error", "notes", "file_path", "resume_line", "heartbeat_at", "started_at", "finished_at")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return self.file_name

    STALE_AFTER = dt.timedelta(minutes=5)

    @property
    def interrupted(self) -> bool:
        """Running or waiting, but no chunk committed for a while: its worker was killed."""
        if self.status not in (BatchStatus.RUNNING, BatchStatus.PENDING):
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return last is None or timezone.now() - last > self.STALE_AFTER

    @property
    def may_run_again(self) -> bool:
        """A failed or interrupted batch can be run again (from its last committed chunk)."""
        return self.status == BatchStatus.FAILED or self.interrupted


class ImportRejection(models.Model):
    """One rejected row of an import: its line in the file, the field, and why. The reason is kept as its code
    and parameters and worded when read, in the reader's language (importer.reports.reason_text); `reason` holds
    only a text of before migration 0013 that matched no code, shown as stored."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("line"))
    field = models.CharField(_("field"), max_length=40)
    code = models.CharField(_("reason code"), max_length=40, blank=True, default="")
    params = models.JSONField(_("parameters of the reason"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["batch", "line"], name="registry_rejection_line")]

    def __str__(self) -> str:
        return f"{self.line}: {self.field}"


class EventCount(models.Model):
    """The effective migration events counted by month, kind, origin, destination, sex and age band: kept by the
    database as events are written (PostgreSQL: a statement trigger on the events table adds one row per cell a
    statement touches, -1 for an event a correction replaces; migrations 0008 and 0011), so the register's
    statistics read thousands of cells instead of millions of events. Rows are deltas, summed when read and
    compacted by `manage.py compact_event_counts` (a daily task); only inserts, so a writer never waits for another.
    Ages are kept by band (`age_band` = the band's lower bound in AGE_BANDS, the statistics' age groups): a cube
    asking for these bands, or coarser ones made of them, is read here; one by year of age counts the events.
    Each cell is kept in the four shapes the pages ask for (migration 0011's grouping sets): by month or by year,
    by sex and age band or for all persons (sex and age_band null) — so a query sums only rows of its shape."""

    AGE_BANDS = (0, 15, 25, 35, 45, 55, 65)  # as the trigger of migration 0011 counts them

    month = models.DateField()
    kind = models.CharField(max_length=24)
    origin_region = models.ForeignKey("geo.TerritorialUnit", null=True, on_delete=models.DO_NOTHING,
                                      db_constraint=False, db_index=False, related_name="+")
    destination_region = models.ForeignKey("geo.TerritorialUnit", null=True, on_delete=models.DO_NOTHING,
                                           db_constraint=False, db_index=False, related_name="+")
    grain = models.CharField(max_length=5)  # "month", or "year" (then `month` is the year's first day)
    sex = models.CharField(max_length=6, null=True)  # null, with age_band: a row of all persons
    age_band = models.PositiveSmallIntegerField(null=True)
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["grain", "month"], name="registry_count_grain_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.kind} {self.n}"
