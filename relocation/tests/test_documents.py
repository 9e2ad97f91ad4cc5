"""An application's documents: accepted by the shared upload rule (lib/uploads.py), refused in the room's words."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.testing import unit
from relocation import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(citizen, quota, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.create_application(actor=citizen, applicant=citizen.person, departure_region=unit("KZ-61"),
                                       departure_settlement="Turkistan", receiving_region=unit("KZ-59"),
                                       settlement_type="city")


def test_a_png_sent_as_a_pdf_is_stored_as_a_png_under_a_random_name(application, citizen):
    upload = SimpleUploadedFile("../passport.pdf", b"\x89PNG\r\n\x1a\n picture", content_type="application/pdf")
    doc = services.upload_document(application, actor=citizen, kind="identity", upload=upload)
    doc.refresh_from_db()
    assert (doc.content_type, doc.size, doc.original_name, doc.uploaded_by) == (
        "image/png", 16, "passport.pdf", citizen)
    assert doc.file.name.startswith(f"relocation/{application.pk}/") and doc.file.name.endswith(".png")
    assert "passport" not in doc.file.name
    assert str(doc) == "passport.pdf"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    (b"GIF89a an animation", "Only PDF, JPEG or PNG files are accepted."),
])
def test_a_refused_file_is_named_in_the_rooms_words(application, citizen, content, message):
    upload = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    with pytest.raises(services.RelocationError) as refused:
        services.upload_document(application, actor=citizen, kind="identity", upload=upload)
    assert (refused.value.message, refused.value.field) == (message, "file")
    assert not application.documents.exists()


def test_a_file_over_5_mb_is_refused(application, citizen):
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 - 3), content_type="application/pdf")
    with pytest.raises(services.RelocationError) as refused:
        services.upload_document(application, actor=citizen, kind="identity", upload=upload)
    assert refused.value.message == "The file is larger than 5 MB."
