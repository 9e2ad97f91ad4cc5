"""An upload retried with the same Idempotency-Key is the same request even though its multipart boundary is new:
the fingerprint is of the fields and the files' content, not of the wrapping."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.test.client import encode_multipart
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request

from accounts.idempotency import request_hash


def _upload(boundary: str, content: bytes, note: str = "march") -> Request:
    body = encode_multipart(boundary, {"note": note, "file": SimpleUploadedFile("moves.csv", content)})
    django_request = RequestFactory().generic("POST", "/api/v1/registry/imports/", body,
                                              content_type=f"multipart/form-data; boundary={boundary}")
    return Request(django_request, parsers=[MultiPartParser(), FormParser()])


def test_the_same_upload_with_a_new_boundary_has_the_same_fingerprint():
    assert request_hash(_upload("aaaa1111", b"iin;date\n1;2")) == request_hash(_upload("bbbb2222", b"iin;date\n1;2"))


def test_another_file_or_another_field_is_another_request():
    first = request_hash(_upload("aaaa1111", b"iin;date\n1;2"))
    assert request_hash(_upload("aaaa1111", b"iin;date\n1;3")) != first
    assert request_hash(_upload("aaaa1111", b"iin;date\n1;2", note="april")) != first


def test_the_file_can_still_be_read_after_the_fingerprint():
    request = _upload("aaaa1111", b"iin;date\n1;2")
    request_hash(request)
    assert request.FILES["file"].read() == b"iin;date\n1;2"
