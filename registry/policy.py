"""The registry room's default grants (installed by migration 0002; administrators may change the rows)."""

from accounts.roles import Role, Scope

REGISTRATION = "registry.registration"
EVENT = "registry.migrationevent"
VIOLATION = "registry.violation"
BATCH = "registry.importbatch"

GRANTS: list[tuple[str, str, str, str]] = [
    # Officers: their territory
    *[(Role.OFFICER, action, kind, Scope.TERRITORY) for kind in (REGISTRATION, VIOLATION)
      for action in ("view", "add", "change", "export")],
    (Role.OFFICER, "view", EVENT, Scope.TERRITORY),
    (Role.OFFICER, "add", EVENT, Scope.TERRITORY),
    (Role.OFFICER, "export", EVENT, Scope.TERRITORY),
    (Role.OFFICER, "view", BATCH, Scope.TERRITORY),
    (Role.OFFICER, "add", BATCH, Scope.TERRITORY),
    # Citizens: their own
    (Role.CITIZEN, "view", REGISTRATION, Scope.OWN),
    (Role.CITIZEN, "add", REGISTRATION, Scope.OWN),
    (Role.CITIZEN, "view", EVENT, Scope.OWN),
    (Role.CITIZEN, "view", VIOLATION, Scope.OWN),
    # Employers: register their contract migrants by the simplified procedure
    (Role.EMPLOYER, "add", REGISTRATION, Scope.OWN),
    # The ministry: the whole country
    *[(Role.MINISTRY, action, kind, Scope.COUNTRY) for kind in (REGISTRATION, EVENT, VIOLATION, BATCH)
      for action in ("view", "export")],
    (Role.MINISTRY, "add", BATCH, Scope.COUNTRY),
    # ... and the rows of a national file are registrations the ministry makes (the import's scope check)
    (Role.MINISTRY, "add", REGISTRATION, Scope.COUNTRY),
    (Role.MINISTRY, "add", EVENT, Scope.COUNTRY),
    # Analysts: events of their territory; researchers: events of the country, never identifiers
    (Role.ANALYST, "view", EVENT, Scope.TERRITORY),
    (Role.ANALYST, "export", EVENT, Scope.TERRITORY),
    (Role.RESEARCHER, "view", EVENT, Scope.COUNTRY),
    (Role.RESEARCHER, "export", EVENT, Scope.COUNTRY),
]
