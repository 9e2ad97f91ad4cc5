"""Migration events are facts: the database refuses to change them (lib/db_guards.py). And the room's grants."""

from django.db import migrations

from accounts.policy import grants_operation
from lib.db_guards import refuse_changes
from registry.policy import GRANTS


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [
        refuse_changes("registry_migrationevent", "migration events are facts: correct them with a new event"),
        grants_operation(GRANTS),
    ]
