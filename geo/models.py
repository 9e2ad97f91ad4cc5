"""Territorial units of Kazakhstan, dated, with their history and population."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", pgettext_lazy("kind of unit", "Region")
    CITY = "city", _("City of republican significance")
    DISTRICT = "district", _("District")


NAME_LANGUAGES = ("kk", "ru", "en")  # a unit's names, one column each; English when the active language has none


def _name_language() -> str:
    lang = (get_language() or "kk")[:2]
    return lang if lang in NAME_LANGUAGES else "en"


class TerritorialUnitQuerySet(models.QuerySet):
    def current(self) -> Any:
        return self.filter(valid_to__isnull=True)

    def first_level(self) -> Any:
        return self.filter(kind__in=[UnitKind.REGION, UnitKind.CITY])

    def in_force_on(self, day: Any) -> Any:
        return self.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))

    def within(self, unit: TerritorialUnit | None) -> Any:
        """The unit and everything below it; None (the whole country) is everything."""
        if unit is None:
            return self
        return self.filter(path__startswith=unit.path)


class TerritorialUnit(models.Model):
    """One version of a unit: a change of territory makes a new version with new dates.

    `code` is the ISO 3166-2:KZ code (numeric since 2022, e.g. KZ-59); the same code can name two
    versions (Almaty region before and after Jetisu was carved out of it on 8 June 2022).
    """

    code = models.CharField(max_length=20, db_index=True)
    alpha_code = models.CharField(max_length=20, blank=True, help_text="The older letter code, e.g. KZ-SEV.")
    kato = models.CharField(max_length=12, blank=True)
    kind = models.CharField(max_length=10, choices=UnitKind.choices)
    name_kk = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    centre_kk = models.CharField(max_length=120, blank=True)
    centre_ru = models.CharField(max_length=120, blank=True)
    centre_en = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=200, db_index=True, help_text="Materialised path for 'this unit and below'.")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Last day in force; empty while in force.")
    centroid_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    shape_key = models.CharField(max_length=40, blank=True, help_text="Feature id in the shipped GeoJSON.")

    objects = TerritorialUnitQuerySet.as_manager()

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="geo_unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="geo_unit_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the active language (Kazakh, Russian or English)."""
        return self.localized("name")

    @property
    def centre(self) -> str:
        return self.localized("centre")

    def localized(self, field: str) -> str:
        lang = _name_language()
        return str(getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_en"))

    @staticmethod
    def name_fields(relation: str) -> tuple[str, ...]:
        """The name's columns through `relation`, for `.values()` of a query that shows a related unit's name."""
        return tuple(f"{relation}__name_{lang}" for lang in NAME_LANGUAGES)

    @staticmethod
    def name_in(row: Mapping[str, Any], relation: str) -> str:
        """`name` of the unit read through `relation` into a `.values()` row (its `name_fields`)."""
        lang = _name_language()
        return str(row[f"{relation}__name_{lang}"] or row[f"{relation}__name_en"])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class UnitAlias(models.Model):
    """Another name or code a unit is known by (historical names, spellings, old codes, KATO)."""

    unit = models.ForeignKey(TerritorialUnit, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=160)
    normalized = models.CharField(max_length=160, db_index=True)
    language = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "normalized"], name="geo_alias_unique")]

    def __str__(self) -> str:
        return self.alias


class UnitCrosswalk(models.Model):
    """How a unit's territory maps onto today's units; `weight` is its population share (sums to 1)."""

    source = models.ForeignKey(TerritorialUnit, on_delete=models.CASCADE, related_name="crosswalk_out")
    target = models.ForeignKey(TerritorialUnit, on_delete=models.CASCADE, related_name="crosswalk_in")
    weight = models.DecimalField(max_digits=7, decimal_places=6)
    basis = models.CharField(max_length=200, blank=True, help_text="Where the weight comes from.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="geo_crosswalk_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id} ({self.weight})"


class Sex(models.TextChoices):
    TOTAL = "total", _("Total")
    MALE = "male", pgettext_lazy("population group", "Male")
    FEMALE = "female", pgettext_lazy("population group", "Female")


class Area(models.TextChoices):
    TOTAL = "total", _("Total")
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class PopulationCount(models.Model):
    """Population at the start of a year (BNS), by unit, sex and urban/rural area."""

    unit = models.ForeignKey(TerritorialUnit, on_delete=models.PROTECT, related_name="population")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    area = models.CharField(max_length=6, choices=Area.choices, default=Area.TOTAL)
    persons = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sex", "area"], name="geo_population_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.sex}/{self.area}: {self.persons}"
