"""Attachments: accepted types and sizes, random storage names outside every public path, and the
response that serves one. Each app keeps its own attachment model and checks visibility itself
before calling ``attachment_response``."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


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


def attachment_response(file_field, original_name: str) -> FileResponse:
    return FileResponse(file_field.open("rb"), as_attachment=True, filename=original_name)
