"""Install the labour room's default grants (labour/policy.py)."""

from django.db import migrations

from accounts.policy import grants_operation
from labour.policy import GRANTS


class Migration(migrations.Migration):
    dependencies = [("labour", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [grants_operation(GRANTS)]
