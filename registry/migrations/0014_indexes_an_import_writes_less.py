"""Indexes an import no longer writes (issue 12; registry/README.md, "Indexes"): `registered_by` is never searched
by (no page, API or job filters registrations by who registered them); `contract` is searched only for a given
contract (oversight's simplified-procedure check, labour's PROTECT), which a partial index over the rows naming
one answers — the standard and preferential rows, nearly all of them, get no entry."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0003_unit_centroids'),
        ('labour', '0005_vacancy_grants'),
        ('people', '0001_initial'),
        ('registry', '0013_rejection_reason_codes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='registration',
            name='contract',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='labour.employmentcontract', verbose_name='employment contract'),
        ),
        migrations.AlterField(
            model_name='registration',
            name='registered_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(condition=models.Q(('contract__isnull', False)), fields=['contract'], name='registry_reg_contract'),
        ),
    ]
