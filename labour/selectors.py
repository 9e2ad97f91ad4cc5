"""Reading the register of employment contracts."""

from __future__ import annotations

import datetime as dt

from people.models import Person

from .models import EmploymentContract, JobSeeker


def active_contract(person: Person, on: dt.date) -> EmploymentContract | None:
    """The person's contract in force on `on` (the latest started, if several), or None."""
    return (
        EmploymentContract.objects.active_on(on).filter(employee=person)
        .select_related("employer", "workplace_unit").order_by("-start_date", "-id").first()
    )


def open_job_seekers(on: dt.date):
    """Job-seeker and unemployed records open on `on` (the relocation programme reads them)."""
    return JobSeeker.objects.open_on(on).select_related("person", "unit")
