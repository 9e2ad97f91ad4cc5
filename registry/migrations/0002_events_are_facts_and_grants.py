"""Migration events are facts: the database refuses to change them. And the room's grants. Everything it installs is written here (frozen data), never imported from today's code."""

from django.db import migrations

# (role, action, kind, scope): the grants this migration installed on 29 Nov 2026, frozen.
GRANTS = [
    ('officer', 'view', 'registry.registration', 'territory'),
    ('officer', 'add', 'registry.registration', 'territory'),
    ('officer', 'change', 'registry.registration', 'territory'),
    ('officer', 'export', 'registry.registration', 'territory'),
    ('officer', 'view', 'registry.violation', 'territory'),
    ('officer', 'add', 'registry.violation', 'territory'),
    ('officer', 'change', 'registry.violation', 'territory'),
    ('officer', 'export', 'registry.violation', 'territory'),
    ('officer', 'view', 'registry.migrationevent', 'territory'),
    ('officer', 'add', 'registry.migrationevent', 'territory'),
    ('officer', 'export', 'registry.migrationevent', 'territory'),
    ('officer', 'view', 'registry.importbatch', 'territory'),
    ('officer', 'add', 'registry.importbatch', 'territory'),
    ('citizen', 'view', 'registry.registration', 'own'),
    ('citizen', 'add', 'registry.registration', 'own'),
    ('citizen', 'view', 'registry.migrationevent', 'own'),
    ('citizen', 'view', 'registry.violation', 'own'),
    ('employer', 'add', 'registry.registration', 'own'),
    ('ministry', 'view', 'registry.registration', 'country'),
    ('ministry', 'export', 'registry.registration', 'country'),
    ('ministry', 'view', 'registry.migrationevent', 'country'),
    ('ministry', 'export', 'registry.migrationevent', 'country'),
    ('ministry', 'view', 'registry.violation', 'country'),
    ('ministry', 'export', 'registry.violation', 'country'),
    ('ministry', 'view', 'registry.importbatch', 'country'),
    ('ministry', 'export', 'registry.importbatch', 'country'),
    ('ministry', 'add', 'registry.importbatch', 'country'),
    ('ministry', 'add', 'registry.migrationevent', 'country'),
    ('analyst', 'view', 'registry.migrationevent', 'territory'),
    ('analyst', 'export', 'registry.migrationevent', 'territory'),
    ('researcher', 'view', 'registry.migrationevent', 'country'),
    ('researcher', 'export', 'registry.migrationevent', 'country'),
]


def install_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in GRANTS:
        Permission.objects.update_or_create(role=role, action=action, kind=kind, defaults={"scope": scope})


def remove_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in GRANTS:
        Permission.objects.filter(role=role, action=action, kind=kind).delete()


def refuse_changes(table, message):
    """The guard triggers on `table` (a frozen copy of lib/db_guards.py of 29 Nov 2026):
    PostgreSQL refuses UPDATE and DELETE of a row, SQLite refuses UPDATE."""
    name = f"{table}_refuse_change"
    quoted = message.replace("'", "''")

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{quoted}'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{quoted}'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();"
            )

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    return migrations.RunPython(forwards, backwards)


class Migration(migrations.Migration):
    dependencies = [('registry', '0001_initial'), ('accounts', '0002_append_only_and_grants')]

    operations = [
        refuse_changes('registry_migrationevent', 'migration events are facts: correct them with a new event'),
        migrations.RunPython(install_grants, remove_grants),
    ]
