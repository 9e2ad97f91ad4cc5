"""Gravity model of interregional flows, estimated by Poisson pseudo-maximum likelihood (PPML).

    E[F_ij,t] = exp(a_i + b_j + c_t + beta_d * log d_ij + beta_u * (u_j,t - u_i,t))

with origin (a_i) and destination (b_j) fixed effects, period fixed effects (c_t) on panels, log distance
between centroids, and the destination-minus-origin unemployment difference (percentage points). PPML
(Santos Silva & Tenreyro, 2006) keeps zero flows and is consistent under heteroskedasticity. Estimated with
statsmodels' GLM Poisson on fixed-effect dummies; standard errors are clustered by origin-destination pair
(heteroskedasticity-robust HC1 on a single period). On one period the unemployment difference is a linear
combination of the origin and destination effects, so it is identified only on panels and dropped otherwise.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import statsmodels.api as sm

from .ipf import distance_km


def _dummies(values: np.ndarray, prefix: str) -> tuple[np.ndarray, list[str]]:
    levels = np.unique(values)[1:]  # first level is the reference
    return (values[:, None] == levels[None, :]).astype(float), [f"{prefix}[{v}]" for v in levels]


def ppml(flows: pl.DataFrame, distance: pl.DataFrame, unemployment: pl.DataFrame | None = None) -> dict:
    """flows: origin, destination, period, persons; distance: origin, destination, km; unemployment: unit, year, rate.

    Returns {'coefficients': frame(term, estimate, std_error, z, p_value, ci_low, ci_high), 'n', 'periods',
    'pseudo_r2', 'cov_type', 'deviance'}; fixed effects are estimated but only the named terms are listed.
    """
    frame = flows.join(distance, on=["origin", "destination"]).with_columns(pl.col("km").log().alias("log_distance"))
    periods = frame["period"].unique().sort().to_list()
    terms = ["log_distance"]
    if unemployment is not None and len(periods) > 1:
        rates = unemployment.select("unit", pl.col("year").alias("period"), "rate")
        frame = (frame.join(rates.rename({"unit": "origin", "rate": "u_o"}), on=["origin", "period"])
                 .join(rates.rename({"unit": "destination", "rate": "u_d"}), on=["destination", "period"])
                 .with_columns((pl.col("u_d") - pl.col("u_o")).alias("unemployment_difference")))
        terms.append("unemployment_difference")
    frame = frame.sort("period", "origin", "destination")
    blocks = [np.ones((frame.height, 1)), frame.select(terms).to_numpy()]
    names = ["const", *terms]
    for column, prefix in (("origin", "o"), ("destination", "d")) + ((("period", "t"),) if len(periods) > 1 else ()):
        block, labels = _dummies(frame[column].cast(pl.Utf8).to_numpy(), prefix)
        blocks.append(block)
        names += labels
    exog = np.hstack(blocks)
    endog = frame["persons"].cast(pl.Float64).to_numpy()
    model = sm.GLM(endog, exog, family=sm.families.Poisson())
    if len(periods) > 1:
        pairs = frame.select(pl.concat_str("origin", "destination")).to_series().to_numpy()
        groups = np.unique(pairs, return_inverse=True)[1]
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, maxiter=200)
        cov_type = "cluster (origin-destination pair)"
    else:
        fit = model.fit(cov_type="HC1", maxiter=200)
        cov_type = "HC1 (heteroskedasticity-robust)"
    index = [names.index(t) for t in terms]
    ci = np.asarray(fit.conf_int())[index]
    table = pl.DataFrame({
        "term": terms,
        "estimate": np.asarray(fit.params)[index], "std_error": np.asarray(fit.bse)[index],
        "z": np.asarray(fit.tvalues)[index], "p_value": np.asarray(fit.pvalues)[index],
        "ci_low": ci[:, 0], "ci_high": ci[:, 1],
    })
    null_deviance = float(fit.null_deviance)
    return {"coefficients": table, "n": int(frame.height), "periods": periods, "cov_type": cov_type,
            "deviance": float(fit.deviance),
            "pseudo_r2": 1 - float(fit.deviance) / null_deviance if null_deviance else None,
            "fitted": frame.select("origin", "destination", "period", "persons").with_columns(
                pl.Series("fitted", np.asarray(fit.fittedvalues)))}


def distance_frame(regions: pl.DataFrame) -> pl.DataFrame:
    """origin, destination, km between the centroids of `regions` (code, centroid_lon, centroid_lat)."""
    ordered = regions.sort("code")
    codes = ordered["code"].to_list()
    dist = distance_km(ordered["centroid_lon"].to_numpy(), ordered["centroid_lat"].to_numpy())
    i, j = np.nonzero(~np.eye(len(codes), dtype=bool))
    return pl.DataFrame({"origin": [codes[k] for k in i], "destination": [codes[k] for k in j], "km": dist[i, j]})
