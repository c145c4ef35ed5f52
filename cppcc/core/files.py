"""Attachments: accepted types and sizes, random storage names outside every public path, and their
download. Each app keeps its own attachment model and gives ``attachment_download`` the attachments
the user may read."""

import io
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

ALLOWED_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"  # docx, xlsx
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # doc, xls
# What each accepted type's files begin with: a file whose content is not of its named type is refused.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (OLE,),
    "xls": (OLE,),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def attachment_upload_to(instance, filename: str) -> str:
    """``attachments/<app>/<yyyy>/<random>.<ext>``: the original name is kept on the model only."""
    extension = PurePath(filename).suffix.lower()
    return f"attachments/{instance._meta.app_label}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


def validate_attachment(upload) -> None:
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted; use %(allowed)s.")
            % {"ext": extension or "?", "allowed": "、".join(sorted(ALLOWED_EXTENSIONS))},
            code="file_type",
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("A file may be at most 20 MB."), code="file_size")
    if not _starts_with(upload, SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a .%(ext)s file.") % {"ext": extension}, code="file_content"
        )


def validate_spreadsheet(upload, extensions=("xlsx",)) -> None:
    """An uploaded sheet for an import: of the named types, at most 10 MB, and readable: an .xlsx
    that opens as a workbook, a .csv in UTF-8."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in extensions:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted; use %(allowed)s.")
            % {"ext": extension or "?", "allowed": "、".join(extensions)},
            code="file_type",
        )
    if upload.size > MAX_SPREADSHEET_BYTES:
        raise ValidationError(_("A sheet may be at most 10 MB."), code="file_size")
    if extension == "xlsx" and not _opens_as_workbook(upload):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="file_content")
    if extension == "csv" and not _decodes_as_utf8(upload):
        raise ValidationError(_("The file is not a CSV file in UTF-8."), code="file_content")


def sheet_rows(data: bytes) -> int:
    """How many rows the first sheet of an .xlsx file holds below its headings, as the file declares
    it (its dimensions, without reading the rows); 0 for a file that is not a workbook."""
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        return 0
    return max((sheet.max_row or 0) - 1, 0)


def _opens_as_workbook(upload) -> bool:
    if not _starts_with(upload, (ZIP,)):
        return False
    try:
        load_workbook(upload, read_only=True).close()
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        return False
    finally:
        upload.seek(0)
    return True


def _decodes_as_utf8(upload) -> bool:
    try:
        upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _starts_with(upload, signatures: tuple[bytes, ...]) -> bool:
    """Whether the upload's first bytes are one of ``signatures``; the file is left at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return any(head.startswith(signature) for signature in signatures)


# The answer of an attachment download in the OpenAPI schema (``extend_schema(responses=...)``).
DOWNLOAD_RESPONSES = {(200, "application/octet-stream"): bytes}


def attachment_download(attachments: QuerySet, pk) -> FileResponse:
    """The file of the attachment ``pk`` among ``attachments`` (those the user may read: any other
    is a 404), under the name it was uploaded with."""
    attachment = get_object_or_404(attachments, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
