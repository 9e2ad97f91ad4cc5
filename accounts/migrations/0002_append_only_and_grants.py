"""The database itself refuses to change audit rows; and the foundation's default grants. Everything it installs is written here (frozen data), never imported from today's code."""

from django.db import migrations

# (role, action, kind, scope): the grants this migration installed on 29 Nov 2026, frozen.
GRANTS = [
    ('admin', '*', '*', 'country'),
    ('auditor', 'view', 'accounts.changerecord', 'country'),
    ('auditor', 'view', 'accounts.accesslog', 'country'),
    ('auditor', 'view', 'accounts.user', 'country'),
    ('citizen', 'view', 'people.person', 'own'),
    ('citizen', 'identify', 'people.person', 'own'),
    ('citizen', 'view', 'people.family', 'own'),
    ('officer', 'view', 'people.person', 'territory'),
    ('officer', 'identify', 'people.person', 'territory'),
    ('officer', 'add', 'people.person', 'territory'),
    ('officer', 'change', 'people.person', 'territory'),
    ('officer', 'export', 'people.person', 'territory'),
    ('officer', 'view', 'people.family', 'territory'),
    ('officer', 'add', 'people.family', 'territory'),
    ('officer', 'change', 'people.family', 'territory'),
    ('ministry', 'view', 'people.person', 'country'),
    ('ministry', 'identify', 'people.person', 'country'),
    ('ministry', 'export', 'people.person', 'country'),
    ('ministry', 'view', 'people.family', 'country'),
    ('researcher', 'view', 'people.person', 'country'),
    ('researcher', 'export', 'people.person', 'country'),
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
    dependencies = [('accounts', '0001_initial')]

    operations = [
        refuse_changes('accounts_changerecord', 'audit trail is append-only'),
        refuse_changes('accounts_accesslog', 'audit trail is append-only'),
        migrations.RunPython(install_grants, remove_grants),
    ]
