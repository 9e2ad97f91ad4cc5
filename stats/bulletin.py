"""The migration bulletin, in the manner of the statistics bureau's express releases: key figures, maps,
flow map, tables, charts, the programme's results beside its quotas, methods and sources.

`build_bulletin(year=..., region=None, lang="kk"|"ru"|"en")` returns the HTML; `to_pdf(html)` renders it with
WeasyPrint. Charts are SVG drawn by stats.svg (no browser needed). Every heading and sentence is translated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from . import selectors, svg
from .models import Coverage, Indicator, StatisticsImport

SECTIONS = ("key", "maps", "flows", "tables", "charts", "programme", "methods", "sources")
# Page 1 holds the key figures and the net-migration chart drawn tall enough to fill the page (A4 less margins is
# 265 mm; the title and the key figures take about 75 mm, a region's own figures 25 mm more); the maps start page 2.
FRONT_CHART_HEIGHT = 660  # px of the 640 px wide chart (1 mm = 3.78 px)
FRONT_CHART_HEIGHT_WITH_REGION = 560


def _num(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang in ("kk", "ru"):  # grouped by a no-break space: "+9 361" never breaks at the end of a line
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")


def _signed(value, lang: str, digits: int = 0) -> str:
    return ("+" if value is not None and value > 0 else "") + _num(value, lang, digits)


def build_bulletin(
    *, year: int, region: str | None = None, lang: str = "en", progress: Callable[[str], None] | None = None
) -> str:
    """The bulletin's HTML for `year` (and a region's focus if given), in `lang`."""
    step = progress or (lambda _name: None)
    with translation.override(lang):
        units = selectors.units_frame()
        names = dict(zip(units["code"], units["name"], strict=True))
        if region and region not in names:
            raise ValueError(f"Unknown region code {region!r}.")
        inter = selectors.indicator_table(Coverage.INTERREGIONAL, "year").filter(
            (pl.col("sex") == "total") & (pl.col("age_group") == "total")
        )
        this = inter.filter(pl.col("period") == year).sort("unit")
        if this.is_empty():
            raise ValueError(f"No interregional figures for {year}.")
        allint = selectors.indicator_table(Coverage.ALL_INTERNAL, "year").filter(
            (pl.col("period") == year) & (pl.col("sex") == "total")
        )
        ctx: dict = {
            "year": year,
            "lang": lang,
            "region": region,
            "region_name": names.get(region or "", ""),
            "sections": {},
        }

        # 1. key figures
        gross_total = int(this["arrivals"].sum())
        key: dict[str, Any] = {
            "interregional_movers": _num(gross_total, lang),
            "all_internal_movers": _num(int(allint["arrivals"].sum()), lang) if allint.height else "–",
            "gainers": [
                (names[r["unit"]], _signed(r["net"], lang))
                for r in this.filter(pl.col("net") > 0).sort("net", descending=True).iter_rows(named=True)
            ],
            "losers": [
                (names[r["unit"]], _signed(r["net"], lang))
                for r in this.sort("net").head(5).iter_rows(named=True)
            ],
        }
        if region:
            r = this.filter(pl.col("unit") == region).row(0, named=True)
            key["region"] = {
                k: _signed(r[k], lang, 1 if k in ("net_per_1000", "efficiency") else 0)
                if k in ("net", "net_per_1000", "efficiency")
                else _num(r[k], lang)
                for k in ("arrivals", "departures", "net", "gross", "net_per_1000", "efficiency")
            }
            rank = this.sort("net_per_1000", descending=True)["unit"].to_list().index(region) + 1
            key["region_rank"] = rank
        ctx["key"] = key
        ordered = this.sort("net", descending=True)
        ctx["chart_net"] = svg.bar_chart(
            [names[c] for c in ordered["unit"]],
            ordered["net"].to_list(),
            fmt=lambda v: _num(v, lang),
            title=_("Net interregional migration, persons, %(year)s") % {"year": year},
            height=FRONT_CHART_HEIGHT_WITH_REGION if region else FRONT_CHART_HEIGHT,
        )
        step("key")

        # 2. maps
        frame = units.join(this, left_on="code", right_on="unit", how="left")
        titles = {"net_per_1000": _("Net interregional migration per 1,000 inhabitants, %(year)s"),
                  "efficiency": _("Migration efficiency (%%), %(year)s")}
        for map_key, column in (("map_net", "net_per_1000"), ("map_eff", "efficiency")):
            ctx[map_key] = svg.region_map(frame["code"], frame["name"], frame["lon"], frame["lat"], frame[column].to_list(),
                                      fmt=lambda v: _num(v, lang, 1), title=titles[column] % {"year": year})
        step("maps")

        # 3. flow map
        table, meta = selectors.od_table(year)
        if region and not table.is_empty():
            table = table.filter((pl.col("origin") == region) | (pl.col("destination") == region))
        top = table.sort("persons", descending=True).head(15) if not table.is_empty() else table
        ctx["od_meta"] = meta
        ctx["flow_source"] = {"published": _("published table"), "estimated": _("estimated table")}.get(
            meta.get("source") or "", _("no table")
        )
        if not top.is_empty():
            ctx["flow_map"] = svg.flow_map(
                units["name"],
                units["lon"],
                units["lat"],
                units["code"],
                [(r["origin"], r["destination"], r["persons"]) for r in top.iter_rows(named=True)],
                title=_("The 15 largest flows, %(year)s") % {"year": year},
            )
            ctx["top_flows"] = [
                (names[r["origin"]], names[r["destination"]], _num(r["persons"], lang))
                for r in top.iter_rows(named=True)
            ]
        acc = meta.get("accuracy")
        if acc:
            ctx["accuracy"] = {
                "cpc": _num(acc["cpc"] * 100, lang, 1),
                "mape": _num(acc["mape_top"], lang, 1),
                "year": acc["evaluated_year"],
                "prior": acc["prior_year"],
            }
        step("flows")

        # 4. tables
        ctx["rows"] = [
            {
                "name": names[r["unit"]],
                "arrivals": _num(r["arrivals"], lang),
                "departures": _num(r["departures"], lang),
                "net": _signed(r["net"], lang),
                "gross": _num(r["gross"], lang),
                "per1000": _signed(r["net_per_1000"], lang, 1),
                "eff": _signed(r["efficiency"], lang, 1),
                "focus": r["unit"] == region,
            }
            for r in this.sort("net", descending=True).iter_rows(named=True)
        ]
        step("tables")

        # 5. charts
        monthly = selectors.indicator_table(Coverage.ALL_INTERNAL, "month")
        if not monthly.is_empty():
            monthly = monthly.filter(pl.col("period").dt.year() == year)
        if not monthly.is_empty():
            if region:
                part = monthly.filter(pl.col("unit") == region).sort("period")
                series = {
                    _("Arrivals"): part["arrivals"].to_list(),
                    _("Departures"): part["departures"].to_list(),
                }
            else:
                part = monthly.group_by("period").agg(pl.col("arrivals").sum()).sort("period")
                series = {_("Persons who moved"): part["arrivals"].to_list()}
            ctx["chart_months"] = svg.line_chart(
                [p.month for p in part["period"]],
                series,
                title=_("Internal moves by month, %(year)s") % {"year": year},
            )
        history = (
            inter.filter(pl.col("unit") == region)
            if region
            else inter.group_by("period").agg(pl.col("gross").sum())
        )
        history = history.sort("period")
        col = "net" if region else "gross"
        ctx["chart_history"] = svg.bar_chart(
            [str(p) for p in history["period"]],
            history[col].to_list(),
            fmt=lambda v: _num(v, lang),
            title=(_("Net interregional migration by year") if region else _("Interregional moves by year")),
        )
        fc = selectors.forecast()
        if fc is not None:
            ov = {r["method"]: r for r in fc["overall"].iter_rows(named=True)}
            ctx["forecast"] = {
                "year": fc["backtest_year"],
                "trend_mape": _num(ov["trend"]["mape"], lang, 1),
                "naive_mape": _num(ov["naive"]["mape"], lang, 1),
                "trend_mae": _num(ov["trend"]["mae"], lang),
                "naive_mae": _num(ov["naive"]["mae"], lang),
            }
        step("charts")

        # 6. programme results beside quotas
        prog = selectors.programme_results()
        results = prog.filter(pl.col("indicator") == Indicator.RESETTLED)
        quotas = prog.filter(pl.col("indicator") == Indicator.QUOTA)
        periods = sorted({(r["period_start"], r["period_end"]) for r in results.iter_rows(named=True)})
        quota_cols = sorted({(r["year"], r["category"]) for r in quotas.iter_rows(named=True)})
        programme_units = sorted(set(results["unit"].to_list()) | set(quotas["unit"].to_list()))
        if region:
            programme_units = [u for u in programme_units if u == region]
        ctx["programme_head"] = (
            [f"{s:%d.%m.%Y}–{e:%d.%m.%Y}" for s, e in periods],
            [f"{y} · {_category(c)}" for y, c in quota_cols],
        )
        ctx["programme_rows"] = []
        for code in programme_units:
            res = results.filter(pl.col("unit") == code)
            quo = quotas.filter(pl.col("unit") == code)
            ctx["programme_rows"].append(
                {
                    "name": names.get(code, code),
                    "results": [
                        _num(
                            res.filter((pl.col("period_start") == s) & (pl.col("period_end") == e))[
                                "value"
                            ].sum(),
                            lang,
                        )
                        if res.filter((pl.col("period_start") == s) & (pl.col("period_end") == e)).height
                        else "–"
                        for s, e in periods
                    ],
                    "quotas": [
                        _num(
                            quo.filter((pl.col("year") == y) & (pl.col("category") == c))["value"].sum(), lang
                        )
                        if quo.filter((pl.col("year") == y) & (pl.col("category") == c)).height
                        else "–"
                        for y, c in quota_cols
                    ],
                }
            )
        step("programme")

        # 7-8. methods and sources
        ctx["sources"] = list(
            StatisticsImport.objects.order_by("dataset", "-imported_at")
            .distinct()
            .values_list("dataset", "file_name", "source")
        )
        seen, unique = set(), []
        for s in ctx["sources"]:
            if s[0] not in seen:
                seen.add(s[0])
                unique.append(s)
        ctx["sources"] = unique
        step("methods")
        html = render_to_string("stats/bulletin.html", ctx)
        step("sources")
        return html


def _category(text: str) -> str:
    low = text.lower()
    if "kandas" in low and "resettler" in low:
        return _("kandas and resettlers")
    if "kandas" in low:
        return _("kandas")
    if "resettler" in low:
        return _("resettlers")
    return text


def to_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()
