"""Bulk import of registrations from CSV or XLSX, by job: batches (one per file, on the job queue, resumable),
staging (reading rows and cells), checks (typing, scope, the registration rules of registry.rules), storing
(set-based writes per chunk) and reports (the row report)."""

from .batches import (
    CHUNK,
    CannotRunAgain,
    Result,
    file_hash,
    import_file,
    run_again,
    run_batch,
    start_batch,
    start_upload,
    upload_dir,
)
from .reports import REASONS, first_rejections, reason_text, rejections_csv
from .staging import COLUMNS, NATURAL_KEY, REQUIRED, ImportFailed

__all__ = ["CHUNK", "COLUMNS", "NATURAL_KEY", "REASONS", "REQUIRED", "CannotRunAgain", "ImportFailed", "Result",
           "file_hash", "first_rejections", "import_file", "reason_text", "rejections_csv", "run_again", "run_batch", "start_batch", "start_upload",
           "upload_dir"]
