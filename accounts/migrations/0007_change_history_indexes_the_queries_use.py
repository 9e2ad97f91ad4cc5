"""The change history keeps the indexes its queries use, and no more (issue 12: every import writes one record per
row). Before: eight (the key; `at`; (at, id); `kind` and its pattern copy; `object_id` and its pattern copy;
`actor_id`). The trail's queries (accounts.selectors.change_history: the page, the API; the bulk import's
carriers) filter by kind, action, actor label, number and day, ordered by (at, id), and never by a pattern or by
`actor_id`: (at, id), (kind, at, id) and (object_id, kind) answer every one (EXPLAIN in accounts/README.md).
After: four.

The fields lose `db_index` in the migration state only; the database drops the indexes by name. On SQLite an
AlterField rebuilds the table, which would drop the append-only triggers of migration 0002 — a DROP INDEX never
touches them (accounts/tests test that the trail refuses UPDATE and DELETE on both databases)."""

from django.db import migrations, models

# The indexes dropped, as Django named them (identical on both databases; the pattern copies exist on PostgreSQL
# only), with the statements that made them (for the way back).
DROPPED = {
    "accounts_changerecord_at_9766977b": "(at)",
    "accounts_changerecord_actor_id_5096d4e9": "(actor_id)",
    "accounts_changerecord_kind_0f2bfa45": "(kind)",
    "accounts_changerecord_kind_0f2bfa45_like": "(kind varchar_pattern_ops)",
    "accounts_changerecord_object_id_d7e1076a": "(object_id)",
    "accounts_changerecord_object_id_d7e1076a_like": "(object_id varchar_pattern_ops)",
}


def drop(apps, schema_editor):
    for name in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, columns in DROPPED.items():
        if pg or "pattern" not in columns:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON accounts_changerecord {columns}")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_keyset_index_of_the_audit_trail'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='changerecord',
                    name='at',
                    field=models.DateTimeField(auto_now_add=True),
                ),
                migrations.AlterField(
                    model_name='changerecord',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=models.deletion.DO_NOTHING, related_name='+', to='accounts.user'),
                ),
                migrations.AlterField(
                    model_name='changerecord',
                    name='kind',
                    field=models.CharField(help_text='app_label.modelname', max_length=60),
                ),
                migrations.AlterField(
                    model_name='changerecord',
                    name='object_id',
                    field=models.CharField(max_length=64),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
        migrations.AddIndex(
            model_name='changerecord',
            index=models.Index(fields=['kind', 'at', 'id'], name='accounts_change_kind_at_id'),
        ),
        migrations.AddIndex(
            model_name='changerecord',
            index=models.Index(fields=['object_id', 'kind'], name='accounts_change_object'),
        ),
    ]
