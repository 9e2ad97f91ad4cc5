"""The labour room's pages and API: scoped to the employer's own contracts and the officer's territory."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import a_person_in, a_user, an_officer_of
from labour.bin import make_bin
from labour.models import EmploymentContract, JobSeeker
from labour.services import register_contract, register_employer

from .conftest import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    region("KZ-55")
    owner = a_user(Role.EMPLOYER)
    mine = register_employer(bin=make_bin(2015, 3, 1), name="Kyzyl-Zhar Grain", region=region("KZ-59"), sector="A",
                             users=[owner])
    theirs = register_employer(bin=make_bin(2016, 4, 2), name="Pavlodar Steel", region=region("KZ-55"), sector="C")
    worker = a_person_in("KZ-59")
    for employer in (mine, theirs):
        register_contract(employer=employer, employee=worker, position="Driver", workplace_unit=employer.region,
                          start_date=dt.date(2025, 2, 3), wage_kzt=300_000, registered_on=dt.date(2025, 2, 3))
    return owner, mine, worker


def test_an_employer_sees_only_its_own_contracts(client, setting):
    owner, mine, _worker = setting
    assert list(EmploymentContract.objects.visible_to(owner)) == list(mine.contracts.all())
    client.force_login(owner)
    page = client.get(reverse("labour:index")).content.decode()
    assert "Kyzyl-Zhar Grain" in page and "Pavlodar Steel" not in page


def test_an_officer_sees_the_contracts_of_their_territory(setting):
    officer = an_officer_of("KZ-55")
    assert [c.employer.name for c in EmploymentContract.objects.visible_to(officer)] == ["Pavlodar Steel"]


def test_an_employer_enters_a_contract_and_a_late_change_by_api(setting):
    owner, mine, worker = setting
    api = APIClient()
    api.force_authenticate(owner)
    response = api.post("/api/v1/labour/contracts/", {
        "employer_bin": mine.bin, "iin": worker.iin, "position": "Mechanic", "workplace_unit": "KZ-59",
        "start_date": "2025-03-03", "wage_kzt": 410000, "registered_on": "2025-04-30"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["entries"][0]["days_late"] > 0
    pk = response.json()["id"]
    change = api.post(f"/api/v1/labour/contracts/{pk}/entries/", {
        "kind": "change", "event_date": "2025-05-01", "registered_on": "2025-05-02", "wage_kzt": 450000},
        format="json")
    assert change.status_code == 201 and change.json()["days_late"] == 0


def test_an_employer_cannot_enter_a_contract_for_another_employer(setting):
    owner, _mine, worker = setting
    api = APIClient()
    api.force_authenticate(owner)
    response = api.post("/api/v1/labour/contracts/", {
        "employer_bin": make_bin(2016, 4, 2), "iin": worker.iin, "position": "X", "workplace_unit": "KZ-55",
        "start_date": "2025-03-03", "wage_kzt": 1}, format="json")
    assert response.status_code == 403


def test_an_officer_registers_a_job_seeker_in_their_territory(client, setting):
    officer = an_officer_of("KZ-59")
    person = a_person_in("KZ-59")
    client.force_login(officer)
    response = client.post(reverse("labour:new_job_seeker"), {
        "iin": person.iin, "unit": region("KZ-59").pk, "registered_on": "2025-03-01", "status": "unemployed"})
    assert response.status_code == 302
    assert JobSeeker.objects.get().status == "unemployed"
    assert client.get(reverse("labour:index")).status_code == 200


def _contract_with_unknown_unit(setting, **headers):
    owner, mine, worker = setting
    api = APIClient()
    api.force_authenticate(owner)
    return api.post("/api/v1/labour/contracts/", {
        "employer_bin": mine.bin, "iin": worker.iin, "position": "Mechanic", "workplace_unit": "KZ-99",
        "start_date": "2025-03-03", "wage_kzt": 410000}, format="json", **headers)


def test_a_contract_in_an_unknown_unit_is_refused_in_english_by_default(setting):
    response = _contract_with_unknown_unit(setting)
    assert response.status_code == 400
    assert response.json() == {"detail": "No unit with this code or name: use an ISO code such as KZ-59 or the "
                                         "region's name."}
    assert not EmploymentContract.objects.filter(position="Mechanic").exists()


def test_a_contract_in_an_unknown_unit_is_refused_in_the_readers_language(setting):
    response = _contract_with_unknown_unit(setting, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Нет территориальной единицы с таким кодом или названием")
