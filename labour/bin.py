"""The BIN (business identification number): 12 digits with the IIN's weighted modulo-11 check digit.

Layout: year and month of registration (YYMM), the kind of entity, the attribute, five serial digits, and a
check digit computed exactly as for the IIN (people.iin.check_digit). No Django here.
"""

from __future__ import annotations

from people.iin import check_digit


class InvalidBIN(ValueError):
    """A BIN that cannot be right; `part` names what is wrong: digits, length or checksum."""

    def __init__(self, part: str, message: str):
        super().__init__(message)
        self.part = part


def parse_bin(value: str) -> str:
    """Verify a BIN and return it stripped, or raise InvalidBIN naming the wrong part."""
    bin_ = (value or "").strip()
    if not (bin_.isascii() and bin_.isdecimal()):
        raise InvalidBIN("digits", "The BIN must contain digits only.")
    if len(bin_) != 12:
        raise InvalidBIN("length", f"The BIN must have 12 digits, not {len(bin_)}.")
    expected = check_digit(bin_[:11])
    if expected is None or expected != int(bin_[11]):
        raise InvalidBIN("checksum", "The check digit (12th) does not match: the BIN is mistyped.")
    return bin_


def make_bin(year: int, month: int, serial: int, kind: str = "40") -> str:
    """Build a valid BIN (legal entity, kind "40"; for demo data and tests)."""
    for attempt in range(100000):
        body = f"{year % 100:02d}{month:02d}{kind}{(serial + attempt) % 100000:05d}"
        check = check_digit(body)
        if check is not None:
            return body + str(check)
    raise ValueError("No valid BIN for these inputs.")  # pragma: no cover - cannot happen
