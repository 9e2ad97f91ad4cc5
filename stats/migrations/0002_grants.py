"""Install the statistics room's grants (stats/policy.py)."""

from django.db import migrations

from accounts.policy import install_grants, remove_grants
from stats.policy import GRANTS



def forwards(apps, schema_editor):
    install_grants(apps, GRANTS)


def backwards(apps, schema_editor):
    remove_grants(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("accounts", "0002_append_only_and_grants")]
    operations = [migrations.RunPython(forwards, backwards)]
