"""The import checks foreign keys set-based after loading each chunk (registry/importer/storing.py): it switches
the per-row foreign-key triggers off for the chunk's writes (session_replication_role = replica) — which would
switch off every trigger that is not marked ALWAYS. So the guards that make events and the change history
append-only fire always (the import only inserts, but no trigger is ever skipped silently; storing.fast_checks
also refuses the fast path while any other trigger on the written tables is not ALWAYS).

And the pattern index Django gives a unique text column (natural_key LIKE …) goes: no query searches the
natural key by a pattern, and it cost every imported row."""

from django.db import migrations

FORWARDS = """
ALTER TABLE registry_migrationevent ENABLE ALWAYS TRIGGER registry_migrationevent_refuse_change;
ALTER TABLE accounts_changerecord ENABLE ALWAYS TRIGGER accounts_changerecord_refuse_change;
DO $$ DECLARE name text; BEGIN
    FOR name IN SELECT indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE indrelid = 'registry_registration'::regclass AND c.relname ~ '^registry_registration_natural_key.*_like$'
    LOOP EXECUTE 'DROP INDEX ' || name; END LOOP;
END $$;
"""
BACKWARDS = """
ALTER TABLE registry_migrationevent ENABLE TRIGGER registry_migrationevent_refuse_change;
ALTER TABLE accounts_changerecord ENABLE TRIGGER accounts_changerecord_refuse_change;
CREATE INDEX IF NOT EXISTS registry_registration_natural_key_like ON registry_registration
    (natural_key varchar_pattern_ops);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0011_event_counts_by_band_register"),
        ("accounts", "0002_append_only_and_grants"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
