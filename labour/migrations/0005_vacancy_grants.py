"""Grants for vacancies, matching, courses and notices (labour/policy.py VACANCY_GRANTS), written out literally:
a migration must mean the same thing forever."""

from django.db import migrations

from accounts.policy import grants_operation

GRANTS = [
    ('employer', 'view', 'labour.vacancy', 'own'),
    ('employer', 'add', 'labour.vacancy', 'own'),
    ('employer', 'change', 'labour.vacancy', 'own'),
    ('employer', 'view', 'labour.matchproposal', 'own'),
    ('employer', 'view', 'labour.courseduty', 'own'),
    ('employer', 'view', 'labour.enrolment', 'own'),
    ('employer', 'add', 'labour.enrolment', 'own'),
    ('employer', 'change', 'labour.enrolment', 'own'),
    ('employer', 'view', 'labour.course', 'country'),
    ('employer', 'view', 'labour.courseprovider', 'country'),
    ('employer', 'view', 'labour.notice', 'own'),
    ('employer', 'view', 'labour.noticereply', 'own'),
    ('employer', 'add', 'labour.noticereply', 'own'),
    ('citizen', 'view', 'labour.vacancy', 'country'),
    ('citizen', 'view', 'labour.joboffer', 'own'),
    ('citizen', 'change', 'labour.joboffer', 'own'),
    ('officer', 'view', 'labour.vacancy', 'territory'),
    ('officer', 'export', 'labour.vacancy', 'territory'),
    ('officer', 'view', 'labour.matchrun', 'territory'),
    ('officer', 'add', 'labour.matchrun', 'territory'),
    ('officer', 'view', 'labour.matchproposal', 'territory'),
    ('officer', 'decide', 'labour.matchproposal', 'territory'),
    ('officer', 'view', 'labour.joboffer', 'territory'),
    ('officer', 'view', 'labour.courseprovider', 'territory'),
    ('officer', 'add', 'labour.courseprovider', 'territory'),
    ('officer', 'view', 'labour.course', 'territory'),
    ('officer', 'add', 'labour.course', 'territory'),
    ('officer', 'view', 'labour.courseduty', 'territory'),
    ('officer', 'view', 'labour.enrolment', 'territory'),
    ('officer', 'change', 'labour.enrolment', 'territory'),
    ('officer', 'view', 'labour.notice', 'territory'),
    ('officer', 'add', 'labour.notice', 'territory'),
    ('officer', 'view', 'labour.noticereply', 'territory'),
    ('inspector', 'view', 'labour.employer', 'territory'),
    ('inspector', 'view', 'labour.employmentcontract', 'territory'),
    ('inspector', 'view', 'labour.contractentry', 'territory'),
    ('inspector', 'view', 'labour.vacancy', 'territory'),
    ('inspector', 'view', 'labour.courseduty', 'territory'),
    ('inspector', 'view', 'labour.enrolment', 'territory'),
    ('inspector', 'view', 'labour.course', 'territory'),
    ('inspector', 'view', 'labour.courseprovider', 'territory'),
    ('ministry', 'view', 'labour.vacancy', 'country'),
    ('ministry', 'view', 'labour.matchrun', 'country'),
    ('ministry', 'view', 'labour.matchproposal', 'country'),
    ('ministry', 'view', 'labour.joboffer', 'country'),
    ('ministry', 'view', 'labour.courseprovider', 'country'),
    ('ministry', 'view', 'labour.course', 'country'),
    ('ministry', 'view', 'labour.courseduty', 'country'),
    ('ministry', 'view', 'labour.enrolment', 'country'),
    ('ministry', 'view', 'labour.notice', 'country'),
    ('ministry', 'view', 'labour.noticereply', 'country'),
    ('ministry', 'add', 'labour.matchrun', 'country'),
    ('ministry', 'decide', 'labour.matchproposal', 'country'),
    ('analyst', 'view', 'labour.vacancy', 'territory'),
]


class Migration(migrations.Migration):
    dependencies = [("labour", "0004_load_classifications"), ("accounts", "0002_append_only_and_grants")]

    operations = [grants_operation(GRANTS)]
