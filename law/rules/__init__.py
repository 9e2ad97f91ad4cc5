"""The executable part of the model law "On internal migration": an OpenFisca country package.

`law.rules` imports no Django. `CountryTaxBenefitSystem` loads the dated parameters in `parameters/`
and the variables in `variables/`; `openfisca test --country-package law.rules law/rules/tests` runs the
YAML tests.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .entities import entities

__version__ = "1.0.0"

HERE = Path(__file__).resolve().parent
PARAMETERS_DIR = HERE / "parameters"
VARIABLES_DIR = HERE / "variables"


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Koshi's law: Law No. 477-IV "On Population Migration" as far as Koshi applies it, and the model law."""

    CURRENCY = "KZT"

    def __init__(self) -> None:
        super().__init__(entities)
        self.load_parameters(str(PARAMETERS_DIR))
        self.add_variables_from_directory(str(VARIABLES_DIR))

    def get_package_metadata(self) -> dict[str, str]:
        if self.baseline:
            return self.baseline.get_package_metadata()
        return {"name": "law.rules", "version": __version__, "repository_url": "", "location": str(HERE)}


@functools.lru_cache(maxsize=1)
def tax_benefit_system() -> CountryTaxBenefitSystem:
    """The baseline law, built once per process (loading parameters takes a few hundred milliseconds)."""
    return CountryTaxBenefitSystem()


@functools.lru_cache(maxsize=1)
def parameters_hash() -> str:
    """SHA-256 over every parameter file's path and bytes: changes whenever any value or reference changes."""
    digest = hashlib.sha256()
    for path in sorted(PARAMETERS_DIR.rglob("*.yaml")):
        digest.update(str(path.relative_to(PARAMETERS_DIR)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def rules_version() -> str:
    """Package version and a short hash of the parameter files, e.g. '1.0.0+3f2a9c1d4b5e'."""
    return f"{__version__}+{parameters_hash()[:12]}"
