"""Grants for the statistics room: analysts see their territory, the ministry and researchers the country.

Researchers see only aggregated figures: the stats room never hands out events or persons, only counts.
"""

from django.db import migrations

from accounts.policy import install_grants, remove_grants

GRANTS = [
    (role, action, kind, scope)
    for role, scope in (("analyst", "territory"), ("ministry", "country"), ("researcher", "country"))
    for kind in ("stats.observation", "stats.flow")
    for action in ("view", "export")
] + [("ministry", "view", "stats.statisticsimport", "country")]


def forwards(apps, schema_editor):
    install_grants(apps, GRANTS)


def backwards(apps, schema_editor):
    remove_grants(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("accounts", "0002_append_only_and_grants")]
    operations = [migrations.RunPython(forwards, backwards)]
