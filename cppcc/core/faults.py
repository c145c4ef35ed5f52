"""The faults of the machine that the platform answers for instead of failing with a 500: its
database unreachable (503, to be retried after ``RETRY_AFTER_SECONDS``) and the disk for attachments
full (507). The API's exception handler (conventions.py) and the pages' (cppcc/ops/errors.py) both
name them here, so an API client and a browser hear the same message."""

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


class StorageFull(Exception):
    """The disk (or the quota) for attachments is full: the file was not kept."""

    def __init__(self):
        super().__init__(
            _(
                "The disk for attachments is full, so the file was not saved and nothing else was either. "
                "Tell the secretariat (office) of your committee."
            )
        )


class ReplicaUnavailable(Exception):
    """The dashboards' replica does not answer and ``DATABASE_REPLICA_FALLBACK`` forbids the primary."""


def fault(exc: BaseException | None) -> tuple[int, str, str] | None:
    """(status, code, message) for an error the platform answers for, None for any other."""
    if isinstance(exc, DATABASE_ERRORS):
        return (
            503,
            "database_unavailable",
            _(
                "The platform's database cannot be reached just now, so your request was not completed. "
                "Try again in a moment."
            ),
        )
    if isinstance(exc, ReplicaUnavailable):
        return (
            503,
            "replica_unavailable",
            _(
                "The statistics database cannot be reached just now, so the dashboard cannot be shown. "
                "Everything else works; try again in a moment."
            ),
        )
    if isinstance(exc, StorageFull):
        return 507, "storage_full", str(exc)
    return None
