"""Persons identified by IIN, and families for the relocation programme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedModel
from accounts.scoping import ScopedQuerySet

from .iin import InvalidIIN, parse_iin

IIN_ERRORS = {
    "digits": _("The IIN must contain digits only."),
    "length": _("The IIN must have exactly 12 digits."),
    "century": _("The 7th digit of the IIN (century and sex) must be from 1 to 6."),
    "date": _("The first six digits of the IIN are not a real birth date (YYMMDD)."),
    "checksum": _("The check digit of the IIN (the 12th) does not match: the number is mistyped."),
}


def validate_iin(value: str) -> None:
    try:
        parse_iin(value)
    except InvalidIIN as exc:
        raise ValidationError(IIN_ERRORS[exc.part], code=f"iin_{exc.part}") from exc


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonQuerySet(ScopedQuerySet):
    scope_path = "home_unit"
    owner_path = "account"


class Person(AuditedModel):
    # Unique by the constraint below: ONE index serves both the equality lookups and the search by an IIN's first
    # digits (a pattern index answers `=` too), where `unique=True` makes two on PostgreSQL — each row written
    # twice, and every mover's home region moved by the bulk import rewrites all of the row's index entries.
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=3, default="KZ", help_text="ISO 3166-1 alpha-2.")
    home_unit = models.ForeignKey(
        "geo.TerritorialUnit",
        verbose_name=_("region of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        help_text="Region of the active permanent registration; the axis of territorial access.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [models.UniqueConstraint(fields=["iin"], name="people_person_iin_unique",
                                               opclasses=["varchar_pattern_ops"])]

    NAME_FIELDS = ("surname", "given_name", "patronymic")  # what full_name is made of, in its order

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (getattr(self, f) for f in self.NAME_FIELDS) if p)

    @classmethod
    def full_name_in(cls, row: Mapping[str, Any], relation: str) -> str:
        """`full_name` of the person read through `relation` into a `.values()` row (its `name_fields`)."""
        return " ".join(p for p in (row[f"{relation}__{f}"] for f in cls.NAME_FIELDS) if p)

    @classmethod
    def name_fields(cls, relation: str) -> tuple[str, ...]:
        """The name's columns through `relation`, for `.only()` or `.values()` of a query that shows a related person's
        name."""
        return tuple(f"{relation}__{name}" for name in cls.NAME_FIELDS)

    def clean(self) -> None:
        """The birth date and sex must agree with what the IIN encodes."""
        try:
            info = parse_iin(self.iin)
        except InvalidIIN:
            return  # the field validator reports it
        errors = {}
        if self.birth_date and self.birth_date != info.birth_date:
            errors["birth_date"] = _("The birth date does not match the one encoded in the IIN.")
        if self.sex and self.sex != info.sex:
            errors["sex"] = _("The sex does not match the one encoded in the IIN.")
        if errors:
            raise ValidationError(errors)

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class Relation(models.TextChoices):
    HEAD = "head", _("Head of family")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other relative")


class FamilyQuerySet(ScopedQuerySet):
    scope_path = "head__home_unit"
    owner_path = "head__account"


class Family(AuditedModel):
    head = models.ForeignKey(Person, verbose_name=_("head"), on_delete=models.PROTECT, related_name="headed_families")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return str(_("Family of %(head)s") % {"head": self.head})


class FamilyMember(AuditedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["family", "person"], name="people_member_once_per_family"),
            models.UniqueConstraint(
                fields=["family"], condition=models.Q(relation="head"), name="people_one_head_per_family"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"
