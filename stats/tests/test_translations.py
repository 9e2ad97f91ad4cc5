"""Every string of the stats room has a Kazakh and a Russian translation, none left fuzzy."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_stats_string_is_translated_and_none_is_fuzzy(lang):
    catalogue = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    live = [e for e in catalogue if not e.obsolete]
    assert len(live) > 150
    assert [e.msgid for e in live if not e.msgstr] == []
    assert [e.msgid for e in live if "fuzzy" in e.flags] == []
