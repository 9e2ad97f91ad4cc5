"""The books' rules in the database, the chart of accounts, and the room's grants.

- An entry's postings sum to zero: on PostgreSQL a DEFERRABLE INITIALLY DEFERRED constraint trigger checks each
  entry touched by a transaction at its commit (so postings may be written one by one, but an unbalanced entry
  never commits, whoever writes it); every entry has at least two postings, checked the same way. SQLite has
  no deferred triggers: there a new entry is refused while the latest one is unbalanced, and postings may only
  be added to the latest entry, so every entry but the one being written is balanced (and Koshi's services
  check the balance before they write).
- A closed month refuses entries and postings (both databases); on PostgreSQL the check takes a share lock on
  the month's row, so a posting and the month's closing are serialised.
- Entries, postings and period acts are never changed or deleted (a frozen copy of lib/db_guards.refuse_changes below).
- The chart of accounts comes from the frozen file beside this migration (data/chart_of_accounts_0002.yaml).
- The grants are written here literally (frozen): fund/policy.py lists the same tuples for post_migrate.
"""

from pathlib import Path

import yaml
from django.db import migrations


CHART = Path(__file__).parent / "data" / "chart_of_accounts_0002.yaml"

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION fund_entry_balanced() RETURNS trigger AS $$
    DECLARE total bigint;
    BEGIN
        SELECT COALESCE(SUM(amount), 0) INTO total FROM fund_posting WHERE entry_id = NEW.entry_id;
        IF total <> 0 THEN
            RAISE EXCEPTION 'journal entry % is not balanced: its postings sum to % tiyn', NEW.entry_id, total
                USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql;
    """,
    """
    CREATE CONSTRAINT TRIGGER fund_posting_balanced AFTER INSERT ON fund_posting
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fund_entry_balanced();
    """,
    """
    CREATE OR REPLACE FUNCTION fund_entry_has_postings() RETURNS trigger AS $$
    DECLARE n integer;
    BEGIN
        SELECT COUNT(*) INTO n FROM fund_posting WHERE entry_id = NEW.id;
        IF n < 2 THEN
            RAISE EXCEPTION 'journal entry % has % posting(s): an entry has at least two', NEW.id, n
                USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql;
    """,
    """
    CREATE CONSTRAINT TRIGGER fund_entry_has_postings AFTER INSERT ON fund_journalentry
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fund_entry_has_postings();
    """,
    """
    CREATE OR REPLACE FUNCTION fund_entry_period_open() RETURNS trigger AS $$
    DECLARE closed boolean;
    BEGIN
        SELECT is_closed INTO closed FROM fund_period
            WHERE month = date_trunc('month', NEW.date)::date FOR SHARE;
        IF closed THEN
            RAISE EXCEPTION 'the period % is closed: it takes no postings', to_char(NEW.date, 'YYYY-MM')
                USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER fund_entry_period_open BEFORE INSERT ON fund_journalentry
        FOR EACH ROW EXECUTE FUNCTION fund_entry_period_open();
    """,
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
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER fund_posting_period_open BEFORE INSERT ON fund_posting
        FOR EACH ROW EXECUTE FUNCTION fund_posting_period_open();
    """,
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS fund_posting_period_open ON fund_posting",
    "DROP FUNCTION IF EXISTS fund_posting_period_open()",
    "DROP TRIGGER IF EXISTS fund_entry_period_open ON fund_journalentry",
    "DROP FUNCTION IF EXISTS fund_entry_period_open()",
    "DROP TRIGGER IF EXISTS fund_entry_has_postings ON fund_journalentry",
    "DROP FUNCTION IF EXISTS fund_entry_has_postings()",
    "DROP TRIGGER IF EXISTS fund_posting_balanced ON fund_posting",
    "DROP FUNCTION IF EXISTS fund_entry_balanced()",
]

SQLITE_FORWARD = [
    """
    CREATE TRIGGER fund_entry_after_balanced BEFORE INSERT ON fund_journalentry
    WHEN (SELECT COALESCE(SUM(amount), 0) FROM fund_posting
          WHERE entry_id = (SELECT MAX(id) FROM fund_journalentry)) != 0
    BEGIN SELECT RAISE(ABORT, 'the latest journal entry is not balanced: no new entry until it is'); END;
    """,
    """
    CREATE TRIGGER fund_posting_to_latest_entry BEFORE INSERT ON fund_posting
    WHEN NEW.entry_id != (SELECT MAX(id) FROM fund_journalentry)
    BEGIN SELECT RAISE(ABORT, 'postings are added only to the entry being written'); END;
    """,
    """
    CREATE TRIGGER fund_entry_period_open BEFORE INSERT ON fund_journalentry
    WHEN EXISTS (SELECT 1 FROM fund_period WHERE month = strftime('%Y-%m-01', NEW.date) AND is_closed)
    BEGIN SELECT RAISE(ABORT, 'the period is closed: it takes no postings'); END;
    """,
    """
    CREATE TRIGGER fund_posting_period_open BEFORE INSERT ON fund_posting
    WHEN EXISTS (SELECT 1 FROM fund_period p JOIN fund_journalentry e ON p.month = strftime('%Y-%m-01', e.date)
                 WHERE e.id = NEW.entry_id AND p.is_closed)
    BEGIN SELECT RAISE(ABORT, 'the period is closed: it takes no postings'); END;
    """,
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS fund_posting_period_open",
    "DROP TRIGGER IF EXISTS fund_entry_period_open",
    "DROP TRIGGER IF EXISTS fund_posting_to_latest_entry",
    "DROP TRIGGER IF EXISTS fund_entry_after_balanced",
]


def install_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, []):
        schema_editor.execute(sql, None)


def remove_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql, None)


def load_chart(apps, schema_editor):
    account = apps.get_model("fund", "Account")
    unit = apps.get_model("geo", "TerritorialUnit")
    data = yaml.safe_load(CHART.read_text(encoding="utf-8"))
    regions = data["regions"]
    by_code = {}
    for row in data["accounts"]:
        parent = by_code.get(row.get("parent"))
        acc = account.objects.create(
            code=row["code"], name_kk=row["kk"], name_ru=row["ru"], name_en=row["en"], kind=row["kind"],
            parent=parent, is_group=bool(row.get("group")), measure=row.get("measure", ""),
            role=row.get("role", ""),
        )
        by_code[acc.code] = acc
        if row.get("by_region"):
            for reg in regions:
                account.objects.create(
                    code=f"{row['code']}.{reg['code']}", kind=row["kind"], parent=acc, is_group=False,
                    name_kk=f"{row['kk']} — {reg['kk']}", name_ru=f"{row['ru']} — {reg['ru']}",
                    name_en=f"{row['en']} — {reg['en']}", measure=row.get("measure", ""),
                    role=row.get("role", ""),
                    region=unit.objects.filter(code=reg["code"], valid_to__isnull=True).first(),
                )


def unload_chart(apps, schema_editor):
    account = apps.get_model("fund", "Account")
    account.objects.filter(parent__isnull=False, region__isnull=False).delete()
    account.objects.filter(parent__isnull=False).delete()
    account.objects.all().delete()


# (role, action, kind, scope) — the same as fund/policy.py's GRANTS on the day this migration was written
GRANTS = [
    ("accountant", "view", "fund.*", "country"),
    ("accountant", "add", "fund.*", "country"),
    ("accountant", "change", "fund.*", "country"),
    ("accountant", "export", "fund.*", "country"),
    ("accountant", "identify", "people.person", "country"),
    ("controller", "view", "fund.*", "country"),
    ("controller", "export", "fund.*", "country"),
    ("controller", "change", "fund.period", "country"),
    ("controller", "decide", "fund.*", "country"),
    ("controller", "identify", "people.person", "country"),
    ("officer", "view", "fund.paymentline", "territory"),
    ("officer", "view", "fund.receivable", "territory"),
    ("officer", "view", "fund.insurancepolicy", "territory"),
    ("officer", "view", "fund.insuranceclaim", "territory"),
    ("officer", "view", "fund.grant", "territory"),
    ("citizen", "view", "fund.paymentline", "own"),
    ("citizen", "view", "fund.receivable", "own"),
    ("citizen", "view", "fund.insurancepolicy", "own"),
    ("citizen", "view", "fund.insuranceclaim", "own"),
    ("citizen", "view", "fund.grant", "own"),
    ("ministry", "view", "fund.statement", "country"),
    ("ministry", "export", "fund.statement", "country"),
    ("ministry", "view", "fund.account", "country"),
    ("ministry", "view", "fund.journalentry", "country"),
    ("ministry", "view", "fund.posting", "country"),
    ("auditor", "view", "fund.*", "country"),
]


def install_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in GRANTS:
        Permission.objects.update_or_create(role=role, action=action, kind=kind, defaults={"scope": scope})


def remove_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in GRANTS:
        Permission.objects.filter(role=role, action=action, kind=kind).delete()


def refuse_changes(table, message):
    """The guard triggers on `table` (a frozen copy of lib/db_guards.py of 29 Nov 2026):
    PostgreSQL refuses UPDATE and DELETE of a row, SQLite refuses UPDATE."""
    name = f"{table}_refuse_change"
    quoted = message.replace("'", "''")

    def forwards(apps, schema_editor):
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

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    return migrations.RunPython(forwards, backwards)


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0001_initial"),
        ("geo", "0003_unit_centroids"),
        ("accounts", "0002_append_only_and_grants"),
    ]

    operations = [
        migrations.RunPython(install_rules, remove_rules),
        refuse_changes("fund_journalentry", "journal entries are never changed: post a reversing entry"),
        refuse_changes("fund_posting", "postings are never changed: post a reversing entry"),
        refuse_changes("fund_periodact", "the acts of closing and reopening periods are facts"),
        migrations.RunPython(load_chart, unload_chart),
        migrations.RunPython(install_grants, remove_grants),
    ]
