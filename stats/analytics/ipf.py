"""Estimating an origin-destination table from its marginals by iterative proportional fitting (IPF).

Given a period's departures (row targets) and arrivals (column targets) by region and a prior table, IPF
alternately scales rows and columns until both sets of marginals hold. The prior carries the structure:
the latest published table where one exists, otherwise a gravity prior P_i * P_j / d_ij^beta from population
and the distance between unit centroids. The diagonal (moves within a region) stays zero. The result is the
table closest to the prior (in the Kullback-Leibler sense) with the given marginals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class IPFResult:
    table: np.ndarray
    iterations: int
    max_relative_error: float  # worst relative deviation of any row or column sum from its target
    converged: bool


def distance_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle distances between all pairs of points (haversine), n x n, in km."""
    lon_r, lat_r = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    dlon = lon_r[:, None] - lon_r[None, :]
    dlat = lat_r[:, None] - lat_r[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat_r[:, None]) * np.cos(lat_r[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def gravity_prior(population: np.ndarray, lon: np.ndarray, lat: np.ndarray, *, beta: float = 1.0) -> np.ndarray:
    """P_i * P_j / d_ij^beta with a zero diagonal (distances floored at 10 km)."""
    pop = np.asarray(population, float)
    dist = np.maximum(distance_km(lon, lat), 10.0)
    prior = np.outer(pop, pop) / dist**beta
    np.fill_diagonal(prior, 0.0)
    return prior


def _relative_error(table: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> float:
    def rel(got, want):
        mask = want > 0
        err = np.abs(got[mask] - want[mask]) / want[mask]
        extra = np.abs(got[~mask]).sum()
        return max(float(err.max()) if err.size else 0.0, float(extra))
    return max(rel(table.sum(axis=1), rows), rel(table.sum(axis=0), cols))


def ipf(prior: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray, *, tol: float = 1e-6,
        max_iter: int = 5000) -> IPFResult:
    """Scale `prior` so its row sums are `row_targets` and column sums `col_targets`.

    If the two targets' totals differ (published figures rounded separately), the column targets are scaled
    to the row total first. Cells that are zero in the prior stay zero; a positive target whose row or column
    is all zero in the prior cannot be met and shows in `max_relative_error`.
    """
    table = np.array(prior, dtype=float)
    rows = np.asarray(row_targets, float)
    cols = np.asarray(col_targets, float)
    if cols.sum() > 0 and not np.isclose(cols.sum(), rows.sum()):
        cols = cols * rows.sum() / cols.sum()
    error = np.inf
    iteration = 0
    for iteration in range(1, max_iter + 1):  # noqa: B007 - iterations of a matrix algorithm, not rows
        sums = table.sum(axis=1)
        table *= np.divide(rows, sums, out=np.zeros_like(rows), where=sums > 0)[:, None]
        sums = table.sum(axis=0)
        table *= np.divide(cols, sums, out=np.zeros_like(cols), where=sums > 0)[None, :]
        error = _relative_error(table, rows, cols)
        if error < tol:
            break
    return IPFResult(table=table, iterations=iteration, max_relative_error=error, converged=error < tol)
