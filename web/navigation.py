"""The main navigation: the sections a user's role may open, in the active language."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

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
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    items = []
    for name, label, roles in SECTIONS:
        if roles is not ALL and role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # a room not built yet
        items.append({"name": name, "url": url, "label": label, "active": current_path.startswith(url) and url != "/"})
    return items


def navigation(request) -> dict:
    return {"koshi_nav": sections_for(getattr(request, "user", None), request.path)}
