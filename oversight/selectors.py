"""Reading the oversight room: the alerts a user may see (scoped), one alert's evidence as the reader may see it,
and the work waiting. Researchers never receive a name, an IIN or a person's database id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse

from accounts.permissions import can, can_on_object, scope_key, sees_identities
from geo.models import TerritorialUnit
from law import labels as law_labels
from lib.work_queue import compiled_first_and_total
from people.models import Person
from people.selectors import person_key

from .models import Alert, Rule, ScanRun, Status


def _parameter_label(path: str | None) -> str:
    """A parameter of the law by its name in the reader's language, never its path ("regions.receiving.KZ_59" reads
    as the receiving-regions list)."""
    from django.utils.translation import gettext as _

    if not path:
        return ""
    if path.startswith("regions.receiving."):
        return str(_("Receiving regions set by the Government"))
    return str(law_labels.PARAMETERS.get(path, _("a parameter of the law")))


def alerts_for(user: Any, *, rule: str | None = None, status: str | None = None, unit: TerritorialUnit | None = None,
               action: str = "view"):
    """The alerts `user` may see (their territory, or the country), filtered; oldest first."""
    alerts = Alert.objects.visible_to(user, action).select_related("unit", "person", "employer", "resolved_by")
    if rule:
        alerts = alerts.filter(rule=rule)
    if status:
        alerts = alerts.filter(status=status)
    if unit is not None:
        alerts = alerts.filter(unit__path__startswith=unit.path)
    return alerts.order_by("raised_on", "due_date", "id")


def alert_for(user: Any, pk: int, action: str = "view") -> Alert | None:
    """The alert if `user` may see it, else None (the caller answers 404; an id beyond any key is no alert)."""
    if not 0 < pk < 2**63:
        return None
    return alerts_for(user, action=action).filter(pk=pk).first()


def open_alerts_for(user: Any):
    return alerts_for(user, status=Status.OPEN)


def latest_scan() -> ScanRun | None:
    return ScanRun.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-id").first()


def person_label(user: Any, person: Any) -> str:
    """A person as this reader may see them: the name and IIN, or a pseudonym."""
    if person is None:
        return ""
    return identity_label(sees_identities(user), person.full_name, person.iin)


def identity_label(identities: bool, full_name: str, iin: str) -> str:
    """A person as a reader who may (`identities`) or may not see identities sees them."""
    if identities:
        return f"{full_name} ({iin})"
    from people.selectors import pseudonym

    return pseudonym(iin)


def subject_label(user: Any, alert: Alert) -> str:
    if alert.employer is not None:  # no query when employer_id is empty
        return f"{alert.employer.name} ({alert.employer.bin})"
    return person_label(user, alert.person)


@dataclass
class Link:
    label: str
    url: str | None = None


@dataclass
class EvidenceRow:
    """One line of evidence: what it is, its date(s), the record behind it (linked where the reader may open
    it) and the article."""

    what: str
    dates: str
    record: Link
    detail: str = ""
    article: str = ""

    @property
    def article_url(self) -> str | None:
        return article_url(self.article)


@dataclass
class AlertView:
    alert: Alert
    subject: str
    rows: list[EvidenceRow] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def article_url(article: str) -> str | None:
    """The article on the law room's page of its act ('model-law/art-15/p-1' -> /law/acts/model-law/#...)."""
    from django.urls import NoReverseMatch
    from django.utils.text import slugify

    if not article or "/" not in article:
        return None
    try:
        return reverse("law:act", args=[article.split("/")[0]]) + "#" + slugify(article)
    except NoReverseMatch:
        return None


def _day(iso: Any) -> str:
    """An ISO date of the evidence in the reader's date format ('' for none)."""
    from django.utils.formats import date_format

    if not iso:
        return ""
    try:
        return date_format(dt.date.fromisoformat(str(iso)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(iso)


def _region_names(codes: set[str | None]) -> dict[str | None, str]:
    units = TerritorialUnit.objects.filter(code__in=[c for c in codes if c], valid_to__isnull=True)
    return {u.code: u.name for u in units}


def _person_url(user: Any, person: Any) -> str | None:
    from people.models import Person

    if person is None or not sees_identities(user) or not can(user, "view", Person):
        return None
    return reverse("people:detail", args=[person_key(user, person)]) if can_on_object(user, "view", person) else None


def _person_links(user: Any, person: Any) -> list[Link]:
    from django.utils.translation import gettext as _

    links: list[Link] = []
    if person is None or not sees_identities(user):
        return links
    from people.models import Person

    if can(user, "view", Person) and can_on_object(user, "view", person):
        links.append(Link(_("Person's record"), reverse("people:detail", args=[person_key(user, person)])))
    from registry.models import Registration

    if can(user, "view", Registration) and can_on_object(user, "view", person):
        links.append(Link(_("Registration history"), reverse("registry:history", args=[person.pk])))
    return links


def alert_view(user: Any, alert: Alert) -> AlertView:
    """The alert's evidence as lines the reader may see, with links to the records they may open."""
    from django.utils.translation import gettext as _

    from labour.models import EmploymentContract
    from people.models import Person

    ev = alert.evidence or {}
    view = AlertView(alert=alert, subject=subject_label(user, alert))
    if alert.rule == Rule.NO_CONTRACT:
        from registry.models import Kind, Procedure

        reg = ev.get("registration") or {}
        receiving = ev.get("receiving") or {}
        names = _region_names({reg.get("region"), ev.get("came_from"), receiving.get("region")})
        kind = Kind(reg["kind"]).label if reg.get("kind") in Kind.values else reg.get("kind", "")
        procedure = (Procedure(reg["procedure"]).label if reg.get("procedure") in Procedure.values
                     else reg.get("procedure", ""))
        view.rows.append(EvidenceRow(
            _("Registration in the receiving region"),
            _("arrived %(arrival)s, registered %(registered)s") % {"arrival": _day(reg.get("arrival_date")),
                                                                 "registered": _day(reg.get("registered_on"))},
            Link(f"{names.get(reg.get('region'), reg.get('region', ''))}: {kind}, {procedure}"),
            _("came from %(region)s") % {"region": names.get(ev.get("came_from"), ev.get("came_from") or "—")},
        ))
        view.rows.append(EvidenceRow(
            _("The region receives resettlers"), _day(receiving.get("on")),
            Link(names.get(receiving.get("region"), ""), None), _parameter_label(receiving.get("parameter")),
            str(receiving.get("article", ""))))
        last = ev.get("last_contract")
        if last:
            contract = EmploymentContract.objects.filter(pk=last.get("id")).select_related("employer").first()
            view.rows.append(EvidenceRow(
                _("Last employment contract"),
                _("in force until the day before %(day)s") % {"day": _day(last.get("ended_from"))},
                Link(str(contract) if contract else str(last.get("employer", ""))), ""))
        view.rows.append(EvidenceRow(
            _("Days without an employment contract"),
            _("from %(start)s to %(on)s") % {"start": _day(ev.get("without_contract_from")), "on": _day(ev.get("on"))},
            Link(intcomma(ev.get("days_without_contract", ""))),
            _("more than %(days)s days (%(parameter)s), due after %(due)s") % {
                "days": ev.get("threshold_days"), "parameter": _parameter_label(ev.get("parameter")), "due": _day(ev.get("due_date"))},
            str(ev.get("article", "")),
        ))
        view.links = _person_links(user, alert.person)
    else:
        findings = ev.get("findings") or []
        contracts = EmploymentContract.objects.in_bulk([f.get("contract") for f in findings])
        persons = Person.objects.in_bulk([f.get("person") for f in findings]) if findings else {}
        kinds = {"new": _("new contract"), "change": _("change"), "termination": _("termination")}
        for f in findings:
            contract = contracts.get(f.get("contract"))
            person = persons.get(f.get("person"))
            who = person_label(user, person) if person is not None else ""
            if f.get("finding") == "late":
                what = _("Entry made late: %(kind)s") % {"kind": kinds.get(f.get("kind"), f.get("kind"))}
                dates = _("event %(event)s, due %(due)s, entered %(entered)s") % {
                    "event": _day(f.get("event_date")), "due": _day(f.get("due_date")),
                    "entered": _day(f.get("registered_on"))}
                detail = _("%(days)s day(s) late") % {"days": f.get("days_late")}
            else:
                what = _("Entry missing: %(kind)s") % {"kind": kinds.get(f.get("kind"), f.get("kind"))}
                dates = _("event %(event)s, due %(due)s") % {"event": _day(f.get("event_date")),
                                                               "due": _day(f.get("due_date"))}
                detail = _("%(days)s day(s) overdue on %(on)s") % {"days": f.get("days_late"), "on": _day(ev.get("on"))}
            hire = _("registered by the simplified procedure") if f.get("hire") == "simplified" else _(
                "moved into the region")
            label = " — ".join(part for part in (contract.position if contract else "", who) if part)
            view.rows.append(EvidenceRow(what, dates, Link(label, _person_url(user, person)), f"{detail}; {hire}",
                                         str(f.get("article", ""))))
    return view


def evidence_for_api(user: Any, alert: Alert) -> dict:
    """The stored evidence, without a person's database id for readers who may not see identities."""
    ev = dict(alert.evidence or {})
    if sees_identities(user):
        return ev
    if "findings" in ev:
        ev["findings"] = [{k: v for k, v in f.items() if k != "person"} for f in ev["findings"]]
    return ev


# What a queue's item shows of an alert (oldest_open): the rule and dates, the subject's name and number, the
# unit's names.
QUEUE_FIELDS = ("id", "rule", "due_date", *TerritorialUnit.name_fields("unit"), "employer_id", "employer__name",
                "employer__bin", "person__iin", *Person.name_fields("person"))


def oldest_open(user: Any, limit: int = 10) -> tuple[list[dict[str, Any]], int]:
    """The open alerts longest due first, and how many there are; as `.values()` of QUEUE_FIELDS only (model
    instances of the alerts and their related rows were most of the work, for a ten-row list), compiled once for
    the user (lib.work_queue.compiled_rows)."""
    return compiled_first_and_total(("oversight.oldest_open", scope_key(user)), lambda: (
        open_alerts_for(user).values(*QUEUE_FIELDS).order_by("due_date", "id")), limit)


def queue_subject_label(identities: bool, row: dict[str, Any]) -> str:
    """`subject_label` of an alert read by `oldest_open`, for a reader who may (`identities`) or may not see
    identities."""
    if row["employer_id"] is not None:
        return f"{row['employer__name']} ({row['employer__bin']})"
    if row["person__iin"] is None:
        return ""
    return identity_label(identities, Person.full_name_in(row, "person"), row["person__iin"])


def days_open(alert: Alert, on: dt.date) -> int:
    return (on - alert.raised_on).days


EXPORT_HEADER = ["id", "rule", "status", "territory", "subject", "period_start", "due_date", "article", "raised_on",
                 "resolved_by", "resolved_at", "resolution_reason"]


def export_rows(user: Any, alerts) -> Any:
    """The CSV lines of `alerts` (already scoped with action 'export'), header first, streamed in chunks; the
    subject as the reader may see it (a pseudonym for those who may not see identities)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    identities = sees_identities(user)
    writer.writerow(EXPORT_HEADER)
    yield flush()
    for alert in alerts.iterator(chunk_size=2000):
        writer.writerow([alert.pk, alert.rule, alert.status, alert.unit.code, subject_label(user, alert),
                         alert.period_start.isoformat(), alert.due_date.isoformat(), alert.article,
                         alert.raised_on.isoformat(), alert.resolved_by.username if alert.resolved_by_id else "",
                         alert.resolved_at.isoformat() if alert.resolved_at else "",
                         alert.resolution_reason if identities else ""])
        yield flush()
