"""The one rule that accepts an uploaded document (lib/uploads.py), used by relocation and appeals alike."""

from __future__ import annotations

import io

import pytest

from lib.uploads import MAX_DOCUMENT_BYTES, UploadRefused, check_upload


class Upload(io.BytesIO):
    """A file as a client sends it: bytes, the name it gives, and the size the server counted."""

    def __init__(self, content: bytes, name: str = "scan.pdf", size: int | None = None) -> None:
        super().__init__(content)
        self.name = name
        self.size = len(content) if size is None else size


@pytest.mark.parametrize(("head", "content_type"), [
    (b"%PDF-1.7\n", "application/pdf"), (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png")])
def test_the_kind_of_file_is_told_by_its_first_bytes_not_by_its_name(head, content_type):
    checked = check_upload(Upload(head + b"body", name="letter.txt"))
    assert checked.content_type == content_type
    assert checked.size == len(head) + 4


def test_a_file_of_exactly_5_mb_is_accepted_and_one_byte_more_is_not():
    assert check_upload(Upload(b"%PDF", size=5 * 1024 * 1024)).size == 5_242_880
    with pytest.raises(UploadRefused) as refused:
        check_upload(Upload(b"%PDF", size=5 * 1024 * 1024 + 1))
    assert refused.value.reason == UploadRefused.TOO_LARGE
    assert MAX_DOCUMENT_BYTES == 5_242_880


def test_an_empty_file_and_a_file_of_another_kind_are_refused_with_their_reasons():
    with pytest.raises(UploadRefused) as empty:
        check_upload(Upload(b""))
    assert empty.value.reason == UploadRefused.EMPTY
    with pytest.raises(UploadRefused) as other:
        check_upload(Upload(b"MZ\x90\x00 an executable", name="cert.pdf"))
    assert other.value.reason == UploadRefused.WRONG_TYPE


def test_the_name_loses_its_folders_and_keeps_200_characters_and_the_file_is_read_from_its_start_again():
    upload = Upload(b"%PDF-1.4", name="../../home/" + "a" * 250 + ".pdf")
    checked = check_upload(upload)
    assert checked.original_name == "a" * 200
    assert upload.read() == b"%PDF-1.4"
    assert check_upload(Upload(b"%PDF", name="")).original_name == "document"


def test_the_stored_name_is_random_with_the_ending_of_the_real_kind():
    checked = check_upload(Upload(b"\x89PNG\r\n", name="photo.pdf"))
    first, second = checked.stored_name, checked.stored_name
    assert first.endswith(".png") and len(first) == 32 + 4 and first != second
