"""Small SVG charts drawn by hand for the printed bulletin (WeasyPrint renders SVG; no browser, no kaleido).

Each function returns an SVG string. Text is escaped; coordinates are computed with NumPy. The maps draw the
regions' real outlines (geo's shipped simplified GeoJSON, through `stats.shapes`) in an equirectangular
projection: x = longitude × cos(middle latitude), y = latitude, north up.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from .shapes import bounds, drawing_order, region_polygons

FONT = 'font-family="DejaVu Sans, sans-serif"'
BLUE, RED, INK, MUTED = "#00719c", "#b3261e", "#1d2733", "#5b6b7c"
OUTLINE, CONTEXT_FILL, CONTEXT_LINE = "#555555", "#eef2f5", "#a9b5c1"


def _projector(codes, lon, lat, width, height, *, top=20, bottom=0, pad=8):
    """A function (lon, lat) -> (x, y) in pixels fitting the regions' outlines and the given points into the
    box below the title, aspect kept (1° of longitude = cos(middle latitude) × 1° of latitude)."""
    lons = [float(v) for v in lon if v is not None and np.isfinite(v)]
    lats = [float(v) for v in lat if v is not None and np.isfinite(v)]
    box = bounds(codes)
    if box:
        lons += [box[0], box[2]]
        lats += [box[1], box[3]]
    if not lons or not lats:
        lons, lats = [0.0, 1.0], [0.0, 1.0]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    x_min, x_span = min(lons) * k, max((max(lons) - min(lons)) * k, 1e-9)
    y_max, y_span = max(lats), max(max(lats) - min(lats), 1e-9)
    inner_w, inner_h = width - 2 * pad, height - top - bottom - 2 * pad
    scale = min(inner_w / x_span, inner_h / y_span)
    ox, oy = pad + (inner_w - x_span * scale) / 2, top + pad + (inner_h - y_span * scale) / 2

    def project(lon_, lat_):
        lon_, lat_ = np.asarray(lon_, float), np.asarray(lat_, float)
        return ox + (lon_ * k - x_min) * scale, oy + (y_max - lat_) * scale

    return project


def _path_d(code, project) -> str:
    """The SVG path data of a region: one closed subpath per ring (holes included)."""
    parts = []
    for polygon in region_polygons()[code]:
        for ring in polygon:
            x, y = project([p[0] for p in ring], [p[1] for p in ring])
            parts.append("M" + " L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True)) + " Z")
    return " ".join(parts)


def _region_path(code, project, *, fill, stroke=OUTLINE, width=0.5, title="") -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (f'<path class="region" data-code="{escape(code)}" d="{_path_d(code, project)}" fill="{fill}" '
            f'fill-rule="evenodd" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round">{tip}</path>')


def _color(value: float, bound: float) -> str:
    if value is None or not np.isfinite(value):
        return "#dddddd"
    t = max(-1.0, min(1.0, value / bound)) if bound else 0.0
    if t >= 0:
        r, g, b = (int(255 - t * (255 - c)) for c in (0, 113, 156))
    else:
        r, g, b = (int(255 + t * (255 - c)) for c in (179, 38, 30))
    return f"rgb({r},{g},{b})"


def _legend(bound: float, fmt, x: float, y: float) -> str:
    """Nine steps from −bound (red) through 0 (white) to +bound (blue), the ends and the middle labelled."""
    parts = []
    for i, t in enumerate(np.linspace(-1, 1, 9)):
        parts.append(f'<rect x="{x + i * 12:.1f}" y="{y:.1f}" width="12" height="7" fill="{_color(t * bound, bound)}" '
                     f'stroke="{MUTED}" stroke-width="0.3"/>')
    for i, v in ((0, -bound), (4, 0.0), (8, bound)):
        label = fmt(v) if fmt else f"{v:,.1f}"
        parts.append(f'<text x="{x + i * 12 + 6:.1f}" y="{y + 15:.1f}" {FONT} font-size="6" text-anchor="middle" '
                     f'fill="{MUTED}">{escape(label)}</text>')
    return "".join(parts)


def region_map(codes, names, lon, lat, values, *, title: str, width=640, height=380, fmt=None) -> str:
    """The regions' outlines filled by value (blue positive, red negative, grey none), each labelled with its
    name and value at its point (`lon`, `lat`: inside the region); a colour legend below."""
    codes = [str(c) for c in codes]
    vals = np.array([np.nan if v is None else v for v in values], float)
    bound = float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 1.0
    project = _projector(codes, lon, lat, width, height, bottom=18)
    x, y = project(lon, lat)
    fills = {c: _color(v, bound) for c, v in zip(codes, vals, strict=True)}
    shown = {c: (str(n), "" if not np.isfinite(v) else (fmt(v) if fmt else f"{v:,.1f}"))
             for c, n, v in zip(codes, names, vals, strict=True)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>']
    for code in drawing_order(codes):
        parts.append(_region_path(code, project, fill=fills[code], title=" ".join(shown[code]).strip()))
    shaped = region_polygons()
    for code, xi, yi, v in zip(codes, x, y, vals, strict=True):
        if code not in shaped:  # a unit with no outline: a square at its point, as before outlines existed
            parts.append(f'<rect x="{xi - 8:.1f}" y="{yi - 8:.1f}" width="16" height="16" fill="{_color(v, bound)}" '
                         f'stroke="{OUTLINE}" stroke-width="0.6"/>')
    for code, xi, yi in zip(codes, x, y, strict=True):
        name, label = shown[code]
        parts.append(f'<text x="{xi:.1f}" y="{yi - 1.5:.1f}" {FONT} font-size="6.5" text-anchor="middle" '
                     f'fill="{INK}">{escape(name)}</text>')
        parts.append(f'<text x="{xi:.1f}" y="{yi + 6.5:.1f}" {FONT} font-size="6.5" font-weight="bold" '
                     f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    parts.append(_legend(bound, fmt, 8, height - 20))
    parts.append("</svg>")
    return "".join(parts)


def flow_map(names, lon, lat, codes, flows, *, title: str, width=640, height=380) -> str:
    """Arcs between the regions' points for (origin, destination, persons) over the regions' outlines, width
    by size, arrowhead at the destination."""
    codes = [str(c) for c in codes]
    project = _projector(codes, lon, lat, width, height)
    x, y = project(lon, lat)
    pos = {c: (xi, yi) for c, xi, yi in zip(codes, x, y, strict=True)}
    biggest = max((p for _, _, p in flows), default=1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             # the arrowhead in the map's units, not the stroke's: a wide arc does not get a giant head
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{BLUE}"/>'
             '</marker></defs>',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>']
    named = dict(zip(codes, names, strict=True))
    for code in drawing_order(codes):
        parts.append(_region_path(code, project, fill=CONTEXT_FILL, stroke=CONTEXT_LINE, width=0.6,
                                  title=str(named[code])))
    for origin, destination, persons in flows:
        if origin not in pos or destination not in pos:
            continue
        (x0, y0), (x1, y1) = pos[origin], pos[destination]
        cx, cy = (x0 + x1) / 2 + 0.2 * (y1 - y0), (y0 + y1) / 2 - 0.2 * (x1 - x0)
        w = 0.8 + 6 * persons / biggest
        parts.append(f'<path class="flow" d="M{x0:.1f},{y0:.1f} Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" fill="none" '
                     f'stroke="{BLUE}" stroke-opacity="0.6" stroke-width="{w:.1f}" marker-end="url(#arrow)"/>')
    points = list(zip([str(n) for n in names], x, y, strict=True))
    for _name, xi, yi in points:
        parts.append(f'<circle cx="{xi:.1f}" cy="{yi:.1f}" r="2.5" fill="{INK}"/>')
    for name, (lx, ly, anchor) in zip([p[0] for p in points], place_labels(points, LABEL_SIZE, width, height),
                                      strict=True):
        # the halo is a text of its own under the label: WeasyPrint ignores paint-order, and a stroke drawn over
        # the fill left the labels white on the printed map
        for paint in ('fill="white" stroke="white" stroke-width="2.5" stroke-linejoin="round"', f'fill="{INK}"'):
            parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" {FONT} font-size="{LABEL_SIZE}" text-anchor="{anchor}" '
                         f'{paint}>{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


LABEL_SIZE = 9  # px in the bulletin's 640 px wide map: readable when printed


def place_labels(points, size: float, width: float, height: float) -> list[tuple[float, float, str]]:
    """(x, y, text-anchor) for each point's label: above it where free, else below, right or left of it; the
    regions of the south sit close together and their labels overlapped when all were put above."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for name, px, py in points:
        w, h = 0.56 * size * len(name), size
        tries = [(px, py - 5, "middle"), (px, py + 5 + h, "middle"), (px + 5, py + h / 3, "start"),
                 (px - 5, py + h / 3, "end"), (px, py - 7 - h, "middle"), (px, py + 7 + 2 * h, "middle")]
        chosen = tries[0]
        for lx, ly, anchor in tries:
            left = lx - w / 2 if anchor == "middle" else (lx if anchor == "start" else lx - w)
            box = (left, ly - h, left + w, ly + 2)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= 16 and box[3] <= height
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                chosen = (lx, ly, anchor)
                placed.append(box)
                break
        out.append(chosen)
    return out


def bar_chart(labels, values, *, title: str, width=640, height=300, fmt=None) -> str:
    """Horizontal bars, blue for positive and red for negative values, around a zero line; the taller the chart,
    the larger its labels."""
    n = max(len(values), 1)
    vals = np.asarray(values, float)
    bound = float(np.abs(vals).max()) if vals.size else 1.0
    row = (height - 24 - 6) / n
    size = max(8.0, min(11.0, row * 0.4))  # labels grow with the rows when the chart is drawn tall
    longest = max((len(str(label)) for label in labels), default=0)
    left, right, top = min(260.0, max(150.0, longest * size * 0.6 + 8)), 60, 24  # room for the longest name
    zero = left + (width - left - right) / 2 if (vals < 0).any() else left
    scale = (width - zero - right) / (bound or 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>']
    for i, (label, v) in enumerate(zip(labels, vals, strict=True)):
        yy = top + i * row
        w = abs(v) * scale
        xx = zero if v >= 0 else zero - w
        parts.append(f'<rect x="{xx:.1f}" y="{yy + 1:.1f}" width="{w:.1f}" height="{row - 2:.1f}" '
                     f'fill="{BLUE if v >= 0 else RED}"/>')
        parts.append(f'<text x="{left - 4}" y="{yy + row / 2 + size * 0.35:.1f}" {FONT} font-size="{size:.1f}" '
                     f'text-anchor="end" '
                     f'fill="{INK}">{escape(str(label))}</text>')
        parts.append(f'<text x="{(xx + w + 3) if v >= 0 else (xx - 3):.1f}" y="{yy + row / 2 + size * 0.35:.1f}" '
                     f'{FONT} font-size="{size - 1:.1f}" text-anchor="{"start" if v >= 0 else "end"}" fill="{MUTED}">'
                     f'{escape(fmt(v) if fmt else f"{v:,.0f}")}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{height - 6}" stroke="{MUTED}"/></svg>')
    return "".join(parts)


def line_chart(x_labels, series: dict, *, title: str, width=640, height=240) -> str:
    """One or more lines over the same categories (e.g. months)."""
    left, right, top, bottom = 60, 100, 24, 28
    allv = np.concatenate([np.asarray(v, float) for v in series.values()]) if series else np.zeros(1)
    lo, hi = min(0.0, float(allv.min())), float(allv.max()) or 1.0
    n = max(len(x_labels), 2)
    px = lambda i: left + i * (width - left - right) / (n - 1)  # noqa: E731
    py = lambda v: top + (hi - v) * (height - top - bottom) / ((hi - lo) or 1)  # noqa: E731
    colors = [BLUE, RED, "#6a4c93", "#1b6e3a"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>',
             f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" stroke="{MUTED}"/>']
    for k, (name, values) in enumerate(series.items()):
        pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(values))
        color = colors[k % len(colors)]
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.8"/>')
        parts.append(f'<text x="{width - right + 4}" y="{top + 12 * k + 8}" {FONT} font-size="8" fill="{color}">'
                     f'{escape(str(name))}</text>')
    for i, label in enumerate(x_labels):
        parts.append(f'<text x="{px(i):.1f}" y="{height - 10}" {FONT} font-size="7" text-anchor="middle" '
                     f'fill="{MUTED}">{escape(str(label))}</text>')
    parts.append(f'<text x="{left - 4}" y="{py(hi) + 3:.1f}" {FONT} font-size="7" text-anchor="end" fill="{MUTED}">'
                 f'{hi:,.0f}</text><text x="{left - 4}" y="{py(lo) + 3:.1f}" {FONT} font-size="7" text-anchor="end" '
                 f'fill="{MUTED}">{lo:,.0f}</text></svg>')
    return "".join(parts)
