"""The database itself refuses to change audit rows (lib/db_guards.py); and the foundation's default grants."""

from django.db import migrations

from accounts.policy import FOUNDATION_GRANTS, grants_operation
from lib.db_guards import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        refuse_changes("accounts_changerecord", "audit trail is append-only"),
        refuse_changes("accounts_accesslog", "audit trail is append-only"),
        grants_operation(FOUNDATION_GRANTS),
    ]
