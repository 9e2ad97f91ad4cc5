"""Reload the reference units so that databases migrated before the shapes were built get the centroids.

From the same frozen data as 0002 (0002_reference_units.json, which carries the centroids), never from today's
code: on a database that 0002 already filled from that file, nothing changes.
"""

import importlib

from django.db import migrations


def load(apps, schema_editor):
    importlib.import_module("geo.migrations.0002_reference_units").load_frozen(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_reference_units")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
