"""Make the database itself refuse to change rows that are facts (audit trail, decisions, migration events).

PostgreSQL refuses UPDATE and DELETE of any row. TRUNCATE, an owner-only maintenance statement (and how
the test runner empties tables), is left to the database's privileges: the application's role in production
does not own the tables. SQLite refuses UPDATE; its DELETE is refused by the ORM (the test runner empties
SQLite tables with DELETE).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def refuse_changes(table: str, message: str) -> migrations.RunPython:
    """A migration operation that installs (and, reversed, removes) the guard triggers on `table`."""
    name = f"{table}_refuse_change"
    quoted = message.replace("'", "''")

    def forwards(apps: Any, schema_editor: Any) -> None:
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

    def backwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    return migrations.RunPython(forwards, backwards)
