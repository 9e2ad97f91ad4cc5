"""IdempotencyRecord now belongs to accounts (accounts 0003 takes over the same table): drop it from state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_events_are_facts_and_grants"),
        ("accounts", "0003_idempotency_record_from_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyRecord")],
            database_operations=[],
        ),
    ]
