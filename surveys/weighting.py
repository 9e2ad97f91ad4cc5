"""Survey weights: design weights from the sampling plan, raking (samplics' SampleWeight.rake) to each region's
population by sex and by age group, trimming, and the weights' summary. Plain functions over arrays — no
Django model here."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

#: the age groups of raking (the questionnaire asks people aged 18–80)
AGE_GROUPS: list[tuple[str, int, int]] = [("18-29", 18, 29), ("30-44", 30, 44), ("45-59", 45, 59), ("60+", 60, 200)]
ANY = "*"  # a region whose sample lacks a category is raked on its total for that margin (collapsed)


def age_group(age: Any) -> str | None:
    try:
        years = int(age)
    except (TypeError, ValueError):
        return None
    for name, low, high in AGE_GROUPS:
        if low <= years <= high:
            return name
    return None


def validate_plan(plan: dict[str, Any]) -> None:
    """A sampling plan: {"strata": {"KZ-59": {"population": N, "sample": n}}, "age_shares": {"18-29": 0.3, …},
    "age_source": "…"}. Raises ValueError naming the wrong entry."""
    if not isinstance(plan, dict):
        raise ValueError("plan: expects an object")
    for code, stratum in (plan.get("strata") or {}).items():
        if not isinstance(stratum, dict) or float(stratum.get("population", 0)) <= 0:
            raise ValueError(f"strata.{code}.population: expects a positive number")
        if "sample" in stratum and float(stratum["sample"]) <= 0:
            raise ValueError(f"strata.{code}.sample: expects a positive number")
    shares = plan.get("age_shares")
    if shares is not None:
        names = {name for name, _low, _high in AGE_GROUPS}
        if not isinstance(shares, dict) or set(shares) != names:
            raise ValueError(f"age_shares: expects shares for {sorted(names)}")
        if any(float(v) < 0 for v in shares.values()) or not math.isclose(sum(map(float, shares.values())), 1,
                                                                          abs_tol=0.01):
            raise ValueError("age_shares: expects non-negative shares summing to 1")


def respondents(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Respondents as the weighting needs them: region code, sex, age group."""
    frame = pl.DataFrame(rows, schema={"region": pl.String, "sex": pl.String, "age": pl.String},
                         strict=False) if rows else pl.DataFrame(schema={"region": pl.String, "sex": pl.String,
                                                                         "age": pl.String})
    return frame.with_columns(pl.col("age").map_elements(age_group, return_dtype=pl.String).alias("age_group"))


@dataclass
class Weights:
    design: np.ndarray
    weights: np.ndarray
    summary: dict[str, Any]


def design_weights(regions: np.ndarray, plan: dict[str, Any]) -> np.ndarray:
    """N_h / n_h for each stratum of the plan (n_h: the plan's sample, else the interviews held); 1 elsewhere."""
    strata = plan.get("strata") or {}
    weights = np.ones(len(regions))
    for code, stratum in strata.items():
        mask = regions == code
        held = int(mask.sum())
        if held:
            weights[mask] = float(stratum["population"]) / float(stratum.get("sample") or held)
    return weights


def controls(frame: pl.DataFrame, population: dict[tuple[str, str], int], age_shares: dict[str, float] | None
             ) -> tuple[dict[str, np.ndarray], dict[str, dict[str, float]], list[str]]:
    """Raking margins (region×sex, region×age group) and their population totals; categories a region's sample
    lacks are collapsed into the region's total (listed in the third value)."""
    regions = frame["region"].to_numpy().astype(str)
    sexes = frame["sex"].fill_null("").to_numpy().astype(str)
    ages = frame["age_group"].fill_null("").to_numpy().astype(str)
    sex_key = np.empty(len(regions), dtype=object)
    age_key = np.empty(len(regions), dtype=object)
    sex_control: dict[str, float] = {}
    age_control: dict[str, float] = {}
    collapsed: list[str] = []
    for code in sorted(set(regions)):
        in_region = regions == code
        total = float(population.get((code, "male"), 0) + population.get((code, "female"), 0))
        if total <= 0:
            raise ValueError(f"no population figures for {code}")
        if all((in_region & (sexes == s)).any() for s in ("male", "female")):
            for s in ("male", "female"):
                sex_key[in_region & (sexes == s)] = f"{code}|{s}"
                sex_control[f"{code}|{s}"] = float(population[(code, s)])
            sex_key[in_region & ~np.isin(sexes, ["male", "female"])] = f"{code}|{ANY}"
            if (in_region & ~np.isin(sexes, ["male", "female"])).any():
                raise ValueError(f"{code}: respondents without sex")
        else:
            sex_key[in_region] = f"{code}|{ANY}"
            sex_control[f"{code}|{ANY}"] = total
            collapsed.append(f"{code}: sex")
        groups = [g for g, _low, _high in AGE_GROUPS]
        if age_shares and all((in_region & (ages == g)).any() for g in groups) and (in_region & (ages == "")).sum() == 0:
            for g in groups:
                age_key[in_region & (ages == g)] = f"{code}|{g}"
                age_control[f"{code}|{g}"] = total * float(age_shares[g])
        else:
            age_key[in_region] = f"{code}|{ANY}"
            age_control[f"{code}|{ANY}"] = total
            if age_shares:
                collapsed.append(f"{code}: age")
    return {"sex": sex_key.astype(str), "age": age_key.astype(str)}, {"sex": sex_control, "age": age_control}, collapsed


def rake(weights: np.ndarray, margins: dict[str, np.ndarray], control: dict[str, dict[str, float]]) -> np.ndarray:
    """Iterative proportional fitting with samplics (tolerance 1e-6 relative to each control total)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics import SampleWeight

        # samplics annotates margins and control as flat totals; it takes arrays of categories and nested controls
        return np.asarray(SampleWeight().rake(
            samp_weight=weights, margins=margins, control=control,  # type: ignore[arg-type]
            tol=1e-7, ctrl_tol=1e-6, max_iter=500), dtype=float)


def summary(weights: np.ndarray) -> dict[str, float]:
    n = len(weights)
    total = float(weights.sum())
    return {
        "n": n, "sum": total, "min": float(weights.min()), "max": float(weights.max()),
        "mean": total / n, "ratio": float(weights.max() / weights.min()) if weights.min() > 0 else math.inf,
        "cv": float(weights.std() / weights.mean()) if n else 0.0,
        "deff": float(n * (weights ** 2).sum() / total ** 2),  # Kish's design effect of unequal weights
    }


def weigh(frame: pl.DataFrame, population: dict[tuple[str, str], int], plan: dict[str, Any], *,
          trim_ratio: float = 5.0, rounds: int = 6) -> Weights:
    """Design weights, raked to region×sex and region×age margins, trimmed to [median/r, median·r] and raked
    again (a few rounds, ending with a rake so that the margins hold)."""
    regions = frame["region"].to_numpy().astype(str)
    design = design_weights(regions, plan)
    margins, control, collapsed = controls(frame, population, plan.get("age_shares"))
    weights = rake(design, margins, control)
    trimmed = 0
    for _round in range(rounds):
        median = float(np.median(weights))
        low, high = median / trim_ratio, median * trim_ratio
        outside = (weights < low * 0.999) | (weights > high * 1.001)
        if not outside.any():
            break
        trimmed += int(outside.sum())
        weights = rake(np.clip(weights, low, high), margins, control)
    achieved = {key: float(weights[margins[m] == key].sum()) for m in margins for key in control[m]}
    worst = max(abs(achieved[k] - v) / v for m in control for k, v in control[m].items())
    return Weights(design, weights, {
        "library": "samplics SampleWeight.rake",
        "design": summary(design), "final": summary(weights), "trim_ratio": trim_ratio, "trimmed": trimmed,
        "collapsed": collapsed, "max_margin_error": worst,
        "age_source": plan.get("age_source", "") if plan.get("age_shares") else "",
        "margins": {m: {k: [v, achieved[k]] for k, v in control[m].items()} for m in control},
    })
