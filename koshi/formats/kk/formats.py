"""Kazakh formats, which Django does not ship (django/conf/locale/kk has translations only): without them Kazakh
pages fell back to the global defaults ("Қар. 29, 2026", 4306078125). Dates follow CLDR's Kazakh patterns
("2026 ж. 29 қараша", 29.11.2026); numbers are grouped in threes with a non-breaking space and a decimal comma."""

DATE_FORMAT = r"Y \ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"Y \ж. j E, H:i"
YEAR_MONTH_FORMAT = r"Y \ж. E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: a DateInput renders its value in the first format, and an <input type=date> shows only ISO (the
# forms that give no format of their own stay filled in Kazakh); then what a person types.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%y %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
