"""The labour room's default grants (installed by migration 0002; administrators may change the rows)."""

from accounts.roles import Role, Scope

EMPLOYER = "labour.employer"
CONTRACT = "labour.employmentcontract"
ENTRY = "labour.contractentry"
SEEKER = "labour.jobseeker"

GRANTS: list[tuple[str, str, str, str]] = [
    # Employers: their own organisation, contracts and entries
    *[(Role.EMPLOYER, action, kind, Scope.OWN) for kind in (EMPLOYER, CONTRACT, ENTRY) for action in ("view",)],
    (Role.EMPLOYER, "add", CONTRACT, Scope.OWN),
    (Role.EMPLOYER, "change", CONTRACT, Scope.OWN),
    (Role.EMPLOYER, "add", ENTRY, Scope.OWN),
    # Officers: their territory
    *[(Role.OFFICER, action, kind, Scope.TERRITORY) for kind in (EMPLOYER, CONTRACT, ENTRY, SEEKER)
      for action in ("view", "export")],
    (Role.OFFICER, "add", EMPLOYER, Scope.TERRITORY),
    (Role.OFFICER, "add", CONTRACT, Scope.TERRITORY),
    (Role.OFFICER, "change", CONTRACT, Scope.TERRITORY),
    (Role.OFFICER, "add", ENTRY, Scope.TERRITORY),
    (Role.OFFICER, "add", SEEKER, Scope.TERRITORY),
    (Role.OFFICER, "change", SEEKER, Scope.TERRITORY),
    # Citizens: their own job-seeker record
    (Role.CITIZEN, "view", SEEKER, Scope.OWN),
    # Ministry and analysts
    *[(Role.MINISTRY, action, kind, Scope.COUNTRY) for kind in (EMPLOYER, CONTRACT, ENTRY, SEEKER)
      for action in ("view", "export")],
    (Role.ANALYST, "view", CONTRACT, Scope.TERRITORY),
    (Role.ANALYST, "view", SEEKER, Scope.TERRITORY),
    (Role.ANALYST, "view", EMPLOYER, Scope.TERRITORY),
]
