"""The IIN check refuses what is not twelve ASCII digits by name, never by a crash."""

import pytest

from lib.iin import InvalidIIN, parse_iin


@pytest.mark.parametrize("value", ["²" * 12, "١" * 12])
def test_digits_that_are_not_ascii_are_refused_as_digits_not_a_crash(value):
    """"²".isdigit() is True and int("²") fails: the IIN check crashed (a 500 on every IIN field) (issue 9)."""
    with pytest.raises(InvalidIIN) as refused:
        parse_iin(value)
    assert refused.value.part == "digits"
