"""Origin-destination tables as frames (origin, destination, period, persons, source) and as matrices.

`source` is always one of SOURCES: 'published' (the shipped BNS table), 'register' (Koshi's own events) or
'estimated' (IPF from published marginals). Matrices have origins as rows and destinations as columns, so
row sums are departures and column sums are arrivals.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .indicators import event_cube, truncate

SOURCES = ("published", "register", "estimated")
OD_SCHEMA = {"origin": pl.Utf8, "destination": pl.Utf8, "persons": pl.Float64, "source": pl.Utf8}


def od_from_cube(cube: pl.DataFrame | pl.LazyFrame, *, freq: str = "year") -> pl.DataFrame:
    """The register's interregional table from an event cube (indicators.event_cube)."""
    return (cube.lazy()
            .filter(pl.col("origin_region").is_not_null() & pl.col("destination_region").is_not_null()
                    & (pl.col("origin_region") != pl.col("destination_region")))
            .with_columns(truncate(pl.col("event_date"), freq).alias("period"))
            .group_by("origin_region", "destination_region", "period").agg(pl.col("n").sum().alias("persons"))
            .rename({"origin_region": "origin", "destination_region": "destination"})
            .with_columns(pl.lit("register").alias("source"))
            .sort("period", "origin", "destination").collect())


def od_from_events(events: pl.DataFrame | pl.LazyFrame, *, freq: str = "year") -> pl.DataFrame:
    """The register's interregional table: internal events between two different regions, counted."""
    return od_from_cube(event_cube(events, scope="interregional", grain=freq), freq=freq)


def to_matrix(frame: pl.DataFrame, codes: list[str], *, value: str = "persons") -> np.ndarray:
    """One period's table as an n x n array in the order of `codes` (cells absent = 0)."""
    index = pl.DataFrame({"code": codes, "i": np.arange(len(codes))})
    cells = (frame.join(index.rename({"code": "origin"}), on="origin")
             .join(index.rename({"code": "destination", "i": "j"}), on="destination"))
    matrix = np.zeros((len(codes), len(codes)))
    np.add.at(matrix, (cells["i"].to_numpy(), cells["j"].to_numpy()), cells[value].cast(pl.Float64).to_numpy())
    return matrix


def from_matrix(matrix: np.ndarray, codes: list[str], *, period, source: str) -> pl.DataFrame:
    """The off-diagonal cells of a matrix as a labelled frame."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    n = len(codes)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    return pl.DataFrame({
        "origin": [codes[k] for k in i], "destination": [codes[k] for k in j],
        "period": [period] * len(i), "persons": matrix[i, j], "source": [source] * len(i),
    })


def marginals(frame: pl.DataFrame, *, by: tuple[str, ...] = ("period",)) -> pl.DataFrame:
    """unit, period, arrivals (column sums), departures (row sums) of a table frame."""
    keys = list(by)
    arrivals = frame.group_by(["destination", *keys]).agg(pl.col("persons").sum().alias("arrivals")).rename(
        {"destination": "unit"})
    departures = frame.group_by(["origin", *keys]).agg(pl.col("persons").sum().alias("departures")).rename(
        {"origin": "unit"})
    return arrivals.join(departures, on=["unit", *keys], how="full", coalesce=True).fill_null(0).sort([*keys, "unit"])


def largest_flows(frame: pl.DataFrame, n: int = 20) -> pl.DataFrame:
    return frame.sort("persons", descending=True).head(n)
