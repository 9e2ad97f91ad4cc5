"""The pictures: each builder returns (Plotly figure, the frame it draws), so every chart downloads as PNG
(the modebar) and its data as CSV (the same frame). No map tiles and no boundary shapes are fetched: units
are drawn at their centroids on a longitude/latitude plane, so everything draws offline.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

from .analytics.indicators import INDICATORS

COLORS = "RdBu"


def indicator_label(name: str) -> str:
    from .models import Indicator

    if name == "index":
        return _("Surplus/deficit index")
    return str(dict(Indicator.choices).get(name, name))


def _geo_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=title, height=460, margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor="#f4f8fb",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1.45},
        showlegend=False,
    )
    return fig


def choropleth(table: pl.DataFrame, units: pl.DataFrame, indicator: str, title: str) -> tuple[dict, pl.DataFrame]:
    """Units coloured by the indicator (a symbol map: squares at the centroids, colour = value)."""
    frame = units.join(table.select("unit", pl.col(indicator).alias("value")), left_on="code", right_on="unit",
                       how="left").select("code", "name", "lon", "lat", "value")
    values = frame["value"].to_numpy()
    bound = float(np.nanmax(np.abs(values))) if frame["value"].drop_nulls().len() else 1.0
    diverging = indicator in ("net", "net_per_1000", "efficiency", "index")
    fig = go.Figure(go.Scatter(
        x=frame["lon"].to_list(), y=frame["lat"].to_list(), mode="markers+text",
        text=[f"{n}<br>{'' if v is None else f'{v:,.1f}'}" for n, v in zip(frame["name"], frame["value"], strict=True)],
        textposition="bottom center", textfont={"size": 9},
        marker={"symbol": "square", "size": 34, "color": values, "colorscale": COLORS if diverging else "Blues",
                "cmin": -bound if diverging else None, "cmax": bound if diverging else None,
                "showscale": True, "line": {"width": 1, "color": "#555"}, "colorbar": {"title": indicator_label(indicator)}},
        hovertext=frame["name"].to_list(), hoverinfo="text+x+y",
    ))
    return _geo_layout(fig, title).to_plotly_json(), frame


def surplus_map(table: pl.DataFrame, units: pl.DataFrame, title: str) -> tuple[dict, pl.DataFrame]:
    """The surplus/deficit index by region; a thick dark-red border where the proposal disagrees with the
    designation in force, a thin grey one where they agree; the hover text names both."""
    from .templatetags.stats_extras import class_label

    frame = units.join(table.select("unit", "index", "proposed", "designation", "agreement"), left_on="code",
                       right_on="unit", how="left").select("code", "name", "lon", "lat", "index", "proposed",
                                                           "designation", "agreement")
    values = frame["index"].to_numpy()
    bound = float(np.nanmax(np.abs(values))) if frame["index"].drop_nulls().len() else 1.0
    disagree = [a == "disagree" for a in frame["agreement"]]
    labels = [f"{n}<br>{class_label(p or '')} / {class_label(d or '')}"
              for n, p, d in zip(frame["name"], frame["proposed"], frame["designation"], strict=True)]
    fig = go.Figure(go.Scatter(
        x=frame["lon"].to_list(), y=frame["lat"].to_list(), mode="markers+text", text=labels,
        textposition="bottom center", textfont={"size": 9}, hoverinfo="text",
        marker={"symbol": "square", "size": 34, "color": values, "colorscale": "RdBu_r", "cmin": -bound,
                "cmax": bound, "showscale": True, "colorbar": {"title": _("Surplus/deficit index")},
                "line": {"width": [4 if d else 1 for d in disagree],
                         "color": ["#7a0010" if d else "#888" for d in disagree]}},
    ))
    fig.add_annotation(text=_("Label: proposed / in force. Thick dark border: they disagree."), xref="paper",
                       yref="paper", x=0, y=0, showarrow=False, font={"size": 10, "color": "#5b6b7c"})
    return _geo_layout(fig, title).to_plotly_json(), frame


def _arc(x0, y0, x1, y1, bend=0.18, n=20):
    """A quadratic curve from (x0,y0) to (x1,y1) bent to the right of travel (A->B and B->A differ)."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx + bend * dy, my - bend * dx
    t = np.linspace(0, 1, n)
    return (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1, (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1


def flow_map(table: pl.DataFrame, units: pl.DataFrame, title: str, n: int = 15,
             note: str = "") -> tuple[dict, pl.DataFrame]:
    """The `n` largest flows as arcs between centroids: width by size, an arrowhead at the destination."""
    top = table.sort("persons", descending=True).head(n)
    pos = {r["code"]: (r["lon"], r["lat"], r["name"]) for r in units.iter_rows(named=True)}
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=units["lon"].to_list(), y=units["lat"].to_list(), mode="markers+text",
                             text=units["name"].to_list(), textposition="top center", textfont={"size": 9},
                             marker={"size": 7, "color": "#1d2733"}, hoverinfo="text"))
    biggest = float(top["persons"].max()) if top.height else 1.0
    rows = []
    for r in top.iter_rows(named=True):
        if r["origin"] not in pos or r["destination"] not in pos:
            continue
        x0, y0, on = pos[r["origin"]]
        x1, y1, dn = pos[r["destination"]]
        xs, ys = _arc(x0, y0, x1, y1)
        width = 1 + 9 * r["persons"] / biggest
        label = f"{on} → {dn}: {r['persons']:,.0f}"
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": width, "color": "rgba(0,113,156,0.55)"},
                                 hoverinfo="text", text=[label] * len(xs)))
        fig.add_annotation(x=xs[-1], y=ys[-1], ax=xs[-4], ay=ys[-4], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=max(1.5, width / 2),
                           arrowcolor="rgba(0,80,120,0.9)", text="")
        rows.append({"origin": r["origin"], "origin_name": on, "destination": r["destination"],
                     "destination_name": dn, "persons": r["persons"], "source": r.get("source", "")})
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=0, showarrow=False, align="left",
                           font={"size": 10, "color": "#5b6b7c"})
    frame = pl.DataFrame(rows, schema={"origin": pl.Utf8, "origin_name": pl.Utf8, "destination": pl.Utf8,
                                       "destination_name": pl.Utf8, "persons": pl.Float64, "source": pl.Utf8})
    return _geo_layout(fig, title).to_plotly_json(), frame


def time_series(table: pl.DataFrame, units: pl.DataFrame, indicator: str, focus: list[str] | None,
                title: str) -> tuple[dict, pl.DataFrame]:
    """The indicator over periods, one line per unit (the focus units, else all)."""
    names = dict(zip(units["code"], units["name"], strict=True))
    frame = table.filter(pl.col("unit").is_in(focus)) if focus else table
    frame = frame.select("unit", "period", indicator).sort("unit", "period")
    fig = go.Figure()
    for (code,), part in frame.group_by(["unit"], maintain_order=True):
        fig.add_trace(go.Scatter(x=[str(p) for p in part["period"]], y=part[indicator].to_list(),
                                 mode="lines+markers", name=names.get(code, code)))
    fig.update_layout(title=title, height=380, margin={"l": 50, "r": 10, "t": 50, "b": 40},
                      yaxis={"title": indicator_label(indicator)}, xaxis={"type": "category"})
    return fig.to_plotly_json(), frame


def small_multiples(table: pl.DataFrame, units: pl.DataFrame, indicator: str, title: str) -> tuple[dict, pl.DataFrame]:
    """One small panel per unit, same scale, for comparing shapes over time."""
    codes = units["code"].to_list()
    names = dict(zip(units["code"], units["name"], strict=True))
    cols = 5
    rows_n = max(1, int(np.ceil(len(codes) / cols)))
    fig = make_subplots(rows=rows_n, cols=cols, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=[names[c] for c in codes], vertical_spacing=0.08)
    frame = table.select("unit", "period", indicator).sort("unit", "period")
    for k, code in enumerate(codes):
        part = frame.filter(pl.col("unit") == code)
        fig.add_trace(go.Bar(x=[str(p) for p in part["period"]], y=part[indicator].to_list(), name=names[code],
                             marker={"color": ["#b3261e" if (v or 0) < 0 else "#00719c" for v in part[indicator]]}),
                      row=k // cols + 1, col=k % cols + 1)
    fig.update_layout(title=title, height=160 * rows_n + 60, showlegend=False, margin={"l": 40, "r": 10, "t": 70, "b": 30})
    fig.update_annotations(font_size=9)
    return fig.to_plotly_json(), frame


def forecast_chart(by_unit: pl.DataFrame, units: pl.DataFrame, indicator: str, title: str) -> tuple[dict, pl.DataFrame]:
    names = dict(zip(units["code"], units["name"], strict=True))
    frame = by_unit.filter(pl.col("indicator") == indicator).sort("unit")
    x = [names.get(c, c) for c in frame["unit"]]
    fig = go.Figure([
        go.Bar(x=x, y=frame["actual"].to_list(), name=_("Actual")),
        go.Bar(x=x, y=frame["forecast"].to_list(), name=_("Trend forecast")),
        go.Bar(x=x, y=frame["naive"].to_list(), name=_("Naive forecast")),
    ])
    fig.update_layout(title=title, barmode="group", height=380, margin={"l": 50, "r": 10, "t": 50, "b": 110})
    return fig.to_plotly_json(), frame


__all__ = ["INDICATORS", "choropleth", "flow_map", "time_series", "small_multiples", "forecast_chart"]
