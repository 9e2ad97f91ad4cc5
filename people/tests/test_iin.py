import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from people.iin import InvalidIIN, check_digit, make_iin, parse_iin
from people.models import Person, validate_iin

# A valid IIN: born 17 May 1990, male (7th digit 3), serial 0001, check digit by the first pass.
VALID = make_iin(dt.date(1990, 5, 17), "male", 1)


def test_a_valid_iin_yields_its_birth_date_and_sex():
    info = parse_iin(VALID)
    assert info.birth_date == dt.date(1990, 5, 17)
    assert info.sex == "male"


def test_the_check_digit_follows_the_first_weighted_pass():
    digits = "90051730000"
    expected = sum(int(d) * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    assert expected != 10
    assert check_digit(digits) == expected


def test_the_second_pass_is_used_when_the_first_gives_ten():
    # Find 11 digits whose first pass gives 10; the second weights 3..11,1,2 then decide.
    for serial in range(10000):
        body = f"9005173{serial:04d}"
        if sum(int(d) * w for d, w in zip(body, range(1, 12), strict=True)) % 11 == 10:
            second = sum(int(d) * w for d, w in zip(body, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
            assert check_digit(body) == (None if second == 10 else second)
            return
    pytest.fail("no body with a first-pass remainder of 10")


def test_a_mistyped_digit_is_refused_as_a_bad_checksum():
    wrong = VALID[:11] + str((int(VALID[11]) + 1) % 10)
    with pytest.raises(InvalidIIN) as exc:
        parse_iin(wrong)
    assert exc.value.part == "checksum"


def test_an_impossible_birth_date_is_refused():
    body = "900231300001"  # 31 February
    with pytest.raises(InvalidIIN) as exc:
        parse_iin(body)
    assert exc.value.part == "date"


@pytest.mark.parametrize("value", ["12345678901", "1234567890123", ""])
def test_a_wrong_length_is_refused(value):
    with pytest.raises(InvalidIIN) as exc:
        parse_iin(value)
    assert exc.value.part in {"length", "digits"}


def test_non_digits_are_refused():
    with pytest.raises(InvalidIIN) as exc:
        parse_iin("90051730000A")
    assert exc.value.part == "digits"


def test_a_century_digit_outside_one_to_six_is_refused():
    with pytest.raises(InvalidIIN) as exc:
        parse_iin("900517700001")
    assert exc.value.part == "century"


def test_women_born_in_the_2000s_have_the_digit_six():
    iin = make_iin(dt.date(2004, 2, 29), "female", 77)
    assert iin[6] == "6"
    assert parse_iin(iin).sex == "female"


def test_the_form_validator_says_which_part_is_wrong():
    with pytest.raises(ValidationError) as exc:
        validate_iin("900231300001")
    assert exc.value.code == "iin_date"
    assert "birth date" in str(exc.value.messages[0])


@pytest.mark.django_db
def test_a_person_whose_birth_date_disagrees_with_the_iin_is_refused():
    person = Person(iin=VALID, surname="Abenov", given_name="Nurlan", birth_date=dt.date(1991, 5, 17), sex="male")
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "birth_date" in exc.value.message_dict
