"""Install the stats room's default grants (stats/policy.py)."""

from django.db import migrations

from accounts.policy import grants_operation
from stats.policy import GRANTS


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [grants_operation(GRANTS)]
