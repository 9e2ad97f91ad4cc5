"""The fund room's default grants (installed by migration 0002, written there literally; administrators may
change the rows afterwards).

The accountant keeps the books and prepares payments; the controller approves payments, decides claims and
grants and reopens closed months (`decide`); an officer sees the payments of their region's participants, a
citizen their own; the ministry reads the statements (and the entries beneath every figure).
"""

from accounts.roles import Role, Scope

STATEMENT = "fund.statement"  # the statements: not a table, a kind of record that can be granted

GRANTS: list[tuple[str, str, str, str]] = [
    (Role.ACCOUNTANT, "view", "fund.*", Scope.COUNTRY),
    (Role.ACCOUNTANT, "add", "fund.*", Scope.COUNTRY),
    (Role.ACCOUNTANT, "change", "fund.*", Scope.COUNTRY),
    (Role.ACCOUNTANT, "export", "fund.*", Scope.COUNTRY),
    (Role.ACCOUNTANT, "identify", "people.person", Scope.COUNTRY),
    (Role.CONTROLLER, "view", "fund.*", Scope.COUNTRY),
    (Role.CONTROLLER, "export", "fund.*", Scope.COUNTRY),
    (Role.CONTROLLER, "change", "fund.period", Scope.COUNTRY),
    (Role.CONTROLLER, "decide", "fund.*", Scope.COUNTRY),
    (Role.CONTROLLER, "identify", "people.person", Scope.COUNTRY),
    (Role.OFFICER, "view", "fund.paymentline", Scope.TERRITORY),
    (Role.OFFICER, "view", "fund.receivable", Scope.TERRITORY),
    (Role.OFFICER, "view", "fund.insurancepolicy", Scope.TERRITORY),
    (Role.OFFICER, "view", "fund.insuranceclaim", Scope.TERRITORY),
    (Role.OFFICER, "view", "fund.grant", Scope.TERRITORY),
    (Role.CITIZEN, "view", "fund.paymentline", Scope.OWN),
    (Role.CITIZEN, "view", "fund.receivable", Scope.OWN),
    (Role.CITIZEN, "view", "fund.insurancepolicy", Scope.OWN),
    (Role.CITIZEN, "view", "fund.insuranceclaim", Scope.OWN),
    (Role.CITIZEN, "view", "fund.grant", Scope.OWN),
    (Role.MINISTRY, "view", STATEMENT, Scope.COUNTRY),
    (Role.MINISTRY, "export", STATEMENT, Scope.COUNTRY),
    (Role.MINISTRY, "view", "fund.account", Scope.COUNTRY),
    (Role.MINISTRY, "view", "fund.journalentry", Scope.COUNTRY),
    (Role.MINISTRY, "view", "fund.posting", Scope.COUNTRY),
    (Role.AUDITOR, "view", "fund.*", Scope.COUNTRY),
]
