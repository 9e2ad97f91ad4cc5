"""The law room's default grants (installed by migration 0002; administrators may change the rows)."""

from accounts.roles import Role, Scope

# Decisions hold no names or IINs; they are read country-wide by those who decide, oversee and audit.
GRANTS = [
    (Role.OFFICER, "view", "law.decision", Scope.COUNTRY),
    (Role.OFFICER, "add", "law.decision", Scope.COUNTRY),
    (Role.MINISTRY, "view", "law.decision", Scope.COUNTRY),
    (Role.AUDITOR, "view", "law.decision", Scope.COUNTRY),
]
