"""The IIN (individual identification number): 12 digits that encode birth date and sex.

Layout: YYMMDD, then a digit for century and sex (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd is male),
four serial digits, and a check digit computed by the two-pass weighted modulo-11 scheme
(weights 1..11; if the remainder is 10, weights 3..11,1,2; a second 10 means the number is never issued).
No Django here: the rule is plain and used everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIIN(ValueError):
    """An IIN that cannot be right; `part` names what is wrong: length, digits, century, date or checksum."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


@dataclass(frozen=True)
class IINInfo:
    iin: str
    birth_date: dt.date
    sex: str  # "male" | "female"


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no valid IIN can start with them."""
    digits = [int(c) for c in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def parse_iin(value: str) -> IINInfo:
    """Verify an IIN and return what it encodes, or raise InvalidIIN naming the wrong part."""
    iin = (value or "").strip()
    if not (iin.isascii() and iin.isdecimal()):
        raise InvalidIIN("digits", "The IIN must contain digits only.")
    if len(iin) != 12:
        raise InvalidIIN("length", f"The IIN must have 12 digits, not {len(iin)}.")
    century_digit = int(iin[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise InvalidIIN("century", "The 7th digit (century and sex) must be from 1 to 6.")
    year = CENTURY_BY_DIGIT[century_digit] + int(iin[0:2])
    try:
        birth_date = dt.date(year, int(iin[2:4]), int(iin[4:6]))
    except ValueError as exc:
        raise InvalidIIN("date", f"The first six digits are not a real birth date (YYMMDD): {iin[:6]}.") from exc
    expected = check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        raise InvalidIIN("checksum", "The check digit (12th) does not match: the IIN is mistyped.")
    return IINInfo(iin=iin, birth_date=birth_date, sex="male" if century_digit % 2 == 1 else "female")


def make_iin(birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a valid IIN (for demo data and tests); tries the next serials until one has a check digit."""
    century = (birth_date.year // 100) * 100
    digit = {1800: 1, 1900: 3, 2000: 5}[century] + (0 if sex == "male" else 1)
    for attempt in range(10000):
        body = f"{birth_date:%y%m%d}{digit}{(serial + attempt) % 10000:04d}"
        check = check_digit(body)
        if check is not None:
            return body + str(check)
    raise ValueError("No valid IIN for these inputs.")  # pragma: no cover - cannot happen
