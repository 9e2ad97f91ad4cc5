"""Project-wide test set-up: PostgreSQL-only tests skip on SQLite; browser tests need Chromium."""

import pytest


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English unless they ask for another language."""
    settings.LANGUAGE_CODE = "en"
