"""The audit trail names a registration's provenance fields in the reader's language (they showed as column
codes on the kk and ru pages: the fields had no translated verbose name)."""

import pytest
from django.utils import translation

from accounts.selectors import field_label
from registry.models import Registration

WORDS = {
    "ru": {"registered_by_id": "кем зарегистрировано", "batch_id": "пакет импорта", "natural_key": "ключ строки импорта"},
    "kk": {"registered_by_id": "кім тіркеді", "natural_key": "импорт жолының кілті"},
    "en": {"registered_by_id": "registered by", "batch_id": "import batch", "natural_key": "natural key"},
}


@pytest.mark.parametrize("language", sorted(WORDS))
def test_provenance_fields_are_named_not_coded(language):
    with translation.override(language):
        for column, expected in WORDS[language].items():
            label, _ = field_label(Registration._meta, column)
            assert str(label) == expected
