"""Measuring the IPF estimator on years where the real table is published.

Estimate year T from its own marginals and an earlier year's table (the prior), then compare with the real
table of year T:

- common part of flows (CPC) = 2 * sum(min(real, est)) / (sum(real) + sum(est)): the share of movers placed
  in the right cell, 1 = perfect (Lenormand et al., 2012);
- error of the largest flows: the mean and the largest absolute percentage error over the k largest real flows.
"""

from __future__ import annotations

import numpy as np

from .ipf import ipf


def common_part_of_flows(real: np.ndarray, estimate: np.ndarray) -> float:
    total = real.sum() + estimate.sum()
    return float(2 * np.minimum(real, estimate).sum() / total) if total > 0 else 1.0


def largest_flow_errors(real: np.ndarray, estimate: np.ndarray, k: int = 20) -> dict:
    flat_real, flat_est = real.ravel(), estimate.ravel()
    top = np.argsort(flat_real)[::-1][:k]
    ape = np.abs(flat_est[top] - flat_real[top]) / flat_real[top] * 100
    return {"k": int(len(top)), "mape_top": float(ape.mean()), "max_ape_top": float(ape.max()),
            "mae_top": float(np.abs(flat_est[top] - flat_real[top]).mean())}


def self_evaluate(real: np.ndarray, prior: np.ndarray, *, k: int = 20) -> dict:
    """Estimate `real` from its own marginals and `prior`; return CPC, largest-flow errors and the IPF fit."""
    result = ipf(prior, real.sum(axis=1), real.sum(axis=0))
    return {"cpc": common_part_of_flows(real, result.table), **largest_flow_errors(real, result.table, k),
            "marginal_error": result.max_relative_error, "iterations": result.iterations}
