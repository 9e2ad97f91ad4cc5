"""Documents a person uploads (an application's papers, an appeal's evidence): the one rule that accepts a file
and the fields every stored document carries.

A file is accepted when it is PDF, JPEG or PNG of at most 5 MB, recognised by its first bytes, never by the name
or type the client sends; its name is kept only as a label (the folder part dropped, 200 characters at most) and
it is stored under a random name. Each room says in its own words why a file was refused (`UploadRefused.reason`).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# the first bytes of each accepted kind of file, and the ending it is stored under
SIGNATURES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_NAME_LENGTH = 200


class UploadRefused(ValueError):
    """The file is not a document Koshi keeps; `reason` is EMPTY, TOO_LARGE or WRONG_TYPE."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted file: its real type, size and cleaned name, and the random name it is stored under."""

    upload: Any
    content_type: str
    size: int
    original_name: str

    @property
    def stored_name(self) -> str:
        return f"{uuid.uuid4().hex}{EXTENSIONS[self.content_type]}"


def check_upload(upload: Any) -> CheckedUpload:
    """Accept `upload` (a Django UploadedFile or any file-like object with `size` and `name`) or raise
    UploadRefused. Reads the first bytes and rewinds, so the file can be saved afterwards."""
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise UploadRefused(UploadRefused.EMPTY)
    if size > MAX_DOCUMENT_BYTES:
        raise UploadRefused(UploadRefused.TOO_LARGE)
    head = upload.read(8)
    upload.seek(0)
    content_type = next((t for t, magic in SIGNATURES.items() if head.startswith(magic)), None)
    if content_type is None:
        raise UploadRefused(UploadRefused.WRONG_TYPE)
    name = os.path.basename(str(getattr(upload, "name", "") or "document"))[:MAX_NAME_LENGTH]
    return CheckedUpload(upload=upload, content_type=content_type, size=size, original_name=name)


class UploadedDocument(models.Model):
    """The fields of a stored document. A room's model adds what the document belongs to and declares
    `file = models.FileField(_("file"), upload_to=<its own folder>)`, and fills a new row with `store`."""

    file: models.FileField
    original_name = models.CharField(_("file name"), max_length=MAX_NAME_LENGTH)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def store(self, checked: CheckedUpload, *, uploaded_by: Any) -> None:
        """Fill the upload fields from an accepted file and save the row, the file under a random name."""
        self.original_name = checked.original_name
        self.content_type = checked.content_type
        self.size = checked.size
        self.uploaded_by = uploaded_by
        self.file.save(checked.stored_name, checked.upload, save=False)
        self.save()
