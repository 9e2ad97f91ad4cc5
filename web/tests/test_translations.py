"""Every screen in Kazakh, Russian and English: no empty or fuzzy translation anywhere in the project."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_FILES = sorted(
    p for p in Path(settings.BASE_DIR).rglob("locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_every_room_with_strings_has_kazakh_and_russian_catalogues():
    languages = {p.parts[-3] for p in PO_FILES}
    assert {"kk", "ru"} <= languages


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_string_is_left_untranslated(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == [], f"{len(missing)} untranslated in {po_path}: {missing[:5]}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_one_string_means_one_thing_across_rooms(language):
    """Django merges every room's catalogue into one, so a string translated differently in two rooms shows
    one room's words in the other ("Term" of a contract on the regression table). Differing meanings need a
    context (pgettext); the same meaning needs the same words."""
    seen: dict[tuple, dict[str, str]] = {}
    for path in PO_FILES:
        if path.parts[-3] != language:
            continue
        room = path.relative_to(settings.BASE_DIR).parts[0]
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                seen.setdefault((entry.msgctxt, entry.msgid), {})[room] = entry.msgstr
    clashes = {key: rooms for key, rooms in seen.items() if len(set(rooms.values())) > 1}
    assert clashes == {}
