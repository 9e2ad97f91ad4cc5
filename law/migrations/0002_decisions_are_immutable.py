"""The database refuses to change a decision (lib/db_guards.py); who may read decisions (law/policy.py)."""

from django.db import migrations

from accounts.policy import grants_operation
from law.policy import GRANTS
from lib.db_guards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [
        refuse_changes("law_decision", "decisions are immutable"),
        grants_operation(GRANTS),
    ]
