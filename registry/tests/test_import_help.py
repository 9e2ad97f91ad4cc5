"""The import page's help says how dated columns are written, from the parser's own formats: a cell written as the
help shows is read, and owner_consent_at is shown with its time (issue 16: the help said "YYYY-MM-DD" only)."""

import datetime as dt

import polars as pl
import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import a_user
from registry.importer import checks

pytestmark = pytest.mark.django_db



def _written_as(fmt: str) -> str:
    """A cell written as the help says (the minute's MM after HH is the second MM)."""
    day, _, time = fmt.partition(" ")
    cell = day.replace("YYYY", "2026").replace("MM", "03").replace("DD", "20")
    if time:
        cell += " " + time.replace("HH", "14").replace("MM", "30").replace("SS", "05")
    return cell


def test_every_dated_column_written_as_the_help_says_is_read_by_the_parser():
    formats = checks.column_formats()
    assert set(formats) == set(checks.DATE_COLUMNS) | set(checks.DATETIME_COLUMNS)
    for column in checks.DATE_COLUMNS:
        cell = _written_as(formats[column])
        read = pl.DataFrame({column: [cell]}).select(pl.col(column).str.strptime(pl.Date, checks.DATE_FORMAT,
                                                                                 strict=False))
        assert read.item() == dt.date(2026, 3, 20), (column, formats[column])
    cell = _written_as(formats["owner_consent_at"])
    read = pl.DataFrame({"owner_consent_at": [cell]}).select(checks._datetime("owner_consent_at")).item()
    assert read is not None and formats["owner_consent_at"] == "YYYY-MM-DD HH:MM", formats["owner_consent_at"]


def test_the_import_page_shows_each_dated_columns_format(client):
    client.force_login(a_user(Role.ADMIN))
    page = client.get(reverse("registry:imports")).content.decode()
    assert "<code>owner_consent_at</code> (<code>YYYY-MM-DD HH:MM</code>)" in page
    assert "<code>arrival_date</code>* (<code>YYYY-MM-DD</code>)" in page
