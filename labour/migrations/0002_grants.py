"""The labour room's default grants."""

from django.db import migrations

from accounts.policy import install_grants, remove_grants
from labour.policy import GRANTS


def add_grants(apps, schema_editor):
    install_grants(apps, GRANTS)


def drop_grants(apps, schema_editor):
    remove_grants(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("labour", "0001_initial"), ("accounts", "0002_append_only_and_grants")]

    operations = [migrations.RunPython(add_grants, drop_grants)]
