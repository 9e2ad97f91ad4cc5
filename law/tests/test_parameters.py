"""Every parameter is dated and referenced, and each change takes effect exactly on its date."""

import datetime as dt
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from law.parameters import (
    parameter_history,
    parameter_node,
    parameter_paths,
    parameter_value,
    parameters_in_force,
)
from law.rules import ACTS_DIR, __version__, rules_hash, rules_version, tax_benefit_system
from law.rules import HERE as RULES_DIR
from law.rules.simulate import build, period_of


def test_every_parameter_and_every_value_has_a_reference_and_a_confirmation_date():
    for path in parameter_paths():
        node = parameter_node(path)
        assert node.metadata.get("reference"), path
        assert node.metadata.get("last_confirmed"), path
        assert node.metadata.get("unit"), path
        for value in node.values_list:
            assert (value.metadata or {}).get("reference"), (path, value.instant_str)


def _changes():
    for path in parameter_paths():
        history = parameter_history(path)
        for (_, old, _r), (start, new, _r2) in zip(history, history[1:], strict=False):
            if old != new:
                yield path, start, old, new


CHANGES = list(_changes())


def test_there_are_dated_changes_to_check():
    assert len(CHANGES) > 40


@pytest.mark.parametrize("path, start, old, new", CHANGES, ids=[f"{c[0]}@{c[1]}" for c in CHANGES])
def test_the_day_before_a_change_has_the_old_value_and_the_day_itself_the_new(path, start, old, new):
    assert parameter_value(path, start - dt.timedelta(days=1)).value == old
    assert parameter_value(path, start).value == new


def test_the_mci_for_social_payments_differs_from_the_general_mci_only_from_april_to_december_2022():
    for day in (dt.date(2022, 3, 31), dt.date(2022, 4, 1), dt.date(2022, 12, 31), dt.date(2023, 1, 1)):
        general = parameter_value("mci.general", day).value
        social = parameter_value("mci.social_payments", day).value
        assert (general != social) == (dt.date(2022, 4, 1) <= day <= dt.date(2022, 12, 31))


def test_parameters_in_force_lists_each_with_its_reference():
    listed = parameters_in_force(dt.date(2026, 1, 1))
    assert {p.path for p in listed} >= {"mci.general", "relocation.subsidy_mci_per_member", "contracts.new_working_days"}
    assert all(p.reference for p in listed)


def test_the_rules_version_is_the_package_version_and_a_hash_of_the_rules_source_and_data():
    assert rules_version() == f"{__version__}+{rules_hash()[:16]}"


@pytest.fixture
def rules_copy(tmp_path):
    """A temporary copy of the rules package and of the acts, hashed the same way as the originals."""
    shutil.copytree(RULES_DIR, tmp_path / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ACTS_DIR, tmp_path / "acts", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "rules", tmp_path / "acts"


def _hash(copy):
    return rules_hash(copy[0], copy[1])


def test_a_copy_of_the_rules_has_the_same_version(rules_copy):
    assert _hash(rules_copy) == rules_hash()


def test_changing_a_formula_changes_the_rules_version(rules_copy):
    before = _hash(rules_copy)
    source = rules_copy[0] / "variables" / "obligations.py"
    text = source.read_text()
    assert "paid * unserved // np.maximum(total, 1)" in text
    source.write_text(text.replace("paid * unserved // np.maximum(total, 1)", "paid * unserved // np.maximum(total, 2)"))
    assert _hash(rules_copy) != before


def test_changing_a_parameter_value_or_an_article_changes_the_rules_version(rules_copy):
    before = _hash(rules_copy)
    mci = rules_copy[0] / "parameters" / "mci" / "general.yaml"
    mci.write_text(mci.read_text().replace("4325", "4326", 1))
    after_parameter = _hash(rules_copy)
    assert after_parameter != before
    act = rules_copy[1] / "model-law.yaml"
    act.write_text(act.read_text() + "\n# amended\n")
    assert _hash(rules_copy) != after_parameter


def test_the_yaml_tests_and_caches_are_not_part_of_the_rules_version(rules_copy):
    before = _hash(rules_copy)
    (rules_copy[0] / "tests" / "extra.yaml").write_text("- name: a new test\n")
    (rules_copy[0] / "__pycache__").mkdir(exist_ok=True)
    (rules_copy[0] / "__pycache__" / "x.py").write_text("x = 1\n")
    assert _hash(rules_copy) == before


def test_the_rules_package_imports_no_django():
    code = "import sys, law.rules, law.rules.simulate; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_money_is_kept_in_int64_whole_tenge_never_in_openfisca_float32():
    variables = tax_benefit_system().variables
    money = [name for name, v in variables.items() if name.endswith(("subsidy", "_member", "compensation_monthly",
                                                                      "compensation_total", "certificate",
                                                                      "certificate_cap", "price", "incentive",
                                                                      "paid", "refund", "fine", "fine_min",
                                                                      "fine_max"))]
    assert len(money) >= 12
    assert all(variables[name].dtype == np.int64 for name in money), money
    assert not any(v.dtype == np.float32 for v in variables.values())


def test_a_price_beyond_the_int32_range_is_not_corrupted():
    on = dt.date(2024, 6, 1)
    sim = build(on=on, family_of_person=np.zeros(1, dtype=np.int64), is_head=np.ones(1, dtype=bool),
                person_inputs={"employment_status": np.array(["job_seeker"]),
                               "months_registered_in_departure_region": np.array([24])},
                family_inputs={"housing_price": np.array([3_000_000_001], dtype=np.int64)})
    assert sim.calculate("housing_price", period_of(on))[0] == 3_000_000_001
    assert sim.calculate("housing_certificate", period_of(on))[0] == 4_200_000


ARTICLE = re.compile(r"(Model law|Administrative Code|Labour Code|Law No\. 477-IV) art\. \d+")


def _formulas():
    for name, variable in sorted(tax_benefit_system().variables.items()):
        for start, formula in variable.formulas.items():
            yield name, start, formula


@pytest.mark.parametrize("name, start, formula", list(_formulas()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_formula_says_what_the_law_says_and_cites_its_article(name, start, formula):
    doc = formula.__doc__ or ""
    assert len(doc.split()) >= 12, f"{name}.{formula.__name__} has no docstring stating the law"
    assert ARTICLE.search(doc), f"{name}.{formula.__name__} cites no article"


def test_formulas_that_changed_on_a_date_are_dated():
    variables = tax_benefit_system().variables
    assert list(variables["housing_certificate_cap"].formulas) == ["2023-01-01", "2025-01-01"]
    assert list(variables["contract_entry_due_date"].formulas) == ["2020-09-18"]
