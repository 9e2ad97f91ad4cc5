"""IPF reproduces marginals, recovers a table of known form, and is measured on published years."""

import numpy as np
import polars as pl

from stats.analytics import data
from stats.analytics.evaluation import common_part_of_flows, self_evaluate
from stats.analytics.ipf import gravity_prior, ipf
from stats.analytics.od import to_matrix


def _published(year):
    table = data.od_published()
    return to_matrix(table.filter(pl.col("period") == year), data.codes())


def test_estimate_for_2024_reproduces_published_marginals_within_a_tenth_of_a_percent():
    prior = _published(2023)
    marg = data.interregional().filter(pl.col("period") == 2024).sort("unit")
    assert marg["unit"].to_list() == data.codes()
    result = ipf(prior, marg["departures"].to_numpy(), marg["arrivals"].to_numpy())
    assert result.converged
    assert np.allclose(result.table.sum(axis=1), marg["departures"].to_numpy(), rtol=1e-3)
    assert np.allclose(result.table.sum(axis=0), marg["arrivals"].to_numpy(), rtol=1e-3)
    assert np.all(np.diag(result.table) == 0)


def test_ipf_recovers_a_synthetic_table_of_known_form():
    rng = np.random.default_rng(7)
    n = 8
    a, b = rng.uniform(1, 5, n), rng.uniform(1, 5, n)
    structure = rng.uniform(0.2, 3, (n, n))
    np.fill_diagonal(structure, 0)
    truth = a[:, None] * b[None, :] * structure * 100  # row and column effects on a known interaction
    result = ipf(structure, truth.sum(axis=1), truth.sum(axis=0), tol=1e-10)
    assert np.allclose(result.table, truth, rtol=1e-6)


def test_2023_from_its_marginals_and_the_2021_table_places_at_least_90_percent_of_flows_right():
    report = self_evaluate(_published(2023), _published(2021))
    assert report["cpc"] >= 0.9
    assert report["marginal_error"] < 1e-3


def test_gravity_prior_has_no_self_flows_and_falls_with_distance():
    prior = gravity_prior(np.array([100, 100, 100]), np.array([0.0, 1.0, 10.0]), np.array([0.0, 0.0, 0.0]))
    assert np.all(np.diag(prior) == 0)
    assert prior[0, 1] > prior[0, 2]


def test_common_part_of_flows_is_one_for_identical_tables_and_zero_for_disjoint_ones():
    t = np.array([[0, 5], [3, 0]], float)
    assert common_part_of_flows(t, t) == 1.0
    assert common_part_of_flows(t, np.array([[0, 0], [0, 0]], float) + np.array([[1, 0], [0, 0]])) == 0.0
