"""The ministry may add registrations in the whole country: the rows of a national import file (the import
stores only rows the uploader may register, by the same check as the single form). The grant is frozen here."""

from django.db import migrations

from accounts.policy import grants_operation

GRANTS = [("ministry", "add", "registry.registration", "country")]


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_import_batches_resumable")]
    operations = [grants_operation(GRANTS)]
