"""The database itself refuses to change audit rows; and the foundation's default grants.

PostgreSQL refuses UPDATE and DELETE of any row. TRUNCATE, an owner-only maintenance statement (and
how the test runner empties tables), is left to the database's privileges: the application's role in
production does not own the tables. SQLite refuses UPDATE; its DELETE is refused by the ORM (the test
runner empties SQLite tables with DELETE).
"""

from django.db import migrations

from accounts.policy import FOUNDATION_GRANTS, install_grants, remove_grants

TABLES = ["accounts_changerecord", "accounts_accesslog"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION koshi_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit trail is append-only'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION koshi_append_only();"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


def add_grants(apps, schema_editor):
    install_grants(apps, FOUNDATION_GRANTS)


def drop_grants(apps, schema_editor):
    remove_grants(apps, FOUNDATION_GRANTS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(add_grants, drop_grants),
    ]
