"""The bulletin's flow map (stats/svg.py): labels of close regions do not overlap, and the arrowheads are sized in
the map's units, not multiplied by the width of the arc (issue 16: oversized heads, labels overlapping in the
south)."""

from stats.svg import LABEL_SIZE, flow_map, place_labels


def _boxes(points, places):
    for (name, _x, _y), (lx, ly, anchor) in zip(points, places, strict=True):
        w, h = 0.56 * LABEL_SIZE * len(name), LABEL_SIZE
        left = lx - w / 2 if anchor == "middle" else (lx if anchor == "start" else lx - w)
        yield (left, ly - h, left + w, ly + 2)


def test_labels_of_points_close_together_do_not_overlap():
    # Almaty, Almaty region, Jetisu, Zhambyl and Shymkent lie within a few pixels of each other on a 640 px map
    points = [("Almaty", 520.0, 300.0), ("Almaty region", 515.0, 292.0), ("Jetisu", 530.0, 285.0),
              ("Zhambyl", 470.0, 305.0), ("Shymkent", 430.0, 320.0), ("Turkistan", 425.0, 310.0)]
    boxes = list(_boxes(points, place_labels(points, LABEL_SIZE, 640, 380)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_arrowheads_do_not_grow_with_the_arc():
    svg = flow_map(["A", "B"], [70.0, 80.0], [50.0, 45.0], ["KZ-59", "KZ-61"], [("KZ-61", "KZ-59", 1000.0)],
                   title="t")
    assert 'markerUnits="userSpaceOnUse"' in svg and f'font-size="{LABEL_SIZE}"' in svg
