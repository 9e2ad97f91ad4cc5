"""The relocation room's default grants (installed by migration 0002; administrators may change the rows).

Officers act in the receiving region of an application (its career centre decides and follows it up); the
ministry sees the programme nationally and sets quotas; the fund's accountant and controller read payment
orders; a researcher reads applications without identities (the API and pages drop IINs and names).
"""

from accounts.roles import Role, Scope

APPLICATION = "relocation.application"
MEMBER = "relocation.applicationmember"
DOCUMENT = "relocation.document"
TRANSITION = "relocation.transition"
AGREEMENT = "relocation.agreement"
ORDER = "relocation.paymentorder"
FLAG = "relocation.followupflag"
QUOTA = "relocation.quota"
QUOTA_ORDER = "relocation.quotaorder"
NOTIFICATION = "relocation.notification"
DEBT = "relocation.debt"
DEBT_KINDS = (DEBT, "relocation.debtrepayment", "relocation.instalmentplan", "relocation.exemption",
              "relocation.debtnotice")
BUDGET = "relocation.budget"
OVERRIDE = "relocation.participationoverride"
SNAPSHOT = "relocation.decisionsnapshot"

READ_BY_APPLICANT = (APPLICATION, MEMBER, DOCUMENT, TRANSITION, AGREEMENT, ORDER, FLAG, NOTIFICATION)

GRANTS: list[tuple[str, str, str, str]] = [
    *[(Role.CITIZEN, "view", kind, Scope.OWN) for kind in READ_BY_APPLICANT],
    (Role.CITIZEN, "add", APPLICATION, Scope.OWN),
    (Role.CITIZEN, "change", APPLICATION, Scope.OWN),
    (Role.CITIZEN, "add", DOCUMENT, Scope.OWN),
    *[(Role.OFFICER, "view", kind, Scope.TERRITORY) for kind in READ_BY_APPLICANT if kind != NOTIFICATION],
    (Role.OFFICER, "view", QUOTA, Scope.TERRITORY),
    (Role.OFFICER, "add", APPLICATION, Scope.TERRITORY),
    (Role.OFFICER, "change", APPLICATION, Scope.TERRITORY),
    (Role.OFFICER, "decide", APPLICATION, Scope.TERRITORY),
    (Role.OFFICER, "export", APPLICATION, Scope.TERRITORY),
    (Role.OFFICER, "add", DOCUMENT, Scope.TERRITORY),
    (Role.OFFICER, "change", FLAG, Scope.TERRITORY),
    (Role.OFFICER, "view", NOTIFICATION, Scope.OWN),
    *[(Role.MINISTRY, "view", kind, Scope.COUNTRY) for kind in (*READ_BY_APPLICANT, QUOTA, QUOTA_ORDER)
      if kind != NOTIFICATION],
    (Role.MINISTRY, "view", NOTIFICATION, Scope.OWN),
    (Role.MINISTRY, "export", APPLICATION, Scope.COUNTRY),
    (Role.MINISTRY, "add", QUOTA_ORDER, Scope.COUNTRY),
    (Role.MINISTRY, "change", QUOTA, Scope.COUNTRY),
    (Role.ANALYST, "view", APPLICATION, Scope.TERRITORY),
    (Role.ANALYST, "view", QUOTA, Scope.TERRITORY),
    (Role.ANALYST, "view", QUOTA_ORDER, Scope.COUNTRY),
    (Role.ACCOUNTANT, "view", ORDER, Scope.COUNTRY),
    (Role.CONTROLLER, "view", ORDER, Scope.COUNTRY),
    (Role.RESEARCHER, "view", APPLICATION, Scope.COUNTRY),
    (Role.RESEARCHER, "view", QUOTA, Scope.COUNTRY),
    (Role.RESEARCHER, "view", QUOTA_ORDER, Scope.COUNTRY),
    (Role.AUDITOR, "view", TRANSITION, Scope.COUNTRY),
    # Debts (migration 0004): the family sees its own, the career centre decides them, the fund and the
    # ministry read them nationally.
    *[(Role.CITIZEN, "view", kind, Scope.OWN) for kind in DEBT_KINDS],
    *[(Role.OFFICER, "view", kind, Scope.TERRITORY) for kind in DEBT_KINDS],
    (Role.OFFICER, "change", DEBT, Scope.TERRITORY),
    *[(Role.MINISTRY, "view", kind, Scope.COUNTRY) for kind in DEBT_KINDS],
    (Role.ACCOUNTANT, "view", DEBT, Scope.COUNTRY),
    (Role.CONTROLLER, "view", DEBT, Scope.COUNTRY),
    (Role.AUDITOR, "view", DEBT, Scope.COUNTRY),
    # issue 17: budgets (entered by the ministry), overrides of participation checks (two officers), snapshots
    (Role.MINISTRY, "view", BUDGET, Scope.COUNTRY),
    (Role.MINISTRY, "add", BUDGET, Scope.COUNTRY),
    (Role.MINISTRY, "change", BUDGET, Scope.COUNTRY),
    (Role.OFFICER, "view", BUDGET, Scope.TERRITORY),
    (Role.ACCOUNTANT, "view", BUDGET, Scope.COUNTRY),
    (Role.CONTROLLER, "view", BUDGET, Scope.COUNTRY),
    (Role.AUDITOR, "view", BUDGET, Scope.COUNTRY),
    (Role.OFFICER, "view", OVERRIDE, Scope.TERRITORY),
    (Role.OFFICER, "add", OVERRIDE, Scope.TERRITORY),
    (Role.OFFICER, "decide", OVERRIDE, Scope.TERRITORY),
    (Role.MINISTRY, "view", OVERRIDE, Scope.COUNTRY),
    (Role.AUDITOR, "view", OVERRIDE, Scope.COUNTRY),
    (Role.OFFICER, "view", SNAPSHOT, Scope.TERRITORY),
    (Role.MINISTRY, "view", SNAPSHOT, Scope.COUNTRY),
    (Role.AUDITOR, "view", SNAPSHOT, Scope.COUNTRY),
]
