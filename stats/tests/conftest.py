import pytest

from stats.importer import import_shipped

SMALL = ["interregional", "monthly_all_internal", "od", "resettlement", "quota"]


@pytest.fixture
def shipped(db):
    """The shipped tables a page or bulletin needs (the small set: no unemployment, no all-flows nets)."""
    return import_shipped(SMALL)


@pytest.fixture
def shipped_all(db):
    return import_shipped()
