"""The only way to change the oversight room's records: the scan that raises alerts, and their resolution.

The scan is idempotent: an alert's key (rule, person, start) or (rule, employer, region, month) is unique in
the database, so running the scan again — or two scans at once — raises nothing twice. Alerts are inserted
in bulk with the conflicts ignored, and the rows this scan actually inserted (found by its ScanRun) get their
change records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import acting_as, current_actor, record_bulk_create, record_bulk_update

from . import rules
from .models import OUTCOMES, Alert, Rule, ScanRun, Status


class AlertStateError(Exception):
    """The alert's state does not allow the transition (a 409 in the API)."""

    def __init__(self, alert: Alert):
        self.status = alert.status
        super().__init__(_("The alert is already %(status)s: it cannot be resolved again.")
                         % {"status": alert.get_status_display()})


class ResolutionError(ValueError):
    """Bad input to a resolution; `field` names it (a 400 in the API)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class ScanResult:
    run: ScanRun
    raised: dict[str, int]
    due: dict[str, int]
    refreshed: int

    @property
    def total_raised(self) -> int:
        return sum(self.raised.values())


def scan(*, on: dt.date | None = None, actor: Any, only: list[str] | None = None) -> ScanResult:
    """Raise every alert the rules find due on `on` (default today) that is not raised yet.

    Open alerts found again get their evidence refreshed (with a change record) when it changed; resolved
    alerts are left as they were resolved. `only` limits the scan to some rules.
    """
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValueError(_("The scan judges the registers up to today, not a future date."))
    chosen = [Rule(r) for r in (only or list(rules.RULES))]
    with acting_as(actor):
        _user, label = current_actor()
        with transaction.atomic():
            run = ScanRun.objects.create(on=on, actor_label=label[:150])
        found: list[rules.Candidate] = []
        for rule in chosen:
            found.extend(rules.RULES[rule](on))
        due = Counter(c.rule for c in found)
        existing = _existing(found)
        with transaction.atomic():
            alerts = [Alert(rule=c.rule, unit_id=c.unit_id, person_id=c.person_id, employer_id=c.employer_id,
                            period_start=c.period_start, due_date=c.due_date, article=c.article,
                            evidence=c.evidence, raised_on=on, scan=run) for c in found if c.key not in existing]
            # A scan running at the same time may insert some of them first: the unique constraints decide.
            Alert.objects.bulk_create(alerts, batch_size=1000, ignore_conflicts=True)
            created = list(Alert.objects.filter(scan=run).order_by("id"))
            record_bulk_create(created, reason=f"oversight scan of {on.isoformat()}")
            refreshed = _refresh_open(found, existing, run)
            run.raised = dict(Counter(a.rule for a in created))
            run.candidates = dict(due)
            run.finished_at = timezone.now()
            run.save(update_fields=["raised", "candidates", "finished_at"])
    return ScanResult(run=run, raised=run.raised, due=run.candidates, refreshed=refreshed)


def _evidence_key(evidence: dict | None) -> dict:
    """The evidence without the day it was read on (that changes every day; the facts do not)."""
    return {k: v for k, v in (evidence or {}).items() if k != "on"}


def _existing(found: list[rules.Candidate]) -> dict[tuple, tuple[int, str, dict]]:
    """key -> (id, status, evidence) of the alerts already raised for these candidates (one query per rule)."""
    out: dict[tuple, tuple[int, str, dict]] = {}
    by_rule: dict[str, set[dt.date]] = {}
    for c in found:
        by_rule.setdefault(c.rule, set()).add(c.period_start)
    for rule, starts in by_rule.items():
        rows = Alert.objects.filter(rule=rule, period_start__in=sorted(starts)).values_list(
            "id", "rule", "person_id", "employer_id", "unit_id", "period_start", "status", "evidence")
        for pk, r, person, employer, unit, start, status, evidence in rows.iterator(chunk_size=5000):
            key = (r, person, employer, unit if employer is not None else None, start)
            out[key] = (pk, status, evidence)
    return out


def _refresh_open(found: list[rules.Candidate], existing: dict[tuple, tuple[int, str, dict]], run: ScanRun) -> int:
    """Update the evidence of open alerts raised earlier whose evidence the rules now read differently."""
    fresh = {}
    for c in found:
        known = existing.get(c.key)
        if known is not None and known[1] == Status.OPEN and _evidence_key(known[2]) != _evidence_key(c.evidence):
            fresh[known[0]] = c.evidence
    if not fresh:
        return 0
    changed = list(Alert.objects.select_for_update().filter(pk__in=list(fresh), status=Status.OPEN).order_by("id"))
    for alert in changed:
        alert.evidence = fresh[alert.pk]
    Alert.objects.bulk_update(changed, ["evidence"], batch_size=500)
    record_bulk_update(changed, ["evidence"], reason=f"evidence read again by the scan of {run.on.isoformat()}")
    return len(changed)


def resolve(alert: Alert, *, actor: Any, outcome: str, reason: str) -> Alert:
    """Record the resolution of an open alert: who, when, the outcome (confirmed / dismissed / resolved) and why.

    Raises ResolutionError naming the bad field, AlertStateError when the alert is no longer open.
    """
    if outcome not in {o.value for o in OUTCOMES}:
        raise ResolutionError("outcome", _("Choose confirmed, dismissed or resolved."))
    reason = (reason or "").strip()
    if not reason:
        raise ResolutionError("reason", _("Say why: the reason is kept with the resolution."))
    if len(reason) > 2000:
        raise ResolutionError("reason", _("The reason is too long (at most 2,000 characters)."))
    if getattr(actor, "pk", None) is None:
        raise ResolutionError("actor", _("An alert is resolved by a user."))
    with acting_as(actor), transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != Status.OPEN:
            raise AlertStateError(locked)
        locked.status = outcome
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.resolution_reason = reason
        locked.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_reason"])
    return locked
