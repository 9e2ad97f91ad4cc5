"""The dashboard reads in sections, and its time series on a real time axis with lines that can be told apart
(issue 16: one 7,000 px page; 20 lines in repeating colours over years spaced as categories)."""

import json
import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import a_user

pytestmark = pytest.mark.django_db


def _figure(html: str, name: str) -> dict:
    return json.loads(html.split(f'<script id="{name}" type="application/json">')[1].split("</script>")[0])


@pytest.fixture
def ministry_page(client, shipped):
    client.force_login(a_user(Role.MINISTRY))
    return client.get(reverse("stats:dashboard")).content.decode()


def test_the_dashboard_has_a_table_of_sections_each_pointing_at_a_section_on_the_page(ministry_page):
    nav = ministry_page.split('<nav class="page-sections"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert len(targets) >= 4
    for target in targets:
        assert re.search(rf'<section[^>]*id="{target}"', ministry_page), target


def test_the_time_series_spaces_years_in_proportion_on_a_date_axis_with_a_tick_every_year(ministry_page):
    """2010, 2015, 2020 sat at equal distances beside 2020, 2021; and 2022 (not published) vanished."""
    figure = _figure(ministry_page, "series")
    axis = figure["layout"]["xaxis"]
    assert axis["type"] == "date" and axis["dtick"] == "M12"  # a tick each year, 2022 included
    xs = sorted({x for trace in figure["data"] for x in trace["x"]})
    assert all(re.fullmatch(r"\d{4}-01-01", x) for x in xs)
    assert {"2010-01-01", "2021-01-01", "2023-01-01"} <= set(xs)


def test_no_two_highlighted_lines_share_a_colour(ministry_page):
    figure = _figure(ministry_page, "series")
    colours = [trace["line"]["color"] for trace in figure["data"]]
    grey = figure["layout"]["meta"]["grey"]
    highlighted = [c for c in colours if c != grey]
    assert len(highlighted) == len(set(highlighted))
    if len(figure["data"]) > 10:  # 20 regions: all grey, the page highlights the one selected
        assert highlighted == [] and figure["layout"]["meta"]["highlight"] is True
