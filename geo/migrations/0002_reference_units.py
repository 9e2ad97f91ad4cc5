"""Load the reference units (country, 20 first-level units and their history), aliases and crosswalk."""

from django.db import migrations


def load(apps, schema_editor):
    from geo.services import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
