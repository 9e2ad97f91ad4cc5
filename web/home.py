"""What each role finds on its home page: the tasks it comes to Koshi for (DESIGN.md, "Who uses it")."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessLog, ChangeRecord
from accounts.permissions import can, scope_key
from accounts.roles import Role
from lib.work_queue import WorkSection, compiled_count
from people.models import Family, Person

# role -> [(url name, title, what it is for)]
TASKS = {
    Role.CITIZEN: [
        ("registry:index", _("My registration"), _("Register a change of residence and see your registration history.")),
        ("law:index", _("Relocation programme"), _("Check whether your family can join the programme and what it would receive.")),
        ("labour:vacancies", _("Jobs in the receiving regions"), _("Search vacancies and answer the job offers made to you.")),
        ("relocation:index", _("My relocation application"), _("Apply for your family, follow the decision, the agreement and the payments.")),
        ("fund:index", _("My payments"), _("Payments of the support fund to your family, and what you may owe back.")),
        ("appeals:index", _("Appeals and grievances"), _("Contest a decision about your family, or tell us of a payment not received, an officer's conduct or a wrong registration.")),
    ],
    Role.EMPLOYER: [
        ("labour:index", _("Employment contracts"), _("Register contracts on time and see their deadlines.")),
        ("registry:index", _("Simplified registration"), _("Register a migrant you hired at the place of work.")),
        ("labour:vacancies", _("Vacancies"), _("Post vacancies and see the candidates matched to them.")),
        ("labour:courses", _("Course duties"), _("Enrol hired migrants in state-language and legal-literacy courses on time.")),
    ],
    Role.OFFICER: [
        ("relocation:index", _("Relocation applications"), _("Forward, decide, sign agreements and follow participants in your region.")),
        ("people:index", _("Persons in my territory"), _("Find a person and see their records.")),
        ("registry:index", _("Registrations"), _("Review registrations and violations in your territory.")),
        ("labour:index", _("Employment oversight"), _("Follow migrants' contracts and employers' duties.")),
        ("labour:matching", _("Matching"), _("Match movers to the vacancies of your region and review the proposals.")),
        ("labour:notices", _("Notices to employers"), _("Programme news, quota left and job fairs for your region's employers.")),
        ("appeals:index", _("Appeals and grievances"), _("Appeals to decide and grievances to answer in your region, oldest first.")),
    ],
    Role.ANALYST: [
        ("stats:dashboard", _("Migration dashboard"), _("Flows in and out of your territory, maps and forecasts.")),
        ("geo:map", _("Regions map"), _("Population of the regions on the map.")),
    ],
    Role.MINISTRY: [
        ("relocation:index", _("Relocation programme nationally"), _("Applications, quotas and their orders, and the programme report.")),
        ("relocation:quotas", _("Quotas"), _("Places by region and category, and the orders that set them.")),
        ("stats:dashboard", _("National dashboard"), _("Flows, balances and forecasts for the whole country.")),
        ("law:index", _("The law and its parameters"), _("Articles, parameters in force and their history.")),
        ("people:index", _("Persons"), _("Find a person anywhere in the country.")),
        ("fund:statements", _("The fund's statements"), _("Trial balance, balance sheet, income and expenditure, flows by region.")),
        ("appeals:report", _("Appeals and grievances"), _("Appeals and grievances by region: filed, decided and overdue.")),
    ],
    Role.ACCOUNTANT: [
        ("law:index", _("Entitlements in force"), _("The amounts the law sets on a date, for the support fund's books.")),
        ("fund:batches", _("Payment batches"), _("Prepare the payment of due orders for the controller's approval.")),
        ("fund:statements", _("The fund's statements"), _("Trial balance, balance sheet, income and expenditure, flows by region.")),
    ],
    Role.CONTROLLER: [
        ("fund:index", _("Support fund"), _("Approve payment batches prepared by the accountants.")),
        ("fund:periods", _("Periods of the books"), _("Close a month, or reopen one with the reason on record.")),
    ],
    Role.INSPECTOR: [
        ("oversight:index", _("Employment oversight"), _("Alerts on migrants' employment and employers' duties in your territory.")),
    ],
    Role.ENUMERATOR: [
        ("surveys:index", _("Surveys"), _("Fill in the questionnaires of the surveys you are assigned to.")),
    ],
    Role.RESEARCHER: [
        ("stats:dashboard", _("Statistics"), _("De-identified flows and indicators.")),
        ("people:index", _("Pseudonymised persons"), _("Records without names or IINs.")),
        ("surveys:index", _("Surveys"), _("Upload XLSForm questionnaires, assign enumerators, weight and analyse.")),
    ],
    Role.AUDITOR: [
        ("accounts:audit", _("Change history"), _("Every create, update and delete of domain data.")),
        ("accounts:access_log", _("Access log"), _("Logins, views, searches and exports.")),
    ],
    Role.ADMIN: [
        ("accounts:audit", _("Audit trail"), _("Changes and access, filtered.")),
        ("stats:dashboard", _("Statistics"), _("The analysts' dashboard.")),
        ("api:docs", _("API documentation"), _("The OpenAPI schema and its documentation.")),
    ],
}

PUBLIC = [
    ("geo:map", _("Regions map"), _("Population of Kazakhstan's regions.")),
    ("law:index", _("Relocation programme calculator"), _("Check a family's eligibility and entitlements, with the articles of law.")),
    ("api:docs", _("Open API"), _("Machine-readable access to public data.")),
]


def tasks_of(role: Any, urlconf: str | None = None) -> list[dict]:
    """The cards of `role`'s tasks (a visitor's, the public tools, for None): each one's link, title and text."""
    cards = []
    for name, title, text in (TASKS.get(role, []) if role else PUBLIC):
        try:
            url = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            url = None
        cards.append({"url": url, "title": title, "text": text})
    return cards


def tasks_for(user) -> list[dict]:
    """The cards of the user's role (the page writes them through web/templatetags/koshi.py task_cards)."""
    return tasks_of(getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None)


def figures_for(user) -> list[dict]:
    """A few counts on the home page, each read through the same scoped querysets as every list."""
    figures: list[dict[str, Any]] = []
    if not getattr(user, "is_authenticated", False):
        return figures
    # counted afresh on every request; only the SQL of each count is kept, per the user's scope and the day
    # (lib.work_queue.compiled_count), since building it cost more than the database took to count
    key = (scope_key(user), timezone.localdate())
    if can(user, "view", Person) and user.role != Role.CITIZEN:
        figures.append({"label": _("Persons you may see"),
                        "value": compiled_count(("web.persons", key), lambda: Person.objects.visible_to(user))})
        figures.append({"label": _("Families"),
                        "value": compiled_count(("web.families", key), lambda: Family.objects.visible_to(user))})
    if can(user, "view", ChangeRecord):
        figures.append({"label": _("Changes recorded"),
                        "value": compiled_count(("web.changes", key), lambda: ChangeRecord.objects.visible_to(user))})
        failed = compiled_count(("web.failed_logins", key),
                                lambda: AccessLog.objects.visible_to(user).filter(event="login_failed"))
        figures.append({"label": _("Failed logins"), "value": failed})
    return figures


@functools.cache
def _work_queues() -> tuple[ModuleType, ...]:
    """Every room's `work_queue` module, in layer order (settings.KOSHI_APPS); found once per process."""
    modules = []
    for room in settings.KOSHI_APPS:
        try:
            modules.append(importlib.import_module(f"{room}.work_queue"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{room}.work_queue":
                raise
    return tuple(modules)


def work_queue_for(user) -> list[WorkSection]:
    """The work waiting for the user: every room's `work_queue.sections(user)`, in layer order, empty ones left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    sections: list[WorkSection] = []
    for module in _work_queues():
        for section in module.sections(user):
            if section.items:
                items = sorted(section.items, key=lambda item: item.since)
                sections.append(WorkSection(section.title, items, max(section.total, len(items)), section.more_url))
    return sections
