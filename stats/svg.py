"""Small SVG charts drawn by hand for the printed bulletin (WeasyPrint renders SVG; no browser, no kaleido).

Each function returns an SVG string. Text is escaped; coordinates are computed with NumPy.
"""

from __future__ import annotations

from html import escape

import numpy as np

FONT = 'font-family="DejaVu Sans, sans-serif"'
BLUE, RED, INK, MUTED = "#00719c", "#b3261e", "#1d2733", "#5b6b7c"


def _project(lon, lat, width, height, pad=30):
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    x0, x1, y0, y1 = lon.min(), lon.max(), lat.min(), lat.max()
    sx = (width - 2 * pad) / max(x1 - x0, 1e-9)
    sy = (height - 2 * pad) / max(y1 - y0, 1e-9)
    s = min(sx, sy * 1.45)
    return pad + (lon - x0) * s, height - pad - (lat - y0) * s / 1.45


def _color(value: float, bound: float) -> str:
    if value is None or not np.isfinite(value):
        return "#dddddd"
    t = max(-1.0, min(1.0, value / bound)) if bound else 0.0
    if t >= 0:
        r, g, b = (int(255 - t * (255 - c)) for c in (0, 113, 156))
    else:
        r, g, b = (int(255 + t * (255 - c)) for c in (179, 38, 30))
    return f"rgb({r},{g},{b})"


def symbol_map(names, lon, lat, values, *, title: str, width=640, height=360, fmt=None) -> str:
    """Squares at the unit centroids, coloured by value (blue positive, red negative), labelled."""
    x, y = _project(lon, lat, width, height - 20)
    vals = np.array([np.nan if v is None else v for v in values], float)
    bound = float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>']
    for name, xi, yi, v in zip(names, x, y + 20, vals, strict=True):
        parts.append(f'<rect x="{xi - 14:.1f}" y="{yi - 14:.1f}" width="28" height="28" fill="{_color(v, bound)}" '
                     f'stroke="#555" stroke-width="0.6"/>')
        label = "" if not np.isfinite(v) else (fmt(v) if fmt else f"{v:,.1f}")
        parts.append(f'<text x="{xi:.1f}" y="{yi + 24:.1f}" {FONT} font-size="7" text-anchor="middle" fill="{INK}">'
                     f'{escape(str(name))}</text>')
        parts.append(f'<text x="{xi:.1f}" y="{yi + 3:.1f}" {FONT} font-size="7" text-anchor="middle" fill="{INK}">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def flow_map(names, lon, lat, codes, flows, *, title: str, width=640, height=380) -> str:
    """Arcs between centroids for (origin, destination, persons), width by size, arrowhead at the destination."""
    x, y = _project(lon, lat, width, height - 20)
    y = y + 20
    pos = {c: (xi, yi) for c, xi, yi in zip(codes, x, y, strict=True)}
    biggest = max((p for _, _, p in flows), default=1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{BLUE}"/></marker></defs>',
             f'<text x="4" y="14" {FONT} font-size="12" fill="{INK}">{escape(title)}</text>']
    for origin, destination, persons in flows:
        if origin not in pos or destination not in pos:
            continue
        (x0, y0), (x1, y1) = pos[origin], pos[destination]
        cx, cy = (x0 + x1) / 2 + 0.2 * (y1 - y0), (y0 + y1) / 2 - 0.2 * (x1 - x0)
        w = 0.8 + 6 * persons / biggest
        parts.append(f'<path d="M{x0:.1f},{y0:.1f} Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" fill="none" '
                     f'stroke="{BLUE}" stroke-opacity="0.6" stroke-width="{w:.1f}" marker-end="url(#arrow)"/>')
    for name, xi, yi in zip(names, x, y, strict=True):
        parts.append(f'<circle cx="{xi:.1f}" cy="{yi:.1f}" r="2.5" fill="{INK}"/>'
                     f'<text x="{xi:.1f}" y="{yi - 5:.1f}" {FONT} font-size="7" text-anchor="middle" fill="{MUTED}">'
                     f'{escape(str(name))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(labels, values, *, title: str, width=640, height=300, fmt=None) -> str:
    """Horizontal bars, blue for positive and red for negative values, around a zero line."""
    n = max(len(values), 1)
    vals = np.asarray(values, float)
    bound = float(np.abs(vals).max()) if vals.size else 1.0
    left, right, top = 150, 60, 24
    row = (height - top - 6) / n
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
        parts.append(f'<text x="{left - 4}" y="{yy + row * 0.7:.1f}" {FONT} font-size="8" text-anchor="end" '
                     f'fill="{INK}">{escape(str(label))}</text>')
        parts.append(f'<text x="{(xx + w + 3) if v >= 0 else (xx - 3):.1f}" y="{yy + row * 0.7:.1f}" {FONT} '
                     f'font-size="7" text-anchor="{"start" if v >= 0 else "end"}" fill="{MUTED}">'
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
