"""Migration events are facts: the database refuses to change them (PostgreSQL refuses UPDATE and DELETE,
SQLite UPDATE; the test runner empties SQLite tables with DELETE). And the room's default grants."""

from django.db import migrations

from accounts.policy import install_grants, remove_grants
from registry.policy import GRANTS

TABLE = "registry_migrationevent"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'migration events are facts: correct them with a new event'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION registry_events_are_facts() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'migration events are facts: correct them with a new event'; END; "
            "$$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_facts BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION registry_events_are_facts();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_facts ON {TABLE}")


def add_grants(apps, schema_editor):
    install_grants(apps, GRANTS)


def drop_grants(apps, schema_editor):
    remove_grants(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(add_grants, drop_grants),
    ]
