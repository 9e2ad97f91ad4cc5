"""The bulletin builds as a PDF with every section in each language (text read back with pypdf)."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from stats.bulletin import build_bulletin

pytestmark = pytest.mark.django_db

HEADINGS = ["Key figures", "Maps", "Flow map", "Tables", "Charts",
            "The resettlement programme: results beside quotas", "Methods", "Sources"]


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_bulletin_pdf_has_every_section_in_its_language(lang, shipped, tmp_path):
    out = tmp_path / f"b-{lang}.pdf"
    region = {"kk": "KZ-59", "ru": None, "en": None}[lang]
    args = ["bulletin", "--year", "2024", "--format", "pdf", "--lang", lang, "--output", str(out)]
    call_command(*args, *(["--region", region] if region else []))
    text = _text(out)
    with translation.override(lang):
        for number, heading in enumerate(HEADINGS, 1):
            assert f"{number}. {translation.gettext(heading)}" in text
        if lang != "en":
            assert translation.gettext("Key figures") != "Key figures"
    assert "73" in text and "238" in text  # Astana's 2024 net


def test_the_html_bulletin_is_written_too(shipped, tmp_path):
    out = tmp_path / "b.html"
    call_command("bulletin", "--year", "2024", "--format", "html", "--lang", "en", "--output", str(out))
    html = out.read_text()
    assert "<svg" in html and "estimated table" in html


def test_the_bulletins_maps_draw_the_20_region_outlines(shipped):
    html = build_bulletin(year=2024, lang="en")
    assert html.count('<path class="region"') == 3 * 20  # net per 1,000, efficiency, flows
