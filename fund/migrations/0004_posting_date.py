"""A posting carries its entry's date, so that statements aggregate one table without a join (bench/ledger.py).

The database keeps it true: on PostgreSQL the posting's insert trigger (which already reads the entry's date to
refuse closed periods) sets it from the entry, whatever the writer sent; on SQLite a trigger refuses a posting
whose date is not its entry's. Existing postings get their entry's date (the append-only guard is lifted for that
one statement and put back).
"""

from django.db import migrations, models

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION fund_posting_period_open() RETURNS trigger AS $$
    DECLARE closed boolean; day date;
    BEGIN
        SELECT e.date INTO day FROM fund_journalentry e WHERE e.id = NEW.entry_id;
        SELECT is_closed INTO closed FROM fund_period WHERE month = date_trunc('month', day)::date FOR SHARE;
        IF closed THEN
            RAISE EXCEPTION 'the period % is closed: it takes no postings', to_char(day, 'YYYY-MM')
                USING ERRCODE = '23514';
        END IF;
        NEW.date := day;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;
    """,
    "ALTER TABLE fund_posting DISABLE TRIGGER fund_posting_refuse_change",
    "UPDATE fund_posting p SET date = e.date FROM fund_journalentry e WHERE e.id = p.entry_id AND p.date IS NULL",
    "ALTER TABLE fund_posting ENABLE TRIGGER fund_posting_refuse_change",
]

SQLITE_GUARD = ("CREATE TRIGGER fund_posting_refuse_change BEFORE UPDATE ON fund_posting BEGIN "
                "SELECT RAISE(ABORT, 'postings are never changed: post a reversing entry'); END;")

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS fund_posting_refuse_change",
    "UPDATE fund_posting SET date = (SELECT e.date FROM fund_journalentry e WHERE e.id = fund_posting.entry_id) "
    "WHERE date IS NULL",
    SQLITE_GUARD,
    """
    CREATE TRIGGER fund_posting_date_is_entry_date BEFORE INSERT ON fund_posting
    WHEN NEW.date IS NULL OR NEW.date != (SELECT e.date FROM fund_journalentry e WHERE e.id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, 'a posting is dated as its entry'); END;
    """,
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, []):
        schema_editor.execute(sql, None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS fund_posting_date_is_entry_date", None)


class Migration(migrations.Migration):
    dependencies = [("fund", "0003_payee_accounts")]

    operations = [
        migrations.AddField(model_name="posting", name="date", field=models.DateField(null=True, verbose_name="date")),
        migrations.AddIndex(model_name="posting",
                            index=models.Index(fields=["account", "date"], name="fund_posting_account_date")),
        migrations.RunPython(forwards, backwards),
    ]
