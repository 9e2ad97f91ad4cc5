"""Exports: a flat table per interview and a linked table per repeat, with value labels in the chosen language."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.testing import PASSWORD

from .conftest import answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_interviews(survey, enumerator):
    client = APIClient()
    client.force_authenticate(enumerator)
    for data in (answers(), answers(member=[
            {"member_relation": "spouse", "member_sex": "male", "member_age": "40", "member_works": "yes"},
            {"member_relation": "child", "member_sex": "female", "member_age": "3"}])):
        assert client.post(f"/api/v1/surveys/forms/{survey.pk}/submissions/", {"answers": data},
                           format="json").status_code == 201
    return survey


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_interview_with_labels_in_the_readers_language(client, researcher, two_interviews):
    client.login(username=researcher.username, password=PASSWORD)
    kazakh = rows(client.get(f"/surveys/{two_interviews.pk}/export.csv", HTTP_ACCEPT_LANGUAGE="kk"))
    assert len(kazakh) == 2
    assert kazakh[0]["sex"] == "Әйел" and kazakh[0]["reasons"] == "Жұмыс табу Жалақының жоғарылығы"
    russian = rows(client.get(f"/surveys/{two_interviews.pk}/export.csv", HTTP_ACCEPT_LANGUAGE="ru"))
    assert russian[0]["sex"] == "Женский" and russian[0]["stay_5y"] == "Да"
    codes = rows(client.get(f"/surveys/{two_interviews.pk}/export.csv?values=codes"))
    assert codes[0]["sex"] == "female" and codes[0]["reasons"] == "work wages"


def test_a_repeat_is_a_table_linked_to_its_interview(client, researcher, two_interviews):
    client.login(username=researcher.username, password=PASSWORD)
    interviews = rows(client.get(f"/surveys/{two_interviews.pk}/export.csv"))
    members = rows(client.get(f"/surveys/{two_interviews.pk}/export.csv?table=member"))
    assert len(members) == 3
    second = interviews[1]["submission"]
    linked = [m for m in members if m["submission"] == second]
    assert [(m["row"], m["member_relation"], m["member_works"]) for m in linked] == [("1", "Spouse", "Yes"),
                                                                                    ("2", "Child", "")]
    assert client.get(f"/surveys/{two_interviews.pk}/export.csv?table=nothing").status_code == 404


def test_the_xlsx_has_a_sheet_per_table(client, researcher, two_interviews):
    client.login(username=researcher.username, password=PASSWORD)
    book = load_workbook(io.BytesIO(client.get(f"/surveys/{two_interviews.pk}/export.xlsx").content))
    assert book.sheetnames == ["submissions", "member"]
    assert book["submissions"].max_row == 3 and book["member"].max_row == 4
