"""IdempotencyRecord belongs to accounts (accounts 0003 creates and owns the table registry_idempotencyrecord).

This migration once dropped the model from registry's state; registry 0001 no longer creates it, so there is
nothing left to do. It stays so that databases which applied it keep a valid history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_events_are_facts_and_grants"),
        ("accounts", "0003_idempotency_record_from_registry"),
    ]

    operations: list = []
