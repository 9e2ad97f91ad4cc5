"""Region outlines for the dashboard maps and the bulletin, read once from geo's shipped simplified GeoJSON
(`geo.shapes.load_shapes`, feature id = ISO 3166-2:KZ code). Nothing is fetched from anywhere.

A region is a tuple of polygons; a polygon a tuple of rings (the outer ring first, then its holes); a ring a
tuple of (lon, lat) points, closed. Outer rings run anticlockwise and holes clockwise, so that a drawing filled
by the non-zero rule (Plotly's filled traces, SVG's default) leaves the holes open: Astana's hole in Akmola
region shows Astana, not Akmola.
"""

from __future__ import annotations

from functools import lru_cache

from geo.shapes import load_shapes

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]


def _signed_area(ring) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _oriented(ring, *, outer: bool) -> Ring:
    points = tuple((float(x), float(y)) for x, y in ring)
    if points and points[0] != points[-1]:
        points = points + (points[0],)
    anticlockwise = _signed_area(points) > 0
    return points if anticlockwise == outer else points[::-1]


@lru_cache(maxsize=1)
def region_polygons() -> dict[str, tuple[Polygon, ...]]:
    """{ISO code: polygons} of today's regions (20 in the shipped file)."""
    out: dict[str, tuple[Polygon, ...]] = {}
    for feature in load_shapes()["features"]:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        out[feature["id"]] = tuple(
            tuple(_oriented(ring, outer=k == 0) for k, ring in enumerate(polygon)) for polygon in parts
        )
    return out


def area(code: str) -> float:
    """The region's area in square degrees (outer rings less holes): to draw the big regions first."""
    return sum(abs(_signed_area(ring)) * (1 if k == 0 else -1)
               for polygon in region_polygons().get(code, ()) for k, ring in enumerate(polygon))


def drawing_order(codes) -> list[str]:
    """The codes that have a shape, largest region first (the cities they enclose are drawn over them)."""
    shapes = region_polygons()
    return sorted((c for c in codes if c in shapes), key=lambda c: (-area(c), c))


def bounds(codes) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) over the given regions' outlines, None if none has a shape."""
    shapes = region_polygons()
    points = [p for c in codes if c in shapes for polygon in shapes[c] for p in polygon[0]]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
