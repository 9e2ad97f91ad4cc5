"""The accounts room's data version (lib/data_versions.py): a trigger on the grants table gives the room
"accounts" a new token in the writing transaction, so that each server process may keep a role's grants in memory
(accounts.permissions) and still see a changed grant on its next request. Frozen SQL; the table of tokens and
PostgreSQL's function are geo's (geo/migrations/0004_data_versions.py)."""

from typing import Any

from django.db import migrations

ROOM = "accounts"
TABLES = ["accounts_permission"]


def install(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION koshi_bump_data_version('{ROOM}')")
        elif vendor == "sqlite":  # SQLite has row triggers only
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_data_version_{event.lower()} AFTER {event} ON {table} BEGIN "
                    f"INSERT OR REPLACE INTO koshi_data_version (name, token) VALUES ('{ROOM}', random()); END")


def remove(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version_{event}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_change_record_labels_in_each_language"), ("geo", "0004_data_versions")]

    operations = [migrations.RunPython(install, remove)]
