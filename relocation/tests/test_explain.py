"""A stored decision reads as words: the citizen's "Value" column named the country and regions by their codes
(KZ, KZ-61, KZ-59) on every language's page (issue 16, found walking the citizen's application)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from relocation.explain import explain


def decision(*conditions: tuple[str, object]) -> SimpleNamespace:
    return SimpleNamespace(pk=1, on=None, eligible=True, rules_version="v", entitlements=[], conditions=[
        {"name": name, "passed": True, "value": value, "article": "model-law/art-10/p-1"} for name, value in conditions])


@pytest.mark.parametrize("lang, country, region, status", [
    ("kk", "Қазақстан", "Түркістан облысы", None),
    ("ru", "Казахстан", "Туркестанская область", None),
    ("en", "Kazakhstan", "Turkistan region", "Registered job seeker"),
])
def test_a_decisions_values_name_the_country_region_and_status_in_the_readers_language(lang, country, region, status):
    with translation.override(lang):
        shown = [c["value"] for c in explain(decision(
            ("applicant_is_citizen", "KZ"), ("departure_region_is_sending", "KZ-61"),
            ("applicant_is_job_seeker_or_unemployed", "job_seeker"), ("family_is_complete", True),
            ("quota_has_places", 2820)))["conditions"]]
    assert shown[0] == country and shown[1] == region and shown[3] == "✓"
    assert shown[4] == ("2,820" if lang == "en" else "2\xa0820"), "a number grouped as the reader's language groups it"
    assert "KZ" not in " ".join(shown) and "job_seeker" not in shown
    if status:
        assert shown[2] == status
