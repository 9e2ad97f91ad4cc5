"""A change record's object label kept in each language ({"kk", "ru", "en"}: `labels`), read in the reader's
language (ChangeRecord.label), instead of only as worded in the language active when the write happened
(`object_repr`: a registration written by an officer browsing in Kazakh, or by a nightly command, read
"тұрақты (тұрғылықты жері бойынша) — Петропавл, Абая, 12" to every reader).

The column is nullable, so that SQLite adds it with ALTER TABLE: a NOT NULL column would make Django copy the
table into a new one, dropping the append-only trigger of migration 0002. The records written before get their
labels when their label is one the models below word, in Kazakh, Russian or English (a choice's display, a
translated word, around text that reads the same in every language); any other label keeps none and is shown as
written. Records are never changed, so the append-only guard is lifted for these updates only and put back, as it
was (PostgreSQL: ALWAYS since registry 0012), in the same transaction. The labels are frozen here as the models'
__str__ worded them on 30 Nov 2026 (the English msgids; their wordings in the other languages are read from the
catalogues).
"""

import json
import re

from django.db import migrations, models
from django.utils import translation

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
LANGUAGES = ("kk", "ru", "en")
GUARD = "accounts_changerecord_refuse_change"

# (kind, the label's form, its translated parts): a part is a choice ({value: msgid}), a msgid with one placeholder
# ("flat %(flat)s", holding the text in its place), or — not named here — text that reads the same in every language.
# A kind's longer form first: the most specific is tried first.
REGISTRATION = {"permanent": "permanent (place of residence)", "temporary": "temporary (place of stay)"}
RELATION = {"head": "Head of family", "spouse": "Spouse", "child": "Child", "parent": "Parent",
            "sibling": "Brother or sister", "other": "Other relative"}
LABELS = [
    ("registry.registration", "%(kind)s — %(address)s, %(flat)s", {"kind": REGISTRATION, "flat": "flat %(flat)s"}),
    ("registry.registration", "%(kind)s — %(address)s", {"kind": REGISTRATION}),
    ("registry.migrationevent", "%(date)s %(kind)s", {"kind": {
        "internal": "internal move", "international_arrival": "arrival from abroad",
        "international_departure": "departure abroad"}}),
    ("labour.contractentry", "%(kind)s %(date)s", {"kind": {
        "new": "new contract", "change": "change", "termination": "termination"}}),
    ("labour.jobseeker", "%(person)s — %(status)s", {"status": {
        "job_seeker": "job seeker", "unemployed": "unemployed"}}),
    ("labour.courseduty", "%(kind)s — %(employee)s", {"kind": {
        "state_language": "state language (Kazakh)", "legal_literacy": "legal literacy"}}),
    ("oversight.alert", "%(rule)s — %(date)s", {"rule": {
        "no_contract": "Migrant without an employment contract",
        "contract_entries": "Late or missing contract entries"}}),
    ("relocation.applicationmember", "%(person)s (%(relation)s)", {"relation": RELATION}),
    ("relocation.paymentorder", "%(measure)s %(date)s %(amount)s", {"measure": {
        "relocation_subsidy": "one-time relocation subsidy", "rent_compensation": "rent and utility compensation",
        "housing_certificate": "housing certificate", "refund": "refund of the subsidy",
        "refund_repayment": "repayment of a refund annulled on appeal"}}),
    ("relocation.followupflag", "%(kind)s (%(date)s)", {"kind": {
        "deregistered": "deregistered from the receiving region",
        "no_contract": "no active employment contract for longer than the law allows",
        "contract_ended": "employment contract ended during follow-up"}}),
    ("people.familymember", "%(person)s (%(relation)s)", {"relation": RELATION}),
    ("people.family", "%(family)s", {"family": "Family of %(head)s"}),
    ("appeals.appeal", "%(word)s №%(n)s", {"word": {"": "Appeal"}}),
    ("appeals.grievance", "%(word)s №%(n)s", {"word": {"": "Grievance"}}),
    ("relocation.application", "%(word)s №%(n)s", {"word": {"": "Application"}}),
    ("relocation.agreement", "%(word)s №%(n)s", {"word": {"": "Agreement"}}),
    ("relocation.debt", "%(word)s №%(n)s", {"word": {"": "Debt"}}),
]


def _pattern(form, parts):
    """The regular expression of `form` in the active language."""
    pieces, last = [], 0
    for m in PLACEHOLDER.finditer(form):
        pieces.append(re.escape(form[last:m.start()]))
        name, part = m.group(1), parts.get(m.group(1))
        if isinstance(part, dict):
            words = sorted({translation.gettext(msgid) for msgid in part.values()}, key=len, reverse=True)
            pieces.append(f"(?P<{name}>{'|'.join(re.escape(w) for w in words)})")
        elif isinstance(part, str):
            wording = translation.gettext(part)
            inner = PLACEHOLDER.search(wording)
            pieces.append(re.escape(wording[:inner.start()]) + f"(?P<{name}>.*?)" + re.escape(wording[inner.end():]))
        else:
            pieces.append(f"(?P<{name}>.*?)")
        last = m.end()
    pieces.append(re.escape(form[last:]))
    return re.compile("".join(pieces), re.DOTALL)


def labeller():
    """A function giving the labels ({language: label}) of a stored label of a kind, or None when no form words it
    (or it reads the same in every language)."""
    forms = {}
    for language in LANGUAGES:
        with translation.override(language):
            for kind, form, parts in LABELS:
                choices = {name: {translation.gettext(msgid): value for value, msgid in part.items()}
                           for name, part in parts.items() if isinstance(part, dict)}
                forms.setdefault(kind, []).append((form, parts, _pattern(form, parts), choices))

    def labels(kind, text):
        if len(text) >= 200:  # perhaps cut short when written: its end is not the form's
            return None
        for form, parts, pattern, choices in forms.get(kind, ()):
            found = pattern.fullmatch(text)
            if found is None:
                continue
            values = {name: choices[name][found.group(name)] if name in choices else found.group(name)
                      for name in found.groupdict()}
            worded = {}
            for language in LANGUAGES:
                with translation.override(language):
                    worded[language] = PLACEHOLDER.sub(lambda m: _word(parts.get(m.group(1)), values[m.group(1)]),
                                                       form)[:200]
            return worded if len(set(worded.values())) > 1 else None
        return None

    return labels


def _word(part, value):
    if isinstance(part, dict):
        return translation.gettext(part[value])
    if isinstance(part, str):
        return PLACEHOLDER.sub(lambda m: value, translation.gettext(part), count=1)
    return value


def _guard_off(schema_editor):
    """Lift the append-only guard; returns how to put it back as it was."""
    with schema_editor.connection.cursor() as cur:
        if schema_editor.connection.vendor == "postgresql":
            cur.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s "
                        "AND tgrelid = 'accounts_changerecord'::regclass", [GUARD])
            row = cur.fetchone()
            if row is None:
                return []
            state = {"O": "ENABLE", "A": "ENABLE ALWAYS", "R": "ENABLE REPLICA", "D": "DISABLE"}[row[0]]
            cur.execute(f"ALTER TABLE accounts_changerecord DISABLE TRIGGER {GUARD}")
            return [f"ALTER TABLE accounts_changerecord {state} TRIGGER {GUARD}"]
        cur.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [GUARD])
        row = cur.fetchone()
        if row is None:
            return []
        cur.execute(f"DROP TRIGGER {GUARD}")
        return [row[0]]


def convert(apps, schema_editor):
    ChangeRecord = apps.get_model("accounts", "ChangeRecord")
    kinds = sorted({kind for kind, _form, _parts in LABELS})
    pending = ChangeRecord.objects.filter(kind__in=kinds, labels__isnull=True).exclude(object_repr="")
    if not pending.exists():
        return
    labels = labeller()
    restore = _guard_off(schema_editor)
    cast = "CAST(%s AS jsonb)" if schema_editor.connection.vendor == "postgresql" else "%s"
    last = 0
    with schema_editor.connection.cursor() as cur:
        while True:  # pages in id order, each read whole before it is written (no cursor left open on the table)
            page = list(pending.filter(id__gt=last).order_by("id").values_list("id", "kind", "object_repr")[:2000])
            if not page:
                break
            last = page[-1][0]
            batch = [(json.dumps(found, ensure_ascii=False), pk) for pk, kind, text in page
                     if (found := labels(kind, text)) is not None]
            if batch:
                cur.executemany(f"UPDATE accounts_changerecord SET labels = {cast} WHERE id = %s", batch)
        for statement in restore:
            cur.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_change_history_indexes_the_queries_use'),
    ]

    operations = [
        migrations.AddField(
            model_name='changerecord',
            name='labels',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='changerecord',
            name='object_repr',
            field=models.CharField(help_text="The object's label as worded when written.", max_length=200),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
