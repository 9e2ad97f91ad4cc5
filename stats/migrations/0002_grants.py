"""Install the stats room's default grants. Everything it installs is written here (frozen data), never imported from today's code."""

from django.db import migrations

# (role, action, kind, scope): the grants this migration installed on 29 Nov 2026, frozen.
GRANTS = [
    ('analyst', 'view', 'stats.observation', 'territory'),
    ('analyst', 'export', 'stats.observation', 'territory'),
    ('analyst', 'view', 'stats.flow', 'territory'),
    ('analyst', 'export', 'stats.flow', 'territory'),
    ('ministry', 'view', 'stats.observation', 'country'),
    ('ministry', 'export', 'stats.observation', 'country'),
    ('ministry', 'view', 'stats.flow', 'country'),
    ('ministry', 'export', 'stats.flow', 'country'),
    ('researcher', 'view', 'stats.observation', 'country'),
    ('researcher', 'export', 'stats.observation', 'country'),
    ('researcher', 'view', 'stats.flow', 'country'),
    ('researcher', 'export', 'stats.flow', 'country'),
    ('ministry', 'view', 'stats.statisticsimport', 'country'),
]


def install_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, scope in GRANTS:
        Permission.objects.update_or_create(role=role, action=action, kind=kind, defaults={"scope": scope})


def remove_grants(apps, schema_editor):
    Permission = apps.get_model("accounts", "Permission")
    for role, action, kind, _scope in GRANTS:
        Permission.objects.filter(role=role, action=action, kind=kind).delete()


class Migration(migrations.Migration):
    dependencies = [('stats', '0001_initial'), ('accounts', '0002_append_only_and_grants')]

    operations = [
        migrations.RunPython(install_grants, remove_grants),
    ]
