"""The register's event counts by age band instead of year of age (about nine times fewer cells), kept at two
grains (month and year) and two details (by sex and age band, and all persons) — the grouping sets the pages ask
for, so each statistics query sums only the rows of its own shape — and the counting trigger fires always — also in the import's chunks,
which switch the per-row foreign-key triggers off (session_replication_role = replica) and check the keys
set-based (registry/importer/storing.py)."""

from django.db import migrations, models

# Frozen here as the trigger counts them: the lower bounds of the bands (EventCount.AGE_BANDS when written).
AGE_BANDS = (0, 15, 25, 35, 45, 55, 65)


def band(column: str) -> str:
    whens = " ".join(f"WHEN {column} < {hi} THEN {lo}" for lo, hi in zip(AGE_BANDS, AGE_BANDS[1:], strict=False))
    return f"(CASE {whens} ELSE {AGE_BANDS[-1]} END)"


CELL = "e.kind, e.origin_region_id, e.destination_region_id"
SETS = f"GROUPING SETS ((e.month, {CELL}, e.sex, e.band), (e.month, {CELL}), (e.year, {CELL}, e.sex, e.band), (e.year, {CELL}))"
# A row of the year grain has its year's first day as `month`; sex and band are null in a row of all persons
CELLS = f"""
    SELECT CASE WHEN GROUPING(e.month) = 0 THEN 'month' ELSE 'year' END, coalesce(e.month, e.year), e.kind,
           e.origin_region_id, e.destination_region_id, e.sex, e.band, sum(e.sign)
    FROM (SELECT date_trunc('month', d.event_date)::date AS month, date_trunc('year', d.event_date)::date AS year,
                 d.kind, d.origin_region_id, d.destination_region_id, d.sex, {band('d.age')} AS band, d.sign
          FROM ({{events}}) d) e
    GROUP BY {SETS}"""
NEW_EVENTS = """SELECT event_date, kind, origin_region_id, destination_region_id, sex, age, 1 AS sign
                FROM registry_new_events WHERE NOT annulled
                UNION ALL
                SELECT c.event_date, c.kind, c.origin_region_id, c.destination_region_id, c.sex, c.age, -1
                FROM registry_new_events x JOIN registry_migrationevent c ON c.id = x.corrects_id"""
ALL_EVENTS = """SELECT e.event_date, e.kind, e.origin_region_id, e.destination_region_id, e.sex, e.age, 1 AS sign
                FROM registry_migrationevent e
                WHERE NOT e.annulled AND NOT EXISTS (SELECT 1 FROM registry_migrationevent c WHERE c.corrects_id = e.id)"""
COLUMNS = "grain, month, kind, origin_region_id, destination_region_id, sex, age_band, n"

COUNT_FUNCTION = f"""
DROP TRIGGER IF EXISTS registry_count_events ON registry_migrationevent;
CREATE OR REPLACE FUNCTION registry_count_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO registry_eventcount ({COLUMNS}) {CELLS.format(events=NEW_EVENTS)};
    RETURN NULL;
END $$;
CREATE TRIGGER registry_count_events AFTER INSERT ON registry_migrationevent
    REFERENCING NEW TABLE AS registry_new_events FOR EACH STATEMENT EXECUTE FUNCTION registry_count_events();
ALTER TABLE registry_migrationevent ENABLE ALWAYS TRIGGER registry_count_events;
DELETE FROM registry_eventcount;
INSERT INTO registry_eventcount ({COLUMNS}) {CELLS.format(events=ALL_EVENTS)};
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COUNT_FUNCTION)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS registry_count_events ON registry_migrationevent;"
                              "DELETE FROM registry_eventcount;")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0009_restore_one_active_permanent_index"),
    ]

    operations = [
        migrations.RunPython(drop_trigger, migrations.RunPython.noop),
        migrations.RemoveField(model_name="eventcount", name="age"),
        migrations.RemoveIndex(model_name="eventcount", name="registry_eventcount_month"),
        migrations.AlterField(model_name="eventcount", name="sex", field=models.CharField(max_length=6, null=True)),
        migrations.AddField(model_name="eventcount", name="age_band", field=models.PositiveSmallIntegerField(null=True)),
        migrations.AddField(model_name="eventcount", name="grain", field=models.CharField(default="month", max_length=5),
                            preserve_default=False),
        migrations.AddIndex(model_name="eventcount", index=models.Index(fields=["grain", "month"],
                                                                        name="registry_count_grain_month")),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
