"""Reload the reference units so that databases migrated before the shapes were built get the centroids."""

from django.db import migrations


def load(apps, schema_editor):
    from geo.services import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_reference_units")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
