"""Attachments: accepted types and sizes, random storage names outside every public path, the
storage that keeps nothing half-written, and their download. Each app keeps its own attachment model
and gives ``attachment_download`` the attachments the user may read."""

import datetime
import errno
import io
import threading
import time
import uuid
from pathlib import Path, PurePath

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import FileField, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .faults import StorageFull

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


# --- storage ------------------------------------------------------------------------------------

# The disk, or the user's quota on it, is full.
FULL = {errno.ENOSPC, errno.EDQUOT}
_local = threading.local()


class TransactionalStorage(FileSystemStorage):
    """The files of every ``FileField`` (settings.STORAGES): a file is kept only with the
    transaction that saved it. A write that finds the disk full leaves no partial file and raises
    ``StorageFull`` (answered 507); a file saved inside a transaction that then rolls back (the row
    that would name it is not saved) is removed once the transaction is over. A process killed
    between the file and the commit leaves a file no row names: ``manage.py files_orphans`` lists
    and removes those."""

    def _save(self, name, content):
        sweep()
        try:
            name = super()._save(name, content)
        except OSError as exc:
            if exc.errno not in FULL:
                raise
            self.delete(name)  # what was written of it; a file never opened is no error
            raise StorageFull from exc
        _keep_if_committed(self, name)
        return name


def _uncommitted() -> dict:
    """Files saved in this thread's open transactions: (storage, name) -> the connection's alias."""
    if not hasattr(_local, "files"):
        _local.files = {}
    return _local.files


def _keep_if_committed(storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    if not connections[using].in_atomic_block:
        return  # autocommit: the row's INSERT follows at once
    entry = (storage, name)
    _uncommitted()[entry] = using
    transaction.on_commit(lambda: _uncommitted().pop(entry, None), using=using)


def sweep(**kwargs) -> None:
    """Remove the files whose transaction is over without committing them (a commit takes its files
    off the list; a rollback, of the transaction or of the savepoint the file was saved in, drops
    that callback). Runs when a request starts and ends, and before each file is saved."""
    files = _uncommitted()
    for entry, using in list(files.items()):
        if not connections[using].in_atomic_block:
            del files[entry]
            storage, name = entry
            storage.delete(name)


def orphan_files(*, older_than: datetime.timedelta) -> list[str]:
    """The files under MEDIA_ROOT that no row's ``FileField`` names, last written longer ago than
    ``older_than`` (an upload still in flight has no committed row yet): what a process killed
    between saving a file and committing its row leaves behind."""
    storage = storages["default"]
    root = Path(storage.location)
    named = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                named.update(
                    model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
                )
    cutoff = time.time() - older_than.total_seconds()
    found = []
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in named and path.stat().st_mtime < cutoff:
            found.append(name)
    return sorted(found)


request_started.connect(sweep, dispatch_uid="files-sweep-started")
request_finished.connect(sweep, dispatch_uid="files-sweep-finished")
