"""Finding territorial units by code or name: geo.services.resolve_unit, wrapped to return None when unknown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def resolver() -> Callable[[str], Any]:
    """geo.services.resolve_unit when geo provides it; until then, current units by code or name."""
    try:
        from geo.services import UnknownUnit, resolve_unit
    except ImportError:
        try:
            from geo.selectors import UnknownUnit, resolve_unit
        except ImportError:
            UnknownUnit = resolve_unit = None
    if resolve_unit is None:  # pragma: no cover - geo's resolver is being written
        from geo.models import TerritorialUnit

        def lookup(text: str):
            current = TerritorialUnit.objects.current()
            for field in ("code", "name_en", "name_ru", "name_kk"):
                unit = current.filter(**{f"{field}__iexact": text.strip()}).first()
                if unit is not None:
                    return unit
            return None
        return lookup

    def resolve(text: str):
        try:
            return resolve_unit(text.strip())
        except UnknownUnit:
            return None
    return resolve


def resolve(text: str | None):
    if not (text or "").strip():
        return None
    return resolver()(text)
