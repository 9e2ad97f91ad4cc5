"""The oversight room's default grants (installed by migration 0002, which writes the same tuples literally;
administrators may change the rows)."""

from accounts.roles import Role, Scope

ALERT = "oversight.alert"
PERSON = "people.person"

GRANTS: list[tuple[str, str, str, str]] = [
    # Labour inspectors: the alerts of their territory, which they resolve; the persons behind them by name
    (Role.INSPECTOR, "view", ALERT, Scope.TERRITORY),
    (Role.INSPECTOR, "change", ALERT, Scope.TERRITORY),
    (Role.INSPECTOR, "export", ALERT, Scope.TERRITORY),
    (Role.INSPECTOR, "view", PERSON, Scope.TERRITORY),
    (Role.INSPECTOR, "identify", PERSON, Scope.TERRITORY),
    # Employment-centre officers: the same alerts in their territory (they offer the migrant help, art. 15(1))
    (Role.OFFICER, "view", ALERT, Scope.TERRITORY),
    (Role.OFFICER, "change", ALERT, Scope.TERRITORY),
    # The ministry: the whole country
    (Role.MINISTRY, "view", ALERT, Scope.COUNTRY),
    (Role.MINISTRY, "change", ALERT, Scope.COUNTRY),
    (Role.MINISTRY, "export", ALERT, Scope.COUNTRY),
    # Researchers: the whole country, never a name, an IIN or a person's id (accounts.permissions.sees_identities)
    (Role.RESEARCHER, "view", ALERT, Scope.COUNTRY),
]
