"""The fund's words in Kazakh and Russian: the column of support measures is headed "measure", not "fund", and
an amount's example is written as the reader writes it and as the form accepts it."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from fund.forms import TengeField
from fund.services import _tiyn


@pytest.mark.parametrize("language, measure", [("kk", "Қолдау шарасы"), ("ru", "Мера поддержки"),
                                               ("en", "Support measure")])
def test_the_support_measure_column_is_not_called_the_support_fund(language, measure):
    with translation.override(language):
        assert translation.gettext("Support measure") == measure
        assert translation.gettext("Support measure") != translation.gettext("Support fund")


@pytest.mark.parametrize("language, decimal", [("kk", ","), ("ru", ","), ("en", ".")])
def test_the_amount_example_uses_the_locales_decimal_mark_and_the_form_accepts_it(language, decimal):
    with translation.override(language):
        help_text = str(TengeField().help_text)
    examples = re.findall(r"\d+(?:[.,]\d+)?", help_text)
    assert examples and any(decimal in e for e in examples), help_text
    assert _tiyn(examples[-1]) == 15_000_050  # 150 000 tenge 50 tiyn, whatever the mark
