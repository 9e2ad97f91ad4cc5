"""Every refusal says what and where: on the step of the citizen's form that has the field, and in words that fit
the role that reads it (issue 16)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import a_user, an_officer_of
from registry.models import Registration

from .conftest import adult, region
from .test_pages import address

pytestmark = pytest.mark.django_db


def test_a_step_one_field_refused_at_step_two_is_shown_on_step_one_beside_the_field(client):
    client.force_login(a_user(Role.CITIZEN, person=adult("KZ-61")))
    # a temporary stay without its end date passes step 1's form and is refused when the registration is built
    data = {**address(**{"a-kind": "temporary"}), "step": "consent", "c-owner_iin": "900517300019",
            "c-owner_consent": "on"}
    response = client.post(reverse("registry:register"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert response.context["step"] == "address", "the user is sent back to the step where the field is"
    assert 'name="step" value="address"' in page
    errors = response.context["address"].errors
    assert errors, "the refusal says what was refused"
    assert 'class="errorlist' in page


def test_an_officer_refused_by_the_simplified_form_reads_the_officers_reason(client):
    officer = an_officer_of("KZ-59")
    client.force_login(officer)
    person = adult("KZ-61")
    data = {k[2:]: v for k, v in address(**{"a-region": region("KZ-55").pk}).items()}  # outside the territory
    data.update(iin=person.iin, premises="service")
    response = client.post(reverse("registry:simplified"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert "your organisation" not in page
    assert "outside the territory you serve" in page


def test_an_employer_refused_by_the_simplified_form_reads_the_employers_reason(client):
    client.force_login(a_user(Role.EMPLOYER))
    person = adult("KZ-61")
    data = {k[2:]: v for k, v in address().items()}
    data.update(iin=person.iin, premises="service",
                arrival_date=(timezone.localdate() - dt.timedelta(days=2)).isoformat())
    response = client.post(reverse("registry:simplified"), data)
    assert "no contract in force with your organisation" in response.content.decode()
