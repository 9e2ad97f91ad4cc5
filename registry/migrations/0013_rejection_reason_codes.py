"""A rejection keeps its reason's code and parameters, worded when read in the reader's language
(registry.importer.reports.reason_text), instead of a sentence in the language active when the import ran.

The rejections stored before are converted: a text that one of the reasons below words, in Kazakh, Russian or
English, becomes its code and parameters (with the article of law a rule's reason ended with); any other text
stays in `reason` and is shown as stored. The reasons are frozen here as they were on 30 Nov 2026 (the English
msgids; their wordings in the other languages are read from the catalogues).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import migrations, models
from django.utils import translation

# lib.texts (word, parser) as it was when this migration was written (2026-11-30): a migration keeps the code it ran with
# (koshi/tests/test_house.py forbids a data migration importing today's code, which may change under it).
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def word(template: Any, params: Mapping[str, Any]) -> str:
    """The template (a lazy msgid) in the active language with `params` filled in. A parameter given as a
    mapping of language to text (a region's names) reads in the active language (else English); one missing
    from `params` (a template changed since the row was written) is left as its placeholder, never an error."""
    text = str(template)
    return PLACEHOLDER.sub(lambda m: _value(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def _value(value: Any) -> str:
    if isinstance(value, Mapping):
        language = (translation.get_language() or "en")[:2]
        return str(value.get(language) or value.get("en") or next(iter(value.values()), ""))
    return str(value)


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



REASONS = {
    # registry.importer.reports.REASONS
    "missing": "Required field is empty.",
    "iin_format": "The IIN must be 12 digits.",
    "iin_checksum": "The check digit of the IIN does not match: the number is mistyped.",
    "unknown_person": "No person with this IIN in the register of persons.",
    "flag": "Use true or false.",
    "date": "Not a real date (YYYY-MM-DD).",
    "datetime": "Not a real date and time (YYYY-MM-DD HH:MM).",
    "unknown_region": "Unknown region.",
    "unknown_district": "Unknown district, or it does not lie in the region.",
    "columns": "The row does not have the file's number of fields.",
    "too_long": "The value is longer than the register holds for this field.",
    "nul": "The value holds a NUL character.",
    "encoding": "The value is not valid UTF-8 text.",
    "scope": "You may not register in this region: it is outside your territory.",
    # registry.rules.TEXTS
    "kind": "Unknown kind of registration.",
    "procedure": "Unknown procedure.",
    "reason": "Unknown reason for moving.",
    "no_law": "Koshi holds no registration rules for that date.",
    "future": "The date of registration is in the future.",
    "arrival_after": "The date of arrival is after the date of registration.",
    "arrival_before_birth": "The date of arrival is before the person's birth.",
    "date_range": "The date is outside the years 1900 to 2099.",
    "too_young": "A person registers from the age of %(age)s; this person is %(actual)s on %(day)s.",
    "region": "The region must be a region or a city of republican significance.",
    "region_in_force": "The region is not in force on the date of registration.",
    "district": "The district does not lie in the region.",
    "district_in_force": "The district is not in force on the date of registration.",
    "address_part": "This part of the address is required.",
    "premises": "Unknown type of premises.",
    "needs_until": "A temporary registration needs the end of the stay.",
    "short_stay": "A temporary registration is for a stay of more than %(days)s days; this stay is %(stay)s days.",
    "until_permanent": "A permanent registration has no end date.",
    "owner_iin": "The owner's IIN is not valid.",
    "consent": "The owner's consent is required.",
    "no_contract": "The simplified procedure needs an employment contract in force in the contract register.",
    "contract_employer": "The person's contract is with another employer.",
    "contract_place": "The simplified procedure registers a person at the place of work: the address must be in "
                      "%(region)s.",
    "decision_number": "The number of the local executive body's decision is required.",
    "decision_date": "The date of the local executive body's decision is required.",
    "decision_after": "The decision is dated after the registration.",
    "displaced": "A displaced person is registered temporarily, for at most %(months)s months.",
    "older": "Older than the person's active permanent registration.",
    "duplicate": "Duplicate of an earlier row of this file.",
    "same_day": "A second permanent registration of the same person on the same day.",
}
LANGUAGES = ("kk", "ru", "en")
NUMBERS = ("age", "actual", "days", "stay", "months")


def reason_code(text, parse=None):
    """The (code, parameters) of a stored reason, or None when no reason words it. A rule's reason may end with
    its article of law in brackets: "... (rules-1427/item-2)"."""
    parse = parse or parser(REASONS, LANGUAGES, numbers=NUMBERS)
    found = parse(text)
    if found is None and text.endswith(")") and " (" in text:
        head, article = text[:-1].rsplit(" (", 1)
        found = parse(head)
        if found is not None:
            found[1]["article"] = article
    if found is None:
        return None
    code, params = found
    return code, {k: int(v) if k in NUMBERS else v for k, v in params.items()}


def convert(apps, schema_editor):
    ImportRejection = apps.get_model("registry", "ImportRejection")
    texts = ImportRejection.objects.filter(code="").exclude(reason="").values_list("reason", flat=True).distinct()
    parse = parser(REASONS, LANGUAGES, numbers=NUMBERS)
    for text in list(texts):
        found = reason_code(text, parse)
        if found is not None:
            ImportRejection.objects.filter(code="", reason=text).update(code=found[0], params=found[1], reason="")


def back(apps, schema_editor):
    """Word the codes again, in Kazakh (the site's language), into the column the old code reads."""
    ImportRejection = apps.get_model("registry", "ImportRejection")
    with translation.override("kk"):
        for rejection in ImportRejection.objects.exclude(code="").iterator(5000):
            text = word(translation.gettext(REASONS.get(rejection.code, rejection.code)), rejection.params)
            article = rejection.params.get("article")
            ImportRejection.objects.filter(pk=rejection.pk).update(
                reason=(f"{text} ({article})" if article else text)[:300])


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0012_bulk_checks_register'),
    ]

    operations = [
        migrations.AddField(
            model_name='importrejection',
            name='code',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='reason code'),
        ),
        migrations.AddField(
            model_name='importrejection',
            name='params',
            field=models.JSONField(blank=True, default=dict, verbose_name='parameters of the reason'),
        ),
        migrations.AlterField(
            model_name='importrejection',
            name='reason',
            field=models.CharField(blank=True, default='', max_length=300, verbose_name='reason'),
        ),
        migrations.RunPython(convert, back),
    ]
