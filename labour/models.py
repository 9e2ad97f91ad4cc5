"""The register of employment contracts: employers, contracts and their dated entries, job seekers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        "geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT, related_name="employers"
    )
    sector = models.CharField(_("economic sector"), max_length=1, choices=Sector.choices)
    activity = models.ForeignKey(
        "labour.EconomicActivity", verbose_name=_("economic activity (OKED division)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="employers", limit_choices_to={"level": "division"},
    )
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
    internal_migrant = models.BooleanField(
        _("internal migrant"), default=False,
        help_text="The employee came from another region for this job: the employer owes the courses.",
    )
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

    The entry is due within the deadline the law sets from the event (law.deadlines); `days_late` is how
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
    occupation = models.ForeignKey(
        "labour.Occupation", verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    previous_wage_kzt = models.PositiveBigIntegerField(_("previous monthly wage, tenge"), null=True, blank=True)
    family_size = models.PositiveSmallIntegerField(_("family size"), default=1)
    preferred_regions = models.JSONField(
        _("preferred regions"), default=list, blank=True,
        help_text="ISO codes of the regions the person would move to, most wanted first (at most three).",
    )
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


# --- classifications ---------------------------------------------------------------------------------------

class Titled(models.Model):
    """A classification entry with titles in Kazakh, Russian and English; `title` is the reader's language."""

    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, 'code', '')} {self.title}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "en")[:2]
        return getattr(self, f"title_{lang}", None) or self.title_en


class EconomicActivity(Titled):
    """OKED (НК РК 03-2019): sections (a letter) and divisions (two digits); labour/data/SOURCE.md."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=[("section", _("section")),
                                                                  ("division", _("division"))])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("economic activity (OKED)")
        verbose_name_plural = _("economic activities (OKED)")


class Occupation(Titled):
    """ISCO-08: major groups (one digit) and sub-major groups (two digits); labour/data/SOURCE.md."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=[("major", _("major group")),
                                                                  ("sub-major", _("sub-major group"))])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (ISCO-08)")
        verbose_name_plural = _("occupations (ISCO-08)")


# --- vacancies ---------------------------------------------------------------------------------------------

class Housing(models.TextChoices):
    NONE = "none", _("no housing")
    DORMITORY = "dormitory", _("dormitory")
    SERVICE_FLAT = "service_flat", _("service flat")


class VacancyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vacancy", "open")
    FILLED = "filled", pgettext_lazy("vacancy", "filled")
    EXPIRED = "expired", pgettext_lazy("vacancy", "closed at its closing date")
    WITHDRAWN = "withdrawn", pgettext_lazy("vacancy", "withdrawn")


class VacancyQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "employer__users"

    def open_on(self, day):
        return self.filter(status=VacancyStatus.OPEN, closes_on__gte=day)


class Vacancy(AuditedModel):
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="vacancies")
    title = models.CharField(_("position"), max_length=200)
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    settlement = models.CharField(_("settlement"), max_length=200)
    occupation = models.ForeignKey(Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT,
                                   related_name="vacancies", limit_choices_to={"level": "sub-major"})
    places = models.PositiveIntegerField(_("places"))
    places_filled = models.PositiveIntegerField(_("places filled"), default=0)
    wage_kzt = models.PositiveBigIntegerField(_("monthly wage, tenge"))
    housing = models.CharField(_("housing"), max_length=12, choices=Housing.choices, default=Housing.NONE)
    housing_rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    starts_on = models.DateField(_("start date"))
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(_("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=models.Q(places__gt=0), name="labour_vacancy_places_positive"),
            models.CheckConstraint(condition=models.Q(places_filled__lte=models.F("places")),
                                   name="labour_vacancy_not_overfilled"),
            models.CheckConstraint(
                condition=models.Q(housing="service_flat", housing_rooms__gte=1)
                | (~models.Q(housing="service_flat") & models.Q(housing_rooms__isnull=True)),
                name="labour_vacancy_rooms_only_for_flats"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer.name}"

    @property
    def places_free(self) -> int:
        return self.places - self.places_filled


# --- matching ----------------------------------------------------------------------------------------------

class MatchRunQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = None


class MatchRun(AuditedModel):
    """One solved matching: for a receiving region (a career centre's run) or the whole country (region None)."""

    on = models.DateField(_("date"))
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    candidates = models.PositiveIntegerField(_("candidates"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    arcs = models.PositiveIntegerField(_("feasible pairs"), default=0)
    objective = models.BigIntegerField(_("total score"), default=0)
    excluded = models.JSONField(_("vacancies left out"), default=list, blank=True)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.on} {self.region.code if self.region else 'KZ'}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("to review")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "accepted")
    REJECTED = "rejected", pgettext_lazy("proposal", "rejected")


class ProposalQuerySet(ScopedQuerySet):
    scope_path = "vacancy__region"
    owner_path = "vacancy__employer__users"


class MatchProposal(AuditedModel):
    """A person proposed for a vacancy by a run, with the score's parts that explain it."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT,
                                related_name="proposals")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="match_proposals")
    source = models.CharField(_("source"), max_length=40, default="job_seeker")
    score = models.PositiveIntegerField(_("score"))
    parts = models.JSONField(_("score's parts"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")

    def __str__(self) -> str:
        return f"{self.person} → {self.vacancy}"


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("awaiting the answer")
    ACCEPTED = "accepted", pgettext_lazy("offer", "accepted")
    DECLINED = "declined", pgettext_lazy("offer", "declined")


class OfferQuerySet(ScopedQuerySet):
    scope_path = "vacancy__region"
    owner_path = "person__account"


class JobOffer(AuditedModel):
    """An accepted proposal sent to the person, who accepts or declines it; an acceptance fills a place."""

    proposal = models.OneToOneField(MatchProposal, on_delete=models.PROTECT, related_name="offer")
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="offers")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="job_offers")
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")

    def __str__(self) -> str:
        return f"{self.vacancy} — {self.person}"


# --- courses -------------------------------------------------------------------------------------------------

class CourseKind(models.TextChoices):
    STATE_LANGUAGE = "state_language", _("state language (Kazakh)")
    LEGAL_LITERACY = "legal_literacy", _("legal literacy")


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")


class ProviderQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = None


class CourseProvider(AuditedModel):
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("course provider")
        verbose_name_plural = _("course providers")

    def __str__(self) -> str:
        return self.name


class CourseQuerySet(ScopedQuerySet):
    scope_path = "provider__region"
    owner_path = None


class Course(AuditedModel):
    provider = models.ForeignKey(CourseProvider, verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="courses")
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"))
    format = models.CharField(_("format"), max_length=10, choices=CourseFormat.choices)
    price_kzt = models.PositiveBigIntegerField(_("price, tenge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="labour_course_hours_positive")]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h)"


class DutyQuerySet(ScopedQuerySet):
    scope_path = "contract__workplace_unit"
    owner_path = "contract__employer__users"

    def overdue_on(self, day):
        """Duties whose deadline passed on `day` with no enrolment by then."""
        return self.filter(due_date__lt=day).exclude(enrolment__enrolled_on__lte=day)


class CourseDuty(AuditedModel):
    """The employer's duty to enrol a hired internal migrant in one kind of course by the law's deadline
    (model law art. 14(2), law.deadlines.course_enrolment_deadline), created when the contract is entered."""

    contract = models.ForeignKey(EmploymentContract, on_delete=models.CASCADE, related_name="course_duties")
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    due_date = models.DateField(_("enrol by"))
    article = models.CharField(_("article"), max_length=100)

    objects = DutyQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("course duty")
        verbose_name_plural = _("course duties")
        constraints = [models.UniqueConstraint(fields=["contract", "kind"], name="labour_one_duty_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.contract.employee}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", pgettext_lazy("course", "completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("course", "withdrawn")


class EnrolmentQuerySet(ScopedQuerySet):
    scope_path = "duty__contract__workplace_unit"
    owner_path = "duty__contract__employer__users"


class Enrolment(AuditedModel):
    """A hired migrant enrolled on a course, paid by the employer; attendance adds up to completion."""

    duty = models.OneToOneField(CourseDuty, on_delete=models.PROTECT, related_name="enrolment")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments")
    enrolled_on = models.DateField(_("enrolled on"))
    payer = models.ForeignKey(Employer, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.course} — {self.duty.contract.employee}"

    @property
    def hours_attended(self) -> int:
        return sum(a.hours for a in self.attendance.all())


class Attendance(AuditedModel):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    on = models.DateField(_("date"))
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "on"], name="labour_one_attendance_a_day"),
                       models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=12),
                                              name="labour_attendance_hours_bounded")]


# --- the akimat–employer channel --------------------------------------------------------------------------------

class NoticeKind(models.TextChoices):
    NEWS = "news", _("programme news")
    QUOTA = "quota", _("quota left")
    FAIR = "fair", _("job fair")


class NoticeQuerySet(ScopedQuerySet):
    scope_path = "region"
    owner_path = "region__employers__users"


class Notice(AuditedModel):
    """A career centre's or akimat's notice to the employers of its region; a job fair has a date and place."""

    region = models.ForeignKey("geo.TerritorialUnit", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="labour_notices")
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))
    fair_date = models.DateField(_("date of the fair"), null=True, blank=True)
    fair_place = models.CharField(_("place of the fair"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("notice to employers")
        verbose_name_plural = _("notices to employers")
        constraints = [models.CheckConstraint(
            condition=~models.Q(kind="fair") | models.Q(fair_date__isnull=False),
            name="labour_fair_has_a_date")]

    def __str__(self) -> str:
        return self.title


class ReplyQuerySet(ScopedQuerySet):
    scope_path = "notice__region"
    owner_path = "employer__users"


class NoticeReply(AuditedModel):
    """An employer's answer to a notice; for a fair, a registration with the vacancies it brings."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="replies")
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("answer"), blank=True)
    attends_fair = models.BooleanField(_("takes part in the fair"), default=False)
    vacancies = models.ManyToManyField(Vacancy, verbose_name=_("vacancies offered"), blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer to a notice")
        verbose_name_plural = _("answers to notices")
        constraints = [models.UniqueConstraint(fields=["notice", "employer"], name="labour_one_reply_per_employer")]


class FairInvitation(AuditedModel):
    """A person (job seeker or programme participant) invited to a job fair by the career centre."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="labour_invite_once")]
