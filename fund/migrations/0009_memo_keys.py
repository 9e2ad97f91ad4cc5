"""A journal entry's memo kept as a key and its parameters, worded when read in the reader's language
(fund.memos.memo_text), instead of a sentence in the language of the accountant's page.

The columns are nullable, so that SQLite adds them with ALTER TABLE: a NOT NULL column would make Django copy the
table into a new one, dropping the triggers that keep the books (the append-only guard and the balance and
period checks of migrations 0002 and 0004). The entries posted before get their memo's key and parameters when
their memo is one of the memos below, worded in Kazakh, Russian or English; any other memo (typed by a person)
keeps none and is shown as stored. Entries are never changed, so the append-only guard is lifted for these
updates only and put back in the same transaction. The memos are frozen here as they were on 30 Nov 2026.
"""

import re
from collections.abc import Callable, Iterable, Mapping

from django.db import migrations, models
from django.utils import translation

# lib.texts.parser as it was when this migration was written (2026-11-30): a migration keeps the code it ran with
# (koshi/tests/test_house.py forbids a data migration importing today's code, which may change under it).
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def parser(templates: Mapping[str, str], languages: Iterable[str], *, numbers: Iterable[str] = (),
           first: Iterable[str] = ()) -> Callable[[str], tuple[str, dict[str, str]] | None]:
    """A function giving the (key, parameters) of the template that words a text in one of `languages`, or None.

    `templates` maps a key to its msgid (English), translated here once through each language's catalogue. A
    placeholder named in `numbers` matches digits only, any other any text; the templates of the keys in
    `first` are tried first (one that words another template's text around it, as a reversal cites the entry
    it reverses), then the others, the wording with the most literal text first (it is the most specific)."""
    digits, early = set(numbers), list(first)
    candidates: list[tuple[int, int, str, re.Pattern[str]]] = []
    for language in languages:
        with translation.override(language):
            for key, msgid in templates.items():
                wording = translation.gettext(msgid)
                rank = early.index(key) if key in early else len(early)
                candidates.append((rank, -len(PLACEHOLDER.sub("", wording)), key,
                                   re.compile(_pattern(wording, digits), re.DOTALL)))
    candidates.sort(key=lambda c: c[:2])

    def parse(text: str) -> tuple[str, dict[str, str]] | None:
        for _rank, _literal, key, pattern in candidates:
            found = pattern.fullmatch(text)
            if found:
                return key, dict(found.groupdict())
        return None

    return parse


def _pattern(wording: str, digits: set[str]) -> str:
    parts, seen, last = [], set(), 0
    for m in PLACEHOLDER.finditer(wording):
        parts.append(re.escape(wording[last:m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>\\d+)" if name in digits else f"(?P<{name}>.*?)")
        seen.add(name)
        last = m.end()
    parts.append(re.escape(wording[last:]))
    return "".join(parts)



MEMOS = {
    "payment": "Payment %(ref)s: %(measure)s, order %(order)s",
    "returned": "Returned payment %(ref)s: %(reason)s",
    "reversal": "Reversal of entry %(n)s: %(memo)s",
    "refund_owed": "Refund owed, order %(order)s",
    "repayment": "Repayment of refund order %(order)s",
    "receivable_annulled": "Refund receivable %(rec)s annulled: %(cites)s",
    "repaid_back": "Repaid refund owed back to the family: %(cites)s",
    "receivable_closed": "Refund receivable %(rec)s closed (%(status)s): %(cites)s",
    "contribution": "Contribution from %(payer)s",
    "premium": "Insurance premium, family of %(holder)s",
    "payout": "Insurance payout, claim %(n)s",
    "grant": "Grant to %(grantee)s",
}
# The support measures' labels (fund.models.Measure): (context, msgid)
MEASURES = {
    "relocation_subsidy": (None, "relocation subsidy"),
    "rent_compensation": (None, "rent compensation"),
    "housing_certificate": (None, "housing certificate"),
    "refund_repayment": (None, "repayment of a refund annulled on appeal"),
    "insurance": ("support measure", "insurance claims"),
    "grant": ("support measure", "grants"),
}
NUMBERS = ("order", "n", "rec")  # database ids; a reference or an IIN stays text (an IIN may begin with 0)
LANGUAGES = ("kk", "ru", "en")

GUARD = "fund_journalentry_refuse_change"
GUARD_MESSAGE = "journal entries are never changed: post a reversing entry"


def measure_code(label):
    for language in LANGUAGES:
        with translation.override(language):
            for code, (context, msgid) in MEASURES.items():
                wording = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if wording == label:
                    return code
    return label


def memo_key(text, parse=None):
    """The (key, parameters) of a stored memo, or None when no memo words it. A reversal's memo cites the memo
    of the entry it reverses, converted the same way (or kept as its text)."""
    parse = parse or parser(MEMOS, LANGUAGES, numbers=NUMBERS, first=("reversal",))
    found = parse(text)
    if found is None:
        return None
    key, params = found
    values = {k: int(v) if k in NUMBERS else v for k, v in params.items()}
    if key == "payment":
        values["measure"] = measure_code(values["measure"])
    if key == "reversal":
        inner = memo_key(values["memo"], parse)
        values["memo"] = ({"key": inner[0], "params": inner[1], "text": values["memo"]} if inner
                          else {"key": "", "params": {}, "text": values["memo"]})
    return key, values


def _guard(schema_editor, on):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE fund_journalentry {'ENABLE' if on else 'DISABLE'} TRIGGER {GUARD}")
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {GUARD} BEFORE UPDATE ON fund_journalentry BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}'); END;"
            if on else f"DROP TRIGGER IF EXISTS {GUARD}")


def convert(apps, schema_editor):
    JournalEntry = apps.get_model("fund", "JournalEntry")
    pending = JournalEntry.objects.filter(memo_key__isnull=True)
    if not pending.exists():
        return
    parse = parser(MEMOS, LANGUAGES, numbers=NUMBERS, first=("reversal",))
    _guard(schema_editor, on=False)
    batch = []
    for entry in pending.only("id", "memo").iterator(2000):
        found = memo_key(entry.memo, parse)
        if found is not None:
            entry.memo_key, entry.memo_params = found
            batch.append(entry)
        if len(batch) >= 2000:
            JournalEntry.objects.bulk_update(batch, ["memo_key", "memo_params"])
            batch = []
    JournalEntry.objects.bulk_update(batch, ["memo_key", "memo_params"])
    _guard(schema_editor, on=True)


class Migration(migrations.Migration):

    dependencies = [
        ('fund', '0008_appeals2'),
    ]

    operations = [
        migrations.AddField(
            model_name='journalentry',
            name='memo_key',
            field=models.CharField(blank=True, max_length=24, null=True),
        ),
        migrations.AddField(
            model_name='journalentry',
            name='memo_params',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
