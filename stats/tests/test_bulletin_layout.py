"""The bulletin's layout (issue 16): the programme table stays inside the page, the map's caption describes the
map it sits under (regions drawn as outlines, not squares)."""

import pytest
from weasyprint import HTML

from stats.bulletin import build_bulletin

pytestmark = pytest.mark.django_db


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_every_table_of_the_bulletin_fits_inside_the_page(shipped, lang):
    document = HTML(string=build_bulletin(year=2023, lang=lang)).render()
    tables = 0
    for page in document.pages:
        content_right = page.width - page._page_box.margin_right
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) == "table" and type(box).__name__ == "TableBox":
                tables += 1
                right = box.position_x + box.margin_width()
                assert right <= content_right + 0.5, (lang, right, content_right)
    assert tables >= 3


def test_the_maps_caption_speaks_of_regions_not_squares(shipped):
    html = build_bulletin(year=2023, lang="en")
    assert "square" not in html.lower()
