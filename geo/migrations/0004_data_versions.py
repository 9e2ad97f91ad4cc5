"""Data versions kept by the database (lib/data_versions.py): the table of tokens, the function that gives a room
a new token, and the triggers on the geo room's tables (the units, their aliases and crosswalk, the population).
The SQL is frozen here, never imported from today's code. Other rooms put their own triggers on their own tables
(stats/migrations/0003_data_versions.py) with this function (PostgreSQL) or the same statement (SQLite)."""

from django.db import migrations

TABLE = "CREATE TABLE IF NOT EXISTS koshi_data_version (name varchar(40) PRIMARY KEY, token bigint NOT NULL)"

# PostgreSQL: one new random token per statement (FOR EACH STATEMENT), in the writing transaction
FUNCTION = """
CREATE OR REPLACE FUNCTION koshi_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO koshi_data_version (name, token) VALUES (TG_ARGV[0], floor(random() * 9.0e18)::bigint)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""

ROOM = "geo"
TABLES = ["geo_territorialunit", "geo_unitalias", "geo_unitcrosswalk", "geo_populationcount"]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(TABLE)
    if vendor == "postgresql":
        schema_editor.execute(FUNCTION)
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
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS koshi_bump_data_version()")
    schema_editor.execute("DROP TABLE IF EXISTS koshi_data_version")


class Migration(migrations.Migration):
    dependencies = [("geo", "0003_unit_centroids")]

    operations = [migrations.RunPython(install, remove)]
