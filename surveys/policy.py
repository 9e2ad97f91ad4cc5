"""The surveys room's default grants (installed by migration 0002, written there literally)."""

from accounts.roles import Role, Scope

FORM = "surveys.form"
VERSION = "surveys.formversion"
ASSIGNMENT = "surveys.assignment"
SUBMISSION = "surveys.submission"
WEIGHTING = "surveys.weightingrun"

GRANTS: list[tuple[str, str, str, str]] = [
    # Researchers and ministry analysts run surveys across the country
    *[(role, action, kind, Scope.COUNTRY) for role in (Role.RESEARCHER, Role.MINISTRY)
      for kind in (FORM, VERSION, ASSIGNMENT, WEIGHTING) for action in ("view", "add", "change")],
    *[(role, action, SUBMISSION, Scope.COUNTRY) for role in (Role.RESEARCHER, Role.MINISTRY)
      for action in ("view", "export")],
    # Akimat analysts read the results of their territory
    (Role.ANALYST, "view", FORM, Scope.COUNTRY),
    (Role.ANALYST, "view", VERSION, Scope.COUNTRY),
    (Role.ANALYST, "view", SUBMISSION, Scope.TERRITORY),
    (Role.ANALYST, "view", WEIGHTING, Scope.COUNTRY),
    # Enumerators: their assignments and the interviews they collected
    (Role.ENUMERATOR, "view", ASSIGNMENT, Scope.OWN),
    (Role.ENUMERATOR, "view", VERSION, Scope.COUNTRY),
    (Role.ENUMERATOR, "view", SUBMISSION, Scope.OWN),
    (Role.ENUMERATOR, "add", SUBMISSION, Scope.OWN),
]
