"""Charts of survey estimates (Plotly figures as JSON; the page draws them with the vendored plotly.js)."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def estimates_chart(result: dict[str, Any]) -> str:
    """Bars per domain and category with 95% intervals as error bars; JSON for Plotly.newPlot."""
    rows = result["rows"]
    scale = 100.0 if result["proportion"] else 1.0
    fig = go.Figure()
    categories = list(dict.fromkeys(r["category"] for r in rows))
    for category in categories:
        part = [r for r in rows if r["category"] == category]
        fig.add_bar(
            name=part[0]["category_label"] or result["label"],
            x=[r["domain_label"] for r in part], y=[r["estimate"] * scale for r in part],
            error_y={"type": "data", "symmetric": False,
                     "array": [(r["ci_high"] - r["estimate"]) * scale for r in part],
                     "arrayminus": [(r["estimate"] - r["ci_low"]) * scale for r in part]},
            hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(
        barmode="group", title={"text": result["label"], "font": {"size": 14}},
        yaxis={"title": _("Share, %") if result["proportion"] else pgettext("survey", "Mean"), "rangemode": "tozero"},
        margin={"l": 50, "r": 10, "t": 50, "b": 80}, legend={"orientation": "h"},
    )
    return json.dumps(fig.to_plotly_json(), default=str)
