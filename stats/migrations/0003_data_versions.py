"""The stats room's data version (lib/data_versions.py): a trigger on each table the published statistics are
computed from gives the room "stats" a new token in the writing transaction. Frozen SQL; the table of tokens
and PostgreSQL's function are geo's (geo/migrations/0004_data_versions.py)."""

from django.db import migrations

ROOM = "stats"
TABLES = ["stats_statisticsimport", "stats_observation", "stats_flow"]


def install(apps, schema_editor):
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


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_version_{event}")


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_grants"), ("geo", "0004_data_versions")]

    operations = [migrations.RunPython(install, remove)]
