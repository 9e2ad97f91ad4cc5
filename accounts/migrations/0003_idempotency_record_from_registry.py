"""IdempotencyRecord belongs to accounts, keeping its first table name `registry_idempotencyrecord` and its rows.

Databases migrated before the move have that table from registry 0001; on them nothing is created. On any
other database the table is created here. accounts depends on no room above it (registry 0001 no longer
creates the table; registry 0003 is empty).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_table_where_missing(apps, schema_editor):
    model = apps.get_model("accounts", "IdempotencyRecord")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_append_only_and_grants"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IdempotencyRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("key", models.CharField(max_length=200)),
                        ("endpoint", models.CharField(max_length=100)),
                        ("request_hash", models.CharField(max_length=64)),
                        ("status_code", models.PositiveSmallIntegerField(default=0)),
                        ("response", models.JSONField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "registry_idempotencyrecord",
                        "constraints": [models.UniqueConstraint(fields=("user", "endpoint", "key"),
                                                                name="registry_idempotency_key_unique")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_table_where_missing, migrations.RunPython.noop),
    ]
