"""The house keeps its shape: every room is under the import contracts, the foundation's migrations depend on
no room above it, and the contracts hold (lint-imports)."""

from __future__ import annotations

import ast
import configparser
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from accounts.models import Permission
from accounts.policy import default_grants

ROOT = Path(__file__).resolve().parents[2]
FOUNDATION = {"lib", "geo", "people", "accounts", "law"}


def _contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def _listed(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def test_every_room_is_a_root_package_of_the_import_contracts():
    roots = set(_listed(_contracts()["importlinter"]["root_packages"]))
    assert set(settings.KOSHI_APPS) | {"koshi", "lib"} <= roots


def test_every_room_sits_in_a_layer():
    layers = _listed(_contracts()["importlinter:contract:layers"]["layers"])
    in_layers = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    missing = set(settings.KOSHI_APPS) - in_layers
    assert not missing, f"rooms outside DESIGN.md's layers in .importlinter: {sorted(missing)}"


def test_the_foundations_migrations_depend_on_no_room_above_it():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    rooms = set(settings.KOSHI_APPS)
    upward = [
        (key, dependency)
        for key, migration in loader.disk_migrations.items() if key[0] in FOUNDATION
        for dependency in migration.dependencies
        if dependency[0] in rooms - FOUNDATION
    ]
    assert upward == []


LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
def test_the_import_contracts_hold():
    result = subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


MIGRATION_DIRS = sorted(ROOT.glob("*/migrations"))
KOSHI_PACKAGES = {"koshi", "lib", *settings.KOSHI_APPS}


DATA_MIGRATIONS = sorted(p for d in MIGRATION_DIRS for p in d.glob("0*.py") if "RunPython" in p.read_text())


@pytest.mark.parametrize("path", DATA_MIGRATIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_data_migration_imports_todays_code(path):
    """A data migration means the same thing forever: it imports Django and the standard library, never Koshi
    (schema migrations name field validators by their import path, as Django writes them; those run no code)."""
    tree = ast.parse(path.read_text())
    imported = [node.module if isinstance(node, ast.ImportFrom) else alias.name
                for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names]
    assert not [m for m in imported if m and m.split(".")[0] in KOSHI_PACKAGES], imported


@pytest.mark.django_db
def test_the_migrated_grants_are_exactly_todays_default_grants():
    installed = set(Permission.objects.values_list("role", "action", "kind", "scope"))
    assert installed == {(str(r), str(a), k, str(s)) for r, a, k, s in default_grants()}
