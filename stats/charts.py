"""The pictures: each builder returns (Plotly figure, the frame it draws), so every chart downloads as PNG
(the modebar) and its data as CSV (the same frame). Maps draw the regions' real outlines (geo's shipped
simplified GeoJSON, read through `stats.shapes`) as filled polygons on a longitude/latitude plane, built here
on the server: no Plotly geo trace, no map tiles, nothing fetched from another host.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import polars as pl
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from plotly.colors import get_colorscale, sample_colorscale
from plotly.subplots import make_subplots

from .analytics.indicators import INDICATORS
from .labels import class_label, indicator_label
from .shapes import bounds, drawing_order, region_polygons
from .svg import LABEL_SIZE, place_labels

COLORS = "RdBu"
OUTLINE, NO_DATA = "#6b7785", "#dddddd"
CONTEXT_FILL, CONTEXT_LINE = "#eef2f5", "#a9b5c1"


GEO_HEIGHT, GEO_MARGIN = 460, {"l": 10, "r": 10, "t": 50, "b": 10}
GEO_RATIO = 1.45  # pixels of a degree of latitude per pixel of a degree of longitude (Kazakhstan's middle)


def _geo_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=title, height=GEO_HEIGHT, margin=GEO_MARGIN, plot_bgcolor="#f4f8fb",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x", "scaleratio": GEO_RATIO},
        showlegend=False, hovermode="closest",
    )
    return fig


def _number(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _figure(value) -> str:
    """A value as the active language writes it: grouped digits, one decimal unless it is a whole number."""
    if not _number(value):
        return ""
    digits = 0 if float(value).is_integer() else 1
    return number_format(round(float(value), digits), digits, force_grouping=True)  # number_format truncates


def _colour_range(values: list, diverging: bool) -> tuple[float, float]:
    """(cmin, cmax): symmetric around 0 for a diverging scale, else the values' range."""
    present = [float(v) for v in values if _number(v)]
    if not present:
        return (-1.0, 1.0) if diverging else (0.0, 1.0)
    if diverging:
        bound = max(abs(v) for v in present) or 1.0
        return -bound, bound
    lo, hi = min(present), max(present)
    return (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)


def _array(values: list) -> np.ndarray:
    """Values for a marker colour: NaN where there is none (Plotly leaves that marker uncoloured)."""
    return np.array([float(v) if _number(v) else np.nan for v in values], dtype=float)


def _fill(value, scale: list, cmin: float, cmax: float) -> str:
    """The colour the colour bar gives `value` (grey where there is no value)."""
    if not _number(value):
        return NO_DATA
    t = min(1.0, max(0.0, (float(value) - cmin) / (cmax - cmin)))
    return sample_colorscale(scale, [t])[0]


def _outline(code: str) -> tuple[list, list]:
    """x (lon) and y (lat) of every ring of the region, rings separated by None (one subpath each)."""
    xs: list = []
    ys: list = []
    for polygon in region_polygons()[code]:
        for ring in polygon:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
    return xs, ys


def _region(code: str, fillcolor: str, hover: str | None, *, line: dict | None = None) -> go.Scatter:
    """One region as a filled polygon trace (name = its code); hovering inside it shows `hover`."""
    xs, ys = _outline(code)
    return go.Scatter(
        x=xs, y=ys, mode="lines", fill="toself", fillcolor=fillcolor, name=code, meta={OUTLINE_OF: code},
        line=line or {"color": OUTLINE, "width": 0.6}, hoveron="fills",
        text=hover or "", hoverinfo="text" if hover else "skip",
    )


OUTLINE_OF = "outline"  # a trace's meta key naming the region whose outline its x and y are


def outlines() -> dict[str, list[list]]:
    """{ISO code: [x (lon), y (lat)]} of every region's outline, as the maps' traces draw it (`_outline`)."""
    return {code: list(_outline(code)) for code in region_polygons()}


def for_page(figure: dict) -> dict:
    """The figure as a page sends it: the traces that draw a region's outline without their x and y (a trace's
    meta names the region). Every map draws all twenty outlines, some 100 KB of coordinates a map, three maps
    on the dashboard: the page's script fills them in from `outlines()`, fetched once and kept by the browser
    (stats:outlines), so the page is a third of the size. The figure itself (tests, CSV, PNG) keeps them."""
    data = []
    for trace in figure.get("data", []):
        if isinstance(trace.get("meta"), dict) and OUTLINE_OF in trace["meta"]:
            trace = {k: v for k, v in trace.items() if k not in ("x", "y")}
        data.append(trace)
    return {**figure, "data": data}


def _regions(fig: go.Figure, fills: dict[str, str], hovers: dict[str, str], context=()) -> None:
    """Filled outlines of the coloured regions, and pale ones of `context` regions not coloured (a user's
    territory shown within the country). The largest are drawn first, so a city lies over its region."""
    for code in drawing_order(list(fills) + [c for c in context if c not in fills]):
        if code in fills:
            fig.add_trace(_region(code, fills[code], hovers.get(code)))
        else:
            fig.add_trace(_region(code, CONTEXT_FILL, None, line={"color": CONTEXT_LINE, "width": 0.5}))


def choropleth(table: pl.DataFrame, units: pl.DataFrame, indicator: str, title: str,
               context: list[str] | None = None) -> tuple[dict, pl.DataFrame]:
    """Units coloured by the indicator: each region's outline filled with its value's colour (diverging scale
    around 0 for net and index figures), a colour bar, labels and hover with name and value. `context`: codes
    of other regions drawn pale for orientation."""
    frame = units.join(table.select("unit", pl.col(indicator).alias("value")), left_on="code", right_on="unit",
                       how="left").select("code", "name", "lon", "lat", "value")
    values = frame["value"].to_list()
    diverging = indicator in ("net", "net_per_1000", "efficiency", "index")
    scale = get_colorscale(COLORS if diverging else "Blues")
    cmin, cmax = _colour_range(values, diverging)
    labels = [f"{n}<br>{_figure(v)}" for n, v in zip(frame["name"], values, strict=True)]
    fig = go.Figure()
    _regions(fig, {c: _fill(v, scale, cmin, cmax) for c, v in zip(frame["code"], values, strict=True)},
             dict(zip(frame["code"], labels, strict=True)), context or ())
    fig.add_trace(go.Scatter(
        x=frame["lon"].to_list(), y=frame["lat"].to_list(), mode="markers+text", text=labels,
        textposition="bottom center", textfont={"size": 9, "shadow": "auto"}, hovertext=labels, hoverinfo="text",
        marker={"size": 5, "color": _array(values), "colorscale": scale, "cmin": cmin, "cmax": cmax, "showscale": True,
                "line": {"width": 1, "color": "#1d2733"}, "colorbar": {"title": indicator_label(indicator)}},
    ))
    return _geo_layout(fig, title).to_plotly_json(), frame


def surplus_map(table: pl.DataFrame, units: pl.DataFrame, title: str,
                context: list[str] | None = None) -> tuple[dict, pl.DataFrame]:
    """The surplus/deficit index by region, each outline filled by its index; a thick dark-red border where
    the proposal disagrees with the designation in force, a thin grey one where they agree; the hover text
    names both."""
    frame = units.join(table.select("unit", "index", "proposed", "designation", "agreement"), left_on="code",
                       right_on="unit", how="left").select("code", "name", "lon", "lat", "index", "proposed",
                                                           "designation", "agreement")
    values = frame["index"].to_list()
    scale = get_colorscale("RdBu_r")
    cmin, cmax = _colour_range(values, True)
    disagree = {c for c, a in zip(frame["code"], frame["agreement"], strict=True) if a == "disagree"}
    labels = [f"{n}<br>{class_label(p or '')} / {class_label(d or '')}"
              for n, p, d in zip(frame["name"], frame["proposed"], frame["designation"], strict=True)]
    hovers = [f"{label}<br>{_('Surplus/deficit index')}: {v:+.2f}" if _number(v) else label
              for label, v in zip(labels, values, strict=True)]
    fig = go.Figure()
    _regions(fig, {c: _fill(v, scale, cmin, cmax) for c, v in zip(frame["code"], values, strict=True)},
             dict(zip(frame["code"], hovers, strict=True)), context or ())
    for code in drawing_order(disagree):  # on top, so no neighbour covers the thick border
        xs, ys = _outline(code)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=code, hoverinfo="skip", meta={OUTLINE_OF: code},
                                 line={"width": 4, "color": "#7a0010"}))
    fig.add_trace(go.Scatter(
        x=frame["lon"].to_list(), y=frame["lat"].to_list(), mode="markers+text", text=labels,
        textposition="bottom center", textfont={"size": 9, "shadow": "auto"}, hovertext=hovers, hoverinfo="text",
        marker={"size": 5, "color": _array(values), "colorscale": scale, "cmin": cmin, "cmax": cmax, "showscale": True,
                "colorbar": {"title": _("Surplus/deficit index")},
                "line": {"width": [3 if c in disagree else 1 for c in frame["code"]],
                         "color": ["#7a0010" if c in disagree else "#888" for c in frame["code"]]}},
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


ANCHORS = {"middle": "center", "start": "left", "end": "right"}


def map_labels(codes: list[str], names: list[str], lon: list[float], lat: list[float]) -> list[dict]:
    """The regions' names as annotations placed as the bulletin's map places them (stats.svg.place_labels: above
    the point where free, else below, right or left), so that the close regions of the south do not overlap.
    Placed in the pixels of the map as the dashboard draws it on a desktop (the outlines fill the plot's height,
    GEO_HEIGHT less the margins, at the aspect GEO_RATIO), then given to Plotly as offsets from each point."""
    points = [(str(n), float(x), float(y)) for n, x, y in zip(names, lon, lat, strict=True)
              if _number(x) and _number(y)]
    if not points:
        return []
    box = bounds(codes) or (min(p[1] for p in points), min(p[2] for p in points),
                            max(p[1] for p in points), max(p[2] for p in points))
    x0, y0 = min(box[0], *(p[1] for p in points)), min(box[1], *(p[2] for p in points))
    x1, y1 = max(box[2], *(p[1] for p in points)), max(box[3], *(p[2] for p in points))
    scale = (GEO_HEIGHT - GEO_MARGIN["t"] - GEO_MARGIN["b"]) / max((y1 - y0) * GEO_RATIO, 1e-9)
    top = 16  # place_labels keeps its top 16 px for a title: the frame is shifted down by as much
    pixels = [(n, (x - x0) * scale, top + (y1 - y) * GEO_RATIO * scale) for n, x, y in points]
    width, height = (x1 - x0) * scale, top + (y1 - y0) * GEO_RATIO * scale
    out = []
    for (name, px, py), (lx, ly, anchor), (_n, lon_, lat_) in zip(
            pixels, place_labels(pixels, LABEL_SIZE, width, height), points, strict=True):
        out.append({"x": lon_, "y": lat_, "xref": "x", "yref": "y", "text": name, "showarrow": False,
                    "font": {"size": LABEL_SIZE, "color": "#1d2733"}, "xanchor": ANCHORS[anchor],
                    "yanchor": "middle", "xshift": round(lx - px, 1), "yshift": round(py - (ly - LABEL_SIZE / 2), 1),
                    "borderpad": 0})
    return out


def flow_map(table: pl.DataFrame, units: pl.DataFrame, title: str, n: int = 15,
             note: str = "") -> tuple[dict, pl.DataFrame]:
    """The `n` largest flows as arcs between the regions' points, over the regions' outlines: width by size,
    an arrowhead at the destination."""
    top = table.sort("persons", descending=True).head(n)
    pos = {r["code"]: (r["lon"], r["lat"], r["name"]) for r in units.iter_rows(named=True)}
    fig = go.Figure()
    for code in drawing_order(units["code"].to_list()):
        fig.add_trace(_region(code, CONTEXT_FILL, pos[code][2], line={"color": CONTEXT_LINE, "width": 0.7}))
    fig.add_trace(go.Scatter(x=units["lon"].to_list(), y=units["lat"].to_list(), mode="markers",
                             text=units["name"].to_list(), marker={"size": 7, "color": "#1d2733"}, hoverinfo="text"))
    for name_label in map_labels(units["code"].to_list(), units["name"].to_list(), units["lon"].to_list(),
                                 units["lat"].to_list()):
        fig.add_annotation(**name_label)
    biggest = float(top["persons"].max()) if top.height else 1.0  # type: ignore[arg-type]  # a count column
    rows = []
    for r in top.iter_rows(named=True):
        if r["origin"] not in pos or r["destination"] not in pos:
            continue
        x0, y0, on = pos[r["origin"]]
        x1, y1, dn = pos[r["destination"]]
        xs, ys = _arc(x0, y0, x1, y1)
        width = 1 + 9 * r["persons"] / biggest
        label = f"{on} → {dn}: {number_format(r['persons'], 0, force_grouping=True)}"
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


# Distinct colours for the units a reader picked (Okabe-Ito and Tableau's, colour-blind safe); every other line
# is a thin grey that turns to the accent when selected, so no two highlighted lines share a colour.
HIGHLIGHT = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#7f7f7f", "#bcbd22",
             "#17becf"]
CONTEXT_GREY = "#b8c4cf"


def _when(period) -> str:
    """A period as a date on a time axis: a year is its 1 January (so years sit at proportional distances)."""
    if isinstance(period, int | np.integer):
        return f"{int(period):04d}-01-01"
    return period.isoformat() if hasattr(period, "isoformat") else str(period)


def time_series(table: pl.DataFrame, units: pl.DataFrame, indicator: str, focus: list[str] | None,
                title: str) -> tuple[dict, pl.DataFrame]:
    """The indicator over time on a date axis, one line per unit. With up to ten focus units each has its own
    colour; otherwise every unit is a thin grey line and the page highlights the one a reader clicks or picks
    in the legend (layout.meta.highlight)."""
    names = dict(zip(units["code"], units["name"], strict=True))
    frame = table.filter(pl.col("unit").is_in(focus)) if focus else table
    frame = frame.select("unit", "period", indicator).sort("unit", "period")
    groups = list(frame.group_by(["unit"], maintain_order=True))
    coloured = len(groups) <= len(HIGHLIGHT)
    yearly = frame.schema["period"].is_integer() if frame.width else True
    fig = go.Figure()
    for k, ((code,), part) in enumerate(groups):
        colour = HIGHLIGHT[k] if coloured else CONTEXT_GREY
        fig.add_trace(go.Scatter(x=[_when(p) for p in part["period"].to_list()], y=part[indicator].to_list(),
                                 mode="lines+markers", name=names.get(code, code),
                                 line={"color": colour, "width": 2 if coloured else 1},
                                 marker={"size": 5 if coloured else 3, "color": colour},
                                 hovertemplate="%{fullData.name}: %{y:,}<extra></extra>"))
    fig.update_layout(title=title, height=420, margin={"l": 50, "r": 10, "t": 50, "b": 40},
                      yaxis={"title": indicator_label(indicator)}, hovermode="closest",
                      xaxis={"type": "date", "tickformat": "%Y" if yearly else "%Y-%m",
                             **({"dtick": "M12"} if yearly else {})},
                      meta={"highlight": not coloured, "accent": "#00719c", "grey": CONTEXT_GREY})
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
        fig.add_trace(go.Bar(x=[_when(p) for p in part["period"].to_list()], y=part[indicator].to_list(), name=names[code],
                             marker={"color": ["#b3261e" if (v or 0) < 0 else "#00719c" for v in part[indicator]]}),
                      row=k // cols + 1, col=k % cols + 1)
    fig.update_layout(title=title, height=160 * rows_n + 60, showlegend=False, margin={"l": 40, "r": 10, "t": 70, "b": 30})
    fig.update_xaxes(type="date", tickformat="%Y")
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


__all__ = ["INDICATORS", "choropleth", "surplus_map", "flow_map", "time_series", "small_multiples", "forecast_chart"]
