"""IdempotencyRecord moves here from registry, keeping its table `registry_idempotencyrecord` and its rows.

State only: the table was created by registry 0001 (hence the dependency on it, so that it exists before any
later accounts migration touches it); registry 0003 then drops the model from registry's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_append_only_and_grants"),
        ("registry", "0001_initial"),
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
    ]
