"""The main navigation: the sections a user's role may open, in the active language."""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from lib.reversing import reversing_key

ALL = None  # every visitor, logged in or not

# (url name, label, roles that see it or ALL)
SECTIONS = [
    ("geo:map", _("Map"), ALL),
    ("law:index", _("Law"), ALL),
    ("registry:index", _("Registration"), [Role.CITIZEN, Role.EMPLOYER, Role.OFFICER, Role.MINISTRY, Role.ADMIN]),
    ("labour:index", _("Employment"), [Role.EMPLOYER, Role.OFFICER, Role.MINISTRY, Role.ADMIN, Role.INSPECTOR]),
    ("labour:vacancies", _("Jobs"), [Role.CITIZEN]),
    ("oversight:index", _("Oversight"), [Role.INSPECTOR, Role.OFFICER, Role.MINISTRY, Role.RESEARCHER, Role.ADMIN]),
    ("relocation:index", _("Relocation programme"), [Role.CITIZEN, Role.OFFICER, Role.MINISTRY, Role.ANALYST,
                                                     Role.RESEARCHER, Role.ADMIN]),
    ("stats:dashboard", _("Statistics"), [Role.ANALYST, Role.MINISTRY, Role.RESEARCHER, Role.ADMIN]),
    ("fund:index", _("Support fund"), [Role.ACCOUNTANT, Role.CONTROLLER, Role.MINISTRY, Role.OFFICER, Role.CITIZEN,
                                       Role.AUDITOR, Role.ADMIN]),
    ("appeals:index", _("Appeals"), [Role.CITIZEN, Role.OFFICER, Role.MINISTRY, Role.AUDITOR, Role.ADMIN]),
    ("people:index", _("People"), [Role.OFFICER, Role.MINISTRY, Role.RESEARCHER, Role.ADMIN]),
    ("surveys:index", _("Surveys"), [Role.ENUMERATOR, Role.RESEARCHER, Role.MINISTRY, Role.ANALYST, Role.ADMIN]),
    ("accounts:audit", _("Audit trail"), [Role.AUDITOR, Role.ADMIN]),
    ("api:docs", _("API"), ALL),
]


def sections_for(user, current_path: str = "") -> list[dict]:
    return [{"name": name, "url": url, "label": label, "active": current_path.startswith(url) and url != "/"}
            for name, url, label in _sections(*depends_on(user))]


def depends_on(user) -> tuple[str | None, str, str, str | None]:
    """What the sections depend on: the role (None for a visitor), the language, the URL prefix, the URLconf."""
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    return role, *reversing_key()


@functools.lru_cache(maxsize=256)
def _sections(role: str | None, language: str, prefix: str, urlconf: str | None) -> tuple[tuple[str, str, str], ...]:
    """(url name, URL, label in `language`) of the sections `role` sees: the same for every request of that role
    in that language (and URL prefix and URLconf), so worked out once per process — reversing each section's URL
    and translating its label on every page was a quarter of the base template's cost."""
    items = []
    for name, label, roles in SECTIONS:
        if roles is not ALL and role not in roles:
            continue
        try:
            url = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            continue  # a room not built yet
        items.append((name, url, str(label)))
    return tuple(items)


def navigation(request) -> dict:
    """The sections, and `koshi_nav_key`: all the header's brand and sections depend on (the base template keeps
    their HTML per process under it)."""
    sections = sections_for(getattr(request, "user", None), request.path)
    active = [item["name"] for item in sections if item["active"]]
    return {"koshi_nav": sections,
            "koshi_nav_key": repr((*depends_on(getattr(request, "user", None)), active))}
