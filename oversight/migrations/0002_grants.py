"""Install the oversight room's default grants. The tuples are written here literally (frozen data: this
migration means the same thing whatever oversight/policy.py later says)."""

from django.db import migrations

# (role, action, kind, scope)
GRANTS = [
    ("inspector", "view", "oversight.alert", "territory"),
    ("inspector", "change", "oversight.alert", "territory"),
    ("inspector", "export", "oversight.alert", "territory"),
    ("inspector", "view", "people.person", "territory"),
    ("inspector", "identify", "people.person", "territory"),
    ("officer", "view", "oversight.alert", "territory"),
    ("officer", "change", "oversight.alert", "territory"),
    ("ministry", "view", "oversight.alert", "country"),
    ("ministry", "change", "oversight.alert", "country"),
    ("ministry", "export", "oversight.alert", "country"),
    ("researcher", "view", "oversight.alert", "country"),
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
    dependencies = [("oversight", "0001_initial"), ("accounts", "0004_roles_for_fund_labour_surveys")]

    operations = [migrations.RunPython(install, remove)]
