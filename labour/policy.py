"""The labour room's default grants (installed by migration 0002; administrators may change the rows)."""

from accounts.roles import Role, Scope

EMPLOYER = "labour.employer"
CONTRACT = "labour.employmentcontract"
ENTRY = "labour.contractentry"
SEEKER = "labour.jobseeker"
VACANCY = "labour.vacancy"
RUN = "labour.matchrun"
PROPOSAL = "labour.matchproposal"
OFFER = "labour.joboffer"
PROVIDER = "labour.courseprovider"
COURSE = "labour.course"
DUTY = "labour.courseduty"
ENROLMENT = "labour.enrolment"
NOTICE = "labour.notice"
REPLY = "labour.noticereply"

VACANCY_GRANTS: list[tuple[str, str, str, str]] = [
    # employers: their own vacancies, the proposals for them, their migrants' course duties, their region's notices
    *[(Role.EMPLOYER, a, VACANCY, Scope.OWN) for a in ("view", "add", "change")],
    (Role.EMPLOYER, "view", PROPOSAL, Scope.OWN),
    (Role.EMPLOYER, "view", DUTY, Scope.OWN),
    *[(Role.EMPLOYER, a, ENROLMENT, Scope.OWN) for a in ("view", "add", "change")],
    (Role.EMPLOYER, "view", COURSE, Scope.COUNTRY),
    (Role.EMPLOYER, "view", PROVIDER, Scope.COUNTRY),
    (Role.EMPLOYER, "view", NOTICE, Scope.OWN),
    *[(Role.EMPLOYER, a, REPLY, Scope.OWN) for a in ("view", "add")],
    # citizens: search every open vacancy; their own offers
    (Role.CITIZEN, "view", VACANCY, Scope.COUNTRY),
    *[(Role.CITIZEN, a, OFFER, Scope.OWN) for a in ("view", "change")],
    # officers (career centres): their territory
    *[(Role.OFFICER, a, VACANCY, Scope.TERRITORY) for a in ("view", "export")],
    *[(Role.OFFICER, a, RUN, Scope.TERRITORY) for a in ("view", "add")],
    *[(Role.OFFICER, a, PROPOSAL, Scope.TERRITORY) for a in ("view", "decide")],
    (Role.OFFICER, "view", OFFER, Scope.TERRITORY),
    *[(Role.OFFICER, a, k, Scope.TERRITORY) for k in (PROVIDER, COURSE) for a in ("view", "add")],
    (Role.OFFICER, "view", DUTY, Scope.TERRITORY),
    *[(Role.OFFICER, a, ENROLMENT, Scope.TERRITORY) for a in ("view", "change")],
    *[(Role.OFFICER, a, NOTICE, Scope.TERRITORY) for a in ("view", "add")],
    *[(Role.OFFICER, a, REPLY, Scope.TERRITORY) for a in ("view",)],
    # labour inspectors: their territory, read only
    *[(Role.INSPECTOR, "view", k, Scope.TERRITORY)
      for k in (EMPLOYER, CONTRACT, ENTRY, VACANCY, DUTY, ENROLMENT, COURSE, PROVIDER)],
    # ministry: the whole country, and national runs
    *[(Role.MINISTRY, "view", k, Scope.COUNTRY)
      for k in (VACANCY, RUN, PROPOSAL, OFFER, PROVIDER, COURSE, DUTY, ENROLMENT, NOTICE, REPLY)],
    (Role.MINISTRY, "add", RUN, Scope.COUNTRY),
    (Role.MINISTRY, "decide", PROPOSAL, Scope.COUNTRY),
    (Role.ANALYST, "view", VACANCY, Scope.TERRITORY),
]

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
    # Issue 13 (installed by migration 0005): vacancies, matching, courses, the akimat–employer channel
    *VACANCY_GRANTS,
]
