"""Turning submitted values (from the API or a page) into a registration request: shared by both faces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from geo.selectors import find_unit
from people.models import Person

from .services import Address, Refusal, Request


class Invalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(str(errors))
        self.errors = errors


def build_request(data: dict[str, Any], *, user: Any, source: str, procedure: str | None = None) -> Request:
    """A registration Request from cleaned values; raises Invalid naming unknown persons or units."""
    errors: dict[str, str] = {}
    person = Person.objects.filter(iin=(data.get("iin") or "").strip()).first()
    if person is None:
        errors["iin"] = _("No person with this IIN in the register of persons.")
    units = {}
    for name in ("region", "district", "previous_region", "previous_district"):
        text = data.get(name) or ""
        units[name] = find_unit(text)
        if text and units[name] is None:
            errors[name] = _("Unknown territorial unit: %(name)s.") % {"name": text}
    if errors:
        raise Invalid(errors)
    procedure = procedure or data.get("procedure") or "standard"
    consent_at = data.get("owner_consent_at")
    if consent_at is None and data.get("owner_consent"):
        consent_at = timezone.now()
    return Request(
        person=person,  # type: ignore[arg-type]  # an unknown person was refused above
        kind=data.get("kind") or "permanent", procedure=procedure,
        address=Address(region=units["region"],  # type: ignore[arg-type]  # an unknown region was refused above
                        district=units["district"], settlement=data.get("settlement") or "",
                        street=data.get("street") or "", building=data.get("building") or "",
                        flat=data.get("flat") or "", premises=data.get("premises") or ""),
        arrival_date=data["arrival_date"], registered_on=data.get("registered_on") or timezone.localdate(),
        valid_until=data.get("valid_until"), reason=data.get("reason") or "",
        from_abroad=bool(data.get("from_abroad")), previous_region=units["previous_region"],
        previous_district=units["previous_district"], owner_iin=data.get("owner_iin") or "",
        owner_consent_at=consent_at if procedure == "standard" else None,
        registering_body=data.get("registering_body") or "", decision_number=data.get("decision_number") or "",
        decision_date=data.get("decision_date"), source=source, registered_by=user,
    )


def refusals_payload(refusals: list[Refusal]) -> dict:
    return {"detail": _("The registration is refused."), "refusals": [r.as_dict() for r in refusals]}


def outcome_payload(outcome: Any) -> dict:
    reg = outcome.registration
    payload: dict[str, Any] = {
        "id": reg.pk, "person": reg.person.iin, "kind": reg.kind, "procedure": reg.procedure,
        "region": reg.region.code, "district": reg.district.code if reg.district_id else None,
        "address": reg.address, "premises": reg.premises, "arrival_date": reg.arrival_date.isoformat(),
        "registered_on": reg.registered_on.isoformat(),
        "valid_until": reg.valid_until.isoformat() if reg.valid_until else None, "is_active": reg.in_force(),
        "event": None, "violation": None,
    }
    if outcome.event is not None:
        e = outcome.event
        payload["event"] = {"id": e.pk, "kind": e.kind, "date": e.event_date.isoformat(),
                            "origin_region": e.origin_region.code if e.origin_region_id else None,
                            "destination_region": e.destination_region.code if e.destination_region_id else None}
    if outcome.violation is not None:
        v = outcome.violation
        payload["violation"] = {"days_late": v.days_late, "outcome": v.outcome, "amount_kzt": v.amount_kzt,
                                "article": v.article}
    return payload


def today() -> dt.date:
    return timezone.localdate()
