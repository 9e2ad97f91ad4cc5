"""The appeals room's default grants (installed by migration 0001): the citizen files and reads their own; the
career centre (officer) files on a citizen's behalf, answers grievances of its territory and decides appeals
against decisions it did not take (the services refuse the decision's author); the ministry reads and decides
nationally; the auditor reads."""

from accounts.roles import Role, Scope

APPEAL = "appeals.appeal"
DOCUMENT = "appeals.appealdocument"
GRIEVANCE = "appeals.grievance"

GRANTS: list[tuple[str, str, str, str]] = [
    *[(Role.CITIZEN, action, kind, Scope.OWN) for kind in (APPEAL, DOCUMENT, GRIEVANCE) for action in ("view", "add")],
    *[(Role.OFFICER, action, kind, Scope.TERRITORY) for kind in (APPEAL, DOCUMENT, GRIEVANCE)
      for action in ("view", "add")],
    (Role.OFFICER, "decide", APPEAL, Scope.TERRITORY),
    (Role.OFFICER, "change", GRIEVANCE, Scope.TERRITORY),
    *[(Role.MINISTRY, "view", kind, Scope.COUNTRY) for kind in (APPEAL, DOCUMENT, GRIEVANCE)],
    (Role.MINISTRY, "decide", APPEAL, Scope.COUNTRY),
    (Role.MINISTRY, "change", GRIEVANCE, Scope.COUNTRY),
    (Role.AUDITOR, "view", APPEAL, Scope.COUNTRY),
    (Role.AUDITOR, "view", GRIEVANCE, Scope.COUNTRY),
]
