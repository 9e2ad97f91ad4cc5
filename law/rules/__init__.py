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
            metadata: dict[str, str] = self.baseline.get_package_metadata()
            return metadata
        return {"name": "law.rules", "version": __version__, "repository_url": "", "location": str(HERE)}


@functools.lru_cache(maxsize=1)
def tax_benefit_system() -> CountryTaxBenefitSystem:
    """The baseline law, built once per process (loading parameters takes a few hundred milliseconds)."""
    return CountryTaxBenefitSystem()


ACTS_DIR = HERE.parent / "acts"
# What makes the law: the package's Python (formulas, entities, calendar), its parameter files and the acts'
# texts and article ids. Tests, caches and compiled files are not the law.
SOURCE_SUFFIXES = (".py", ".yaml", ".yml")
EXCLUDED_PARTS = frozenset({"tests", "__pycache__"})


def _files(root: Path) -> list[Path]:
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and path.suffix in SOURCE_SUFFIXES
        and not EXCLUDED_PARTS.intersection(path.relative_to(root).parts)
    )


def _digest(roots: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for label, root in sorted(roots.items()):
        for path in _files(root):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}".encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def rules_hash(package_dir: Path = HERE, acts_dir: Path | None = None) -> str:
    """SHA-256 over the path and bytes of every source and data file of the rules package (formulas,
    parameters) and of the acts: changes whenever a formula, a parameter value, a reference or an article does.

    `package_dir`/`acts_dir` let a test hash a temporary copy; by default the installed package and its acts.
    """
    acts = ACTS_DIR if acts_dir is None else acts_dir
    roots = {"rules": package_dir}
    if acts.is_dir():
        roots["acts"] = acts
    return _digest(roots)


@functools.lru_cache(maxsize=1)
def parameters_hash() -> str:
    """SHA-256 over every parameter file's path and bytes (kept on each Decision beside the rules version;
    computed as it always was, so stored hashes stay comparable)."""
    digest = hashlib.sha256()
    for path in sorted(PARAMETERS_DIR.rglob("*.yaml")):
        digest.update(str(path.relative_to(PARAMETERS_DIR)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _rules_hash_now() -> str:
    return rules_hash()


def rules_version() -> str:
    """Package version and a short hash of the rules' source and data, e.g. '1.0.0+3f2a9c1d4b5e'.

    A decision names exactly the law that produced it: a change to any formula, parameter or act gives a new
    version. Computed once per process (the files do not change under a running process).
    """
    return f"{__version__}+{_rules_hash_now()[:16]}"
