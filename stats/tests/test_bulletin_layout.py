"""The bulletin's layout (issue 16): the programme table stays inside the page, the map's caption describes the
map it sits under (regions drawn as outlines, not squares)."""

import pytest
from weasyprint import HTML

from stats.bulletin import _num, build_bulletin
from stats.svg import flow_map

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


def _page_one_filled(document) -> float:
    """The share of page 1's content height that its content takes."""
    box = document.pages[0]._page_box
    top, bottom = box.margin_top, document.pages[0].height - box.margin_bottom
    ends = [b.position_y + b.margin_height() for b in _boxes(box)
            if getattr(b, "element_tag", None) not in (None, "html", "body") and hasattr(b, "margin_height")]
    return (max(ends) - top) / (bottom - top)


@pytest.mark.parametrize("lang, region", [("kk", None), ("ru", "KZ-59"), ("en", None)])
def test_page_one_is_full_with_the_key_figures_and_the_net_migration_chart(shipped, lang, region):
    html = build_bulletin(year=2023, lang=lang, region=region)
    document = HTML(string=html).render()
    assert _page_one_filled(document) > 0.85, (lang, region)  # it was half empty: the first map went to page 2
    page_one = "".join(b.text for b in _boxes(document.pages[0]._page_box) if getattr(b, "text", None))
    assert "Maps" not in page_one and "Карталар" not in page_one and "Карты" not in page_one  # maps open page 2
    assert html.index("<svg") < html.index('id="maps"')  # the chart is on page 1, before the maps
    if lang != "en":  # the captions of the chart and the maps in the reader's language
        assert "Each bar is" not in html and "Each region is drawn" not in html


def test_flow_map_labels_have_their_halo_drawn_underneath_not_over_them():
    svg = flow_map(["Astana", "Almaty"], [71.4, 76.9], [51.2, 43.2], ["KZ-71", "KZ-75"], [("KZ-75", "KZ-71", 10.0)],
                   title="t")
    assert "paint-order" not in svg  # WeasyPrint ignores it: the white stroke covered the labels
    halo = svg.index('fill="white" stroke="white"')
    assert svg.index(">Astana</text>", halo + 1) > halo and svg.count(">Astana</text>") == 2


def test_a_number_is_never_broken_across_lines_in_kazakh_or_russian():
    assert _num(9361, "kk") == "9\u00a0361" and _num(-31966.5, "ru", 1) == "−31\u00a0966,5"
