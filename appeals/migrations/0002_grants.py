"""Install the appeals room's default grants."""

from django.db import migrations

# The default grants (a frozen copy of appeals/policy.py at the time of writing).
KINDS = ("appeals.appeal", "appeals.appealdocument", "appeals.grievance")
GRANTS = [
    *[("citizen", action, kind, "own") for kind in KINDS for action in ("view", "add")],
    *[("officer", action, kind, "territory") for kind in KINDS for action in ("view", "add")],
    ("officer", "decide", "appeals.appeal", "territory"),
    ("officer", "change", "appeals.grievance", "territory"),
    *[("ministry", "view", kind, "country") for kind in KINDS],
    ("ministry", "decide", "appeals.appeal", "country"),
    ("ministry", "change", "appeals.grievance", "country"),
    ("auditor", "view", "appeals.appeal", "country"),
    ("auditor", "view", "appeals.grievance", "country"),
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
    dependencies = [("appeals", "0001_initial"), ("accounts", "0004_roles_for_fund_labour_surveys")]

    operations = [migrations.RunPython(install, remove)]
