"""The IIN of a person: the rule itself is plain and lives in lib.iin (so that every layer may use it);
people keeps this name for its callers."""

from lib.iin import (
    CENTURY_BY_DIGIT,
    FIRST_WEIGHTS,
    SECOND_WEIGHTS,
    IINInfo,
    InvalidIIN,
    check_digit,
    make_iin,
    parse_iin,
)

__all__ = ["CENTURY_BY_DIGIT", "FIRST_WEIGHTS", "SECOND_WEIGHTS", "IINInfo", "InvalidIIN", "check_digit", "make_iin",
           "parse_iin"]
