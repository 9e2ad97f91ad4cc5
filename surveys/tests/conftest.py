from __future__ import annotations

from pathlib import Path

import pytest

from accounts.roles import Role
from accounts.testing import a_user, unit
from surveys.services import assign, upload_form

SHIPPED = Path(__file__).resolve().parents[1] / "forms" / "migrants.xlsx"


@pytest.fixture
def researcher(db):
    return a_user(Role.RESEARCHER)


@pytest.fixture
def survey(researcher):
    """The shipped questionnaire, uploaded by a researcher."""
    return upload_form(actor=researcher, filename=SHIPPED.name, content=SHIPPED.read_bytes()).form


@pytest.fixture
def enumerator(survey, researcher):
    """An enumerator of North Kazakhstan assigned to the survey there."""
    user = a_user(Role.ENUMERATOR, scope="KZ-59")
    assign(actor=researcher, form=survey, enumerator=user, unit=unit("KZ-59"))
    return user


def answers(**changes) -> dict:
    """A complete, valid interview in North Kazakhstan (Bulaevo), with one household member."""
    base = {
        "consent": "yes", "sex": "female", "age": "34", "origin": "KZ-61", "region": "KZ-59",
        "settlement": "bulaevo", "moved_year": "2023", "reasons": ["work", "wages"], "support": ["subsidy"],
        "member": [{"member_relation": "child", "member_sex": "male", "member_age": "7"}],
        "employed": "yes", "sector": "trade", "contract": "written", "language": "both", "satisfaction": "4",
        "stay_5y": "yes",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}
