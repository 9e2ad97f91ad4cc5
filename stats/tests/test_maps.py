"""The maps draw the regions' real outlines (geo's shipped GeoJSON), coloured by value, with nothing fetched
from another host: the dashboard's Plotly figures and the bulletin's SVG."""

import json
import re

import polars as pl
import pytest
from django.utils import translation
from plotly.colors import get_colorscale, sample_colorscale

from stats import charts, svg
from stats.selectors import units_frame
from stats.shapes import area, drawing_order, region_polygons

pytestmark = pytest.mark.django_db

CITIES = {"KZ-71": "KZ-11", "KZ-75": "KZ-19", "KZ-79": "KZ-61"}  # Astana, Almaty, Shymkent: region around them


@pytest.fixture
def units(db):
    frame = units_frame()
    assert frame.height == 20
    return frame


def _values(units):
    """A distinct value per region: −950, −850, …, +950 in code order."""
    return pl.DataFrame({"unit": units["code"], "net": [100.0 * k - 950 for k in range(units.height)]})


def _regions(figure):
    return [t for t in figure["data"] if t.get("fill") == "toself"]


def _no_other_host(text: str) -> bool:
    return re.search(r"(https?:)?//", text.replace('xmlns="http://www.w3.org/2000/svg"', "")) is None


def test_geos_shapes_give_20_regions_with_holes_left_open_and_cities_drawn_after_their_region():
    shapes = region_polygons()
    assert len(shapes) == 20
    akmola = shapes["KZ-11"][0]
    outer, holes = akmola[0], akmola[1:]
    def signed(ring):  # shoelace: > 0 anticlockwise
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))

    assert signed(outer) > 0 and holes and all(signed(h) < 0 for h in holes)
    order = drawing_order(list(shapes))
    for city, region in CITIES.items():
        assert order.index(city) > order.index(region) and area(city) < area(region)


def test_the_choropleth_fills_one_outline_per_region_in_the_colour_of_its_value(units):
    figure, frame = charts.choropleth(_values(units), units, "net", "Net migration")
    regions = _regions(figure)
    assert len(regions) == 20 and {t["name"] for t in regions} == set(units["code"])
    values = dict(zip(frame["code"], frame["value"], strict=True))
    scale = get_colorscale(charts.COLORS)
    for trace in regions:  # diverging scale, symmetric around 0: −950..+950
        expected = sample_colorscale(scale, [(values[trace["name"]] + 950) / 1900])[0]
        assert trace["fillcolor"] == expected
    astana = next(t for t in regions if t["name"] == "KZ-71")
    name = units.filter(pl.col("code") == "KZ-71")["name"][0]
    assert astana["text"] == f"{name}<br>{values['KZ-71']:,.0f}" and astana["hoveron"] == "fills"
    # the outline is geo's: every ring of the shipped feature, rings separated by gaps
    rings = sum(len(polygon) for polygon in region_polygons()["KZ-71"])
    assert astana["x"].count(None) == rings
    labels = figure["data"][-1]
    assert labels["marker"]["showscale"] and labels["marker"]["cmin"] == -950 and labels["marker"]["cmax"] == 950
    assert frame.columns == ["code", "name", "lon", "lat", "value"]
    assert _no_other_host(json.dumps(figure, default=str))


def test_a_region_without_a_value_is_grey_and_a_sequential_indicator_uses_its_range(units):
    table = pl.DataFrame({"unit": units["code"][1:], "arrivals": [float(k) for k in range(1, 20)]})
    figure, _ = charts.choropleth(table, units, "arrivals", "Arrivals")
    fills = {t["name"]: t["fillcolor"] for t in _regions(figure)}
    assert fills[units["code"][0]] == charts.NO_DATA
    blues = get_colorscale("Blues")
    assert fills[units["code"][1]] == sample_colorscale(blues, [0.0])[0]
    assert fills[units["code"][19]] == sample_colorscale(blues, [1.0])[0]


def test_regions_outside_the_users_territory_are_drawn_pale_without_their_figures(units):
    own = units.filter(pl.col("code") == "KZ-61")
    figure, frame = charts.choropleth(_values(units), own, "net", "Net", context=units["code"].to_list())
    regions = _regions(figure)
    assert len(regions) == 20 and frame["code"].to_list() == ["KZ-61"]
    coloured = [t for t in regions if t["fillcolor"] != charts.CONTEXT_FILL]
    assert [t["name"] for t in coloured] == ["KZ-61"]
    assert all(t["hoverinfo"] == "skip" and not t["text"] for t in regions if t["name"] != "KZ-61")


def test_the_surplus_map_borders_in_thick_dark_red_where_proposal_and_designation_disagree(units):
    codes = units["code"].to_list()
    table = pl.DataFrame({
        "unit": codes, "index": [0.1 * k - 1 for k in range(20)],
        "proposed": ["surplus"] * 20, "designation": ["surplus"] * 18 + ["deficit", "balanced"],
        "agreement": ["agree"] * 18 + ["disagree"] * 2,
    })
    figure, _ = charts.surplus_map(table, units, "Index")
    assert len(_regions(figure)) == 20
    borders = [t for t in figure["data"] if t.get("line", {}).get("color") == "#7a0010" and t.get("fill") != "toself"]
    assert sorted(t["name"] for t in borders) == sorted(codes[18:]) and all(t["line"]["width"] == 4 for t in borders)
    last_region = max(i for i, t in enumerate(figure["data"]) if t.get("fill") == "toself")
    assert all(figure["data"].index(t) > last_region for t in borders)  # no neighbour covers them
    hover = next(t for t in _regions(figure) if t["name"] == codes[19])["text"]
    assert "+0.90" in hover and units["name"][19] in hover


def test_the_flow_maps_arcs_are_drawn_over_the_region_outlines(units):
    flows = pl.DataFrame({"origin": ["KZ-61", "KZ-79"], "destination": ["KZ-71", "KZ-75"],
                          "persons": [1000.0, 500.0], "source": ["published", "published"]})
    figure, frame = charts.flow_map(flows, units, "Flows")
    kinds = ["region" if t.get("fill") == "toself" else "arc" if t.get("mode") == "lines" else "points"
             for t in figure["data"]]
    assert kinds.count("region") == 20 and kinds.count("arc") == 2
    assert max(i for i, k in enumerate(kinds) if k == "region") < min(i for i, k in enumerate(kinds) if k == "arc")
    assert frame["persons"].to_list() == [1000.0, 500.0]
    assert _no_other_host(json.dumps(figure, default=str))


def _region_paths(text: str) -> dict[str, str]:
    return dict(re.findall(r'<path class="region" data-code="(KZ-\d+)" d="[^"]+" fill="([^"]+)"', text))


def test_the_bulletin_svg_map_fills_the_20_region_outlines_by_value(units):
    values = [100.0 * k - 950 for k in range(20)]
    text = svg.region_map(units["code"], units["name"], units["lon"], units["lat"], values, title="Net")
    fills = _region_paths(text)
    assert set(fills) == set(units["code"]) and text.count('class="region"') == 20
    by_code = dict(zip(units["code"], values, strict=True))
    assert fills[max(by_code, key=by_code.get)] == svg._color(950, 950) == "rgb(0,113,156)"
    assert fills[min(by_code, key=by_code.get)] == svg._color(-950, 950)
    assert all(f.startswith("rgb(") for f in fills.values())
    assert _no_other_host(text)


def test_the_bulletin_flow_map_draws_arcs_over_the_outlines(units):
    text = svg.flow_map(units["name"], units["lon"], units["lat"], units["code"],
                        [("KZ-61", "KZ-71", 1000.0)], title="Flows")
    assert len(_region_paths(text)) == 20
    assert text.rindex('class="region"') < text.index('class="flow"')
    assert _no_other_host(text)


def test_map_labels_write_figures_as_the_active_language_does(units):
    table = pl.DataFrame({"unit": ["KZ-71", "KZ-75"], "net": [73238.0, 12.26]})
    with translation.override("ru"):
        figure, _frame = charts.choropleth(table, units, "net", "")
    texts = {t["name"]: t["text"] for t in _regions(figure)}
    assert texts["KZ-71"].endswith("<br>73\xa0238") and texts["KZ-75"].endswith("<br>12,3")


def test_the_dashboard_flow_maps_labels_do_not_overlap_in_the_south(units):
    """Issue 16: the dashboard's names all sat above their points and overlapped in the south (Almaty, its
    region, Jetisu, Zhambyl, Shymkent, Turkistan). Each label's box is worked out here from the annotation's own
    anchor and pixel offsets on a 400 px tall plot (460 less the 60 px of margins) that the outlines fill at
    1.45 px of latitude per px of longitude, the dashboard's layout."""
    flows = pl.DataFrame({"origin": ["KZ-61"], "destination": ["KZ-71"], "persons": [1000.0], "source": ["published"]})
    figure, _ = charts.flow_map(flows, units, "Flows")
    labels = [a for a in figure["layout"]["annotations"] if a.get("text") in set(units["name"])]
    assert len(labels) == 20 and all(a["font"]["size"] >= 9 for a in labels)
    from stats.shapes import bounds
    lon0, lat0, _lon1, lat1 = bounds(units["code"].to_list())
    lat1, lon0 = max(lat1, *units["lat"]), min(lon0, *units["lon"])
    lat0 = min(lat0, *units["lat"])
    px_per_degree = 400 / ((lat1 - lat0) * 1.45)
    boxes = []
    for a in labels:
        x = (a["x"] - lon0) * px_per_degree + a["xshift"]
        y = (lat1 - a["y"]) * 1.45 * px_per_degree - a["yshift"]
        w, h = 0.56 * 9 * len(a["text"]), 9
        left = {"center": x - w / 2, "left": x, "right": x - w}[a["xanchor"]]
        boxes.append((a["text"], left, y - h / 2, left + w, y + h / 2))
    overlapping = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert overlapping == []
    assert len({a["xanchor"] + str(a["yshift"] > 0) for a in labels}) > 1  # not every name above its point


def test_a_page_sends_the_maps_without_their_outlines_and_the_outlines_once_apart(units, client):
    figure, _ = charts.choropleth(_values(units), units, "net", "Net migration")
    page = charts.for_page(figure)
    regions = _regions(figure)
    sent = [t for t in page["data"] if t.get("fill") == "toself"]
    assert len(sent) == 20 and all("x" not in t and "y" not in t for t in sent)
    assert page["data"][-1] == figure["data"][-1]  # the labelled points are sent whole
    assert page["layout"] == figure["layout"] and len(json.dumps(page)) < len(json.dumps(figure)) / 3
    response = client.get("/stats/outlines.json")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    outlines = response.json()
    assert set(outlines) == set(units["code"])
    for trace in regions:  # the page's script puts back exactly what the trace drew
        assert [trace["x"], trace["y"]] == outlines[trace["meta"]["outline"]]
