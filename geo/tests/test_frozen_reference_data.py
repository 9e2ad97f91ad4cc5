"""geo's data migrations load frozen data kept beside them: a fresh database gets exactly the rows that today's
code (geo.services.load_reference_data over geo/data) gives, and the file is what the database holds."""

import json
from decimal import Decimal

import pytest

from geo.models import TerritorialUnit, UnitAlias, UnitCrosswalk
from geo.services import load_reference_data

pytestmark = pytest.mark.django_db

FROZEN = json.loads((__import__("pathlib").Path(__file__).resolve().parents[1] / "migrations"
                     / "0002_reference_units.json").read_text(encoding="utf-8"))


def snapshot():
    units = sorted(TerritorialUnit.objects.values_list(
        "code", "valid_from", "valid_to", "alpha_code", "kato", "kind", "name_kk", "name_ru", "name_en", "centre_kk",
        "centre_ru", "centre_en", "parent__code", "path", "centroid_lon", "centroid_lat", "shape_key"))
    aliases = sorted(UnitAlias.objects.values_list("unit__code", "unit__valid_from", "alias", "normalized", "language"))
    crosswalk = sorted(UnitCrosswalk.objects.values_list(
        "source__code", "source__valid_from", "target__code", "target__valid_from", "weight", "basis"))
    return units, aliases, crosswalk


def test_todays_code_finds_nothing_to_change_in_what_the_frozen_migration_loaded():
    before = snapshot()
    counts = load_reference_data()
    assert snapshot() == before
    assert counts == {"units": len(before[0]), "aliases": len(before[1]), "crosswalk": len(before[2])}


def test_the_database_holds_exactly_the_frozen_rows():
    units, aliases, crosswalk = snapshot()
    assert [(u[0], u[1].isoformat()) for u in units] == sorted((u["code"], u["valid_from"]) for u in FROZEN["units"])
    assert len(aliases) == len(FROZEN["aliases"])
    assert sorted((s, sf.isoformat(), t, tf.isoformat(), w) for s, sf, t, tf, w, _b in crosswalk) == sorted(
        (s, sf, t, tf, Decimal(w)) for s, sf, t, tf, w, _b in FROZEN["crosswalk"])
