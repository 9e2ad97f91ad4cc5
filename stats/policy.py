"""Grants for the statistics room: analysts see their territory, the ministry and researchers the country.

Researchers see only aggregated figures: the stats room never hands out events or persons, only counts.
Installed by migration 0002; administrators may change the rows.
"""

GRANTS = [
    (role, action, kind, scope)
    for role, scope in (("analyst", "territory"), ("ministry", "country"), ("researcher", "country"))
    for kind in ("stats.observation", "stats.flow")
    for action in ("view", "export")
] + [("ministry", "view", "stats.statisticsimport", "country")]
