"""Restore the partial unique index "one active permanent registration per person" on PostgreSQL.

Migration 0007 removed the person foreign key's own index (db_index=False); Django's schema editor, dropping
the indexes on `person_id` alone, also dropped the unique index that implements the constraint
`registry_one_active_permanent_per_person` (a unique index with a WHERE clause on the same column). SQLite rebuilds
the table with its constraints and kept it. Written out here, as the constraint declares it.
"""

from django.db import migrations

CREATE = """CREATE UNIQUE INDEX IF NOT EXISTS registry_one_active_permanent_per_person
            ON registry_registration (person_id) WHERE kind = 'permanent' AND is_active"""


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_event_counts")]
    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
