"""Install the surveys room's default grants (frozen here; surveys/policy.py lists the same for post_migrate)."""

from django.db import migrations

GRANTS = [
    ('researcher', 'view', 'surveys.form', 'country'),
    ('researcher', 'add', 'surveys.form', 'country'),
    ('researcher', 'change', 'surveys.form', 'country'),
    ('researcher', 'view', 'surveys.formversion', 'country'),
    ('researcher', 'add', 'surveys.formversion', 'country'),
    ('researcher', 'change', 'surveys.formversion', 'country'),
    ('researcher', 'view', 'surveys.assignment', 'country'),
    ('researcher', 'add', 'surveys.assignment', 'country'),
    ('researcher', 'change', 'surveys.assignment', 'country'),
    ('researcher', 'view', 'surveys.weightingrun', 'country'),
    ('researcher', 'add', 'surveys.weightingrun', 'country'),
    ('researcher', 'change', 'surveys.weightingrun', 'country'),
    ('ministry', 'view', 'surveys.form', 'country'),
    ('ministry', 'add', 'surveys.form', 'country'),
    ('ministry', 'change', 'surveys.form', 'country'),
    ('ministry', 'view', 'surveys.formversion', 'country'),
    ('ministry', 'add', 'surveys.formversion', 'country'),
    ('ministry', 'change', 'surveys.formversion', 'country'),
    ('ministry', 'view', 'surveys.assignment', 'country'),
    ('ministry', 'add', 'surveys.assignment', 'country'),
    ('ministry', 'change', 'surveys.assignment', 'country'),
    ('ministry', 'view', 'surveys.weightingrun', 'country'),
    ('ministry', 'add', 'surveys.weightingrun', 'country'),
    ('ministry', 'change', 'surveys.weightingrun', 'country'),
    ('researcher', 'view', 'surveys.submission', 'country'),
    ('researcher', 'export', 'surveys.submission', 'country'),
    ('ministry', 'view', 'surveys.submission', 'country'),
    ('ministry', 'export', 'surveys.submission', 'country'),
    ('analyst', 'view', 'surveys.form', 'country'),
    ('analyst', 'view', 'surveys.formversion', 'country'),
    ('analyst', 'view', 'surveys.submission', 'territory'),
    ('analyst', 'view', 'surveys.weightingrun', 'country'),
    ('enumerator', 'view', 'surveys.assignment', 'own'),
    ('enumerator', 'view', 'surveys.formversion', 'country'),
    ('enumerator', 'view', 'surveys.submission', 'own'),
    ('enumerator', 'add', 'surveys.submission', 'own'),
]


def install(apps, schema_editor):
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in GRANTS:
        permission.objects.update_or_create(role=role, action=action, kind=kind, defaults={"scope": scope})


def remove(apps, schema_editor):
    permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in GRANTS:
        permission.objects.filter(role=role, action=action, kind=kind).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [migrations.RunPython(install, remove)]
