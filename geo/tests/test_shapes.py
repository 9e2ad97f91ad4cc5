"""The shipped shapes: 20 features keyed by today's codes, small, and every current unit has a centroid inside."""

import pytest
from shapely.geometry import Point, shape

from geo.selectors import current_units
from geo.shapes import SHAPES, load_shapes

pytestmark = pytest.mark.django_db


def test_the_shapes_have_twenty_features_whose_ids_are_the_current_codes():
    features = load_shapes()["features"]
    assert len(features) == 20
    assert sorted(f["id"] for f in features) == sorted(u.code for u in current_units())


def test_the_shapes_file_is_small_enough_for_the_web():
    assert SHAPES.stat().st_size < 300_000


def test_every_current_unit_has_its_centroid_inside_its_shape():
    shapes = {f["id"]: shape(f["geometry"]) for f in load_shapes()["features"]}
    for unit in current_units():
        assert unit.shape_key == unit.code
        assert shapes[unit.code].buffer(0.05).contains(Point(unit.centroid_lon, unit.centroid_lat)), unit.code
