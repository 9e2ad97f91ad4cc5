"""`manage.py match`: an instance file in, the assignment and (with --arcs) every feasible pair out."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

INSTANCE = {
    "date": "2026-11-25",
    "receiving_regions": ["KZ-59", "KZ-55"],
    "quotas": {"KZ-59": 1},
    "persons": [
        {"id": "a", "occupation": "7212", "previous_wage_kzt": 200000, "family_size": 1,
         "preferred_regions": ["KZ-59", "KZ-55"]},
        {"id": "b", "occupation": "72", "previous_wage_kzt": 300000, "family_size": 4},
    ],
    "vacancies": [
        {"id": "v1", "region": "KZ-59", "occupation": "72", "places": 2, "wage_kzt": 250000, "housing": "dormitory"},
        {"id": "v2", "region": "KZ-55", "occupation": "72", "places": 1, "wage_kzt": 330000,
         "housing": "service_flat", "housing_rooms": 2},
        {"id": "v3", "region": "KZ-61", "occupation": "72", "places": 5, "wage_kzt": 900000},
    ],
}


def test_the_command_writes_the_optimal_assignment_and_the_arcs(tmp_path):
    src = tmp_path / "instance.json"
    out = tmp_path / "out.json"
    src.write_text(json.dumps(INSTANCE))
    call_command("match", "--instance", str(src), "--output", str(out), "--arcs")
    result = json.loads(out.read_text())
    # a: v1 40+25+15+20 = 100, v2 40+25+15+12 = 92; b: v1 40+0+0+0 = 40, v2 40+20+20+0 = 80.
    # KZ-59 takes one person: a->v1, b->v2 = 180 beats a->v2, b->v1 = 132.
    assert result["objective"] == 180
    assert {(r["person"], r["vacancy"]) for r in result["assignment"]} == {("a", "v1"), ("b", "v2")}
    assert result["excluded_jobs"] == ["v3"]
    assert len(result["arcs_list"]) == 4
    assert {"person": "b", "vacancy": "v2", "score": 80,
            "parts": {"occupation": 40, "wage": 20, "housing": 20, "region": 0}} in result["arcs_list"]


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["vacancies"][1].pop("region"), "vacancies[1].region"),
    (lambda d: d["persons"][0].update(family_size=0), "persons[0].family_size"),
    (lambda d: d.update(quotas=[1]), "quotas"),
    (lambda d: d["vacancies"][0].update(housing="tent"), "vacancies[0].housing"),
    (lambda d: d.update(persons="x"), "persons"),
])
def test_a_bad_instance_is_refused_with_the_field_named(tmp_path, change, field):
    data = json.loads(json.dumps(INSTANCE))
    change(data)
    src = tmp_path / "instance.json"
    src.write_text(json.dumps(data))
    with pytest.raises(CommandError) as caught:
        call_command("match", "--instance", str(src), "--output", str(tmp_path / "o.json"))
    assert str(caught.value).startswith(field + ":")


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path):
    src = tmp_path / "instance.json"
    src.write_text("{\n  persons: []\n}")
    with pytest.raises(CommandError) as caught:
        call_command("match", "--instance", str(src), "--output", str(tmp_path / "o.json"))
    assert "line 2" in str(caught.value)


@pytest.mark.django_db
def test_without_a_list_of_receiving_regions_the_law_on_the_instance_date_decides(tmp_path):
    data = json.loads(json.dumps(INSTANCE))
    data.pop("receiving_regions")
    data["vacancies"][2]["region"] = "KZ-61"  # Turkistan sends, it does not receive
    src = tmp_path / "instance.json"
    src.write_text(json.dumps(data))
    out = tmp_path / "out.json"
    call_command("match", "--instance", str(src), "--output", str(out))
    assert json.loads(out.read_text())["excluded_jobs"] == ["v3"]
