import datetime as dt

import pytest


def member(birth="1990-05-01", relation="head", status="job_seeker", months=24, citizenship="KZ"):
    return {"birth_date": birth, "citizenship": citizenship, "status": status,
            "months_registered_in_departure_region": months, "relation": relation}


@pytest.fixture
def family():
    return [member(), member("1991-02-03", "spouse", "none", 0), member("2016-09-30", "child", "none", 0)]


DAY_2026 = dt.date(2026, 3, 1)
