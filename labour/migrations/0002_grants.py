"""Install the labour room's default grants. Everything it installs is written here (frozen data), never imported from today's code."""

from django.db import migrations

# (role, action, kind, scope): the grants this migration installed on 29 Nov 2026, frozen.
GRANTS = [
    ('employer', 'view', 'labour.employer', 'own'),
    ('employer', 'view', 'labour.employmentcontract', 'own'),
    ('employer', 'view', 'labour.contractentry', 'own'),
    ('employer', 'add', 'labour.employmentcontract', 'own'),
    ('employer', 'change', 'labour.employmentcontract', 'own'),
    ('employer', 'add', 'labour.contractentry', 'own'),
    ('officer', 'view', 'labour.employer', 'territory'),
    ('officer', 'export', 'labour.employer', 'territory'),
    ('officer', 'view', 'labour.employmentcontract', 'territory'),
    ('officer', 'export', 'labour.employmentcontract', 'territory'),
    ('officer', 'view', 'labour.contractentry', 'territory'),
    ('officer', 'export', 'labour.contractentry', 'territory'),
    ('officer', 'view', 'labour.jobseeker', 'territory'),
    ('officer', 'export', 'labour.jobseeker', 'territory'),
    ('officer', 'add', 'labour.employer', 'territory'),
    ('officer', 'add', 'labour.employmentcontract', 'territory'),
    ('officer', 'change', 'labour.employmentcontract', 'territory'),
    ('officer', 'add', 'labour.contractentry', 'territory'),
    ('officer', 'add', 'labour.jobseeker', 'territory'),
    ('officer', 'change', 'labour.jobseeker', 'territory'),
    ('citizen', 'view', 'labour.jobseeker', 'own'),
    ('ministry', 'view', 'labour.employer', 'country'),
    ('ministry', 'export', 'labour.employer', 'country'),
    ('ministry', 'view', 'labour.employmentcontract', 'country'),
    ('ministry', 'export', 'labour.employmentcontract', 'country'),
    ('ministry', 'view', 'labour.contractentry', 'country'),
    ('ministry', 'export', 'labour.contractentry', 'country'),
    ('ministry', 'view', 'labour.jobseeker', 'country'),
    ('ministry', 'export', 'labour.jobseeker', 'country'),
    ('analyst', 'view', 'labour.employmentcontract', 'territory'),
    ('analyst', 'view', 'labour.jobseeker', 'territory'),
    ('analyst', 'view', 'labour.employer', 'territory'),
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
    dependencies = [('labour', '0001_initial'), ('accounts', '0002_append_only_and_grants')]

    operations = [
        migrations.RunPython(install_grants, remove_grants),
    ]
