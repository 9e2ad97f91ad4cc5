"""Install the relocation room's default grants (frozen copy of relocation/policy.py at the time of writing)."""

from django.db import migrations

GRANTS = [
    ("citizen", "view", "relocation.application", "own"),
    ("citizen", "view", "relocation.applicationmember", "own"),
    ("citizen", "view", "relocation.document", "own"),
    ("citizen", "view", "relocation.transition", "own"),
    ("citizen", "view", "relocation.agreement", "own"),
    ("citizen", "view", "relocation.paymentorder", "own"),
    ("citizen", "view", "relocation.followupflag", "own"),
    ("citizen", "view", "relocation.notification", "own"),
    ("citizen", "add", "relocation.application", "own"),
    ("citizen", "change", "relocation.application", "own"),
    ("citizen", "add", "relocation.document", "own"),
    ("officer", "view", "relocation.application", "territory"),
    ("officer", "view", "relocation.applicationmember", "territory"),
    ("officer", "view", "relocation.document", "territory"),
    ("officer", "view", "relocation.transition", "territory"),
    ("officer", "view", "relocation.agreement", "territory"),
    ("officer", "view", "relocation.paymentorder", "territory"),
    ("officer", "view", "relocation.followupflag", "territory"),
    ("officer", "view", "relocation.quota", "territory"),
    ("officer", "add", "relocation.application", "territory"),
    ("officer", "change", "relocation.application", "territory"),
    ("officer", "decide", "relocation.application", "territory"),
    ("officer", "export", "relocation.application", "territory"),
    ("officer", "add", "relocation.document", "territory"),
    ("officer", "change", "relocation.followupflag", "territory"),
    ("officer", "view", "relocation.notification", "own"),
    ("ministry", "view", "relocation.application", "country"),
    ("ministry", "view", "relocation.applicationmember", "country"),
    ("ministry", "view", "relocation.document", "country"),
    ("ministry", "view", "relocation.transition", "country"),
    ("ministry", "view", "relocation.agreement", "country"),
    ("ministry", "view", "relocation.paymentorder", "country"),
    ("ministry", "view", "relocation.followupflag", "country"),
    ("ministry", "view", "relocation.quota", "country"),
    ("ministry", "view", "relocation.quotaorder", "country"),
    ("ministry", "view", "relocation.notification", "own"),
    ("ministry", "export", "relocation.application", "country"),
    ("ministry", "add", "relocation.quotaorder", "country"),
    ("ministry", "change", "relocation.quota", "country"),
    ("analyst", "view", "relocation.application", "territory"),
    ("analyst", "view", "relocation.quota", "territory"),
    ("analyst", "view", "relocation.quotaorder", "country"),
    ("accountant", "view", "relocation.paymentorder", "country"),
    ("controller", "view", "relocation.paymentorder", "country"),
    ("researcher", "view", "relocation.application", "country"),
    ("researcher", "view", "relocation.quota", "country"),
    ("researcher", "view", "relocation.quotaorder", "country"),
    ("auditor", "view", "relocation.transition", "country"),
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
    dependencies = [("relocation", "0001_initial"), ("accounts", "0004_roles_for_fund_labour_surveys")]

    operations = [migrations.RunPython(install, remove)]
