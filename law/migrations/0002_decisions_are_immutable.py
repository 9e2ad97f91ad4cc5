"""The database refuses to change a decision (UPDATE always, DELETE on PostgreSQL); who may read decisions.

SQLite's DELETE is refused by the ORM only (the test runner empties SQLite tables with DELETE); on PostgreSQL
the test runner uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

from accounts.policy import install_grants, remove_grants
from law.policy import GRANTS

TABLE = "law_decision"



def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION koshi_law_decision_immutable() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'decisions are immutable'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION koshi_law_decision_immutable();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE}")


def add_grants(apps, schema_editor):
    install_grants(apps, GRANTS)


def drop_grants(apps, schema_editor):
    remove_grants(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(add_grants, drop_grants),
    ]
