"""API conventions named in the REST settings: paging and the error bodies of API.md.

Kept apart from ``rest.py`` because DRF imports these while it is itself being imported."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, status
from rest_framework.views import exception_handler as drf_exception_handler

from .workflow import InvalidTransition


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The current state does not allow this action.")
    default_code = "invalid_transition"


def exception_handler(exc, context):
    """DRF's handler, plus domain errors: invalid transitions are 409 with a code, Django
    validation errors are 400 with field messages, and 409 bodies carry ``code``. Every 404 says the
    same translated "not found", whatever was looked up (Django's own names the model, in English)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, OverflowError):
        # An integer beyond 64 bits (SQLite refuses to bind it): as an id in the path it names
        # nothing (404); as a filter it makes no sense (400).
        view = context.get("view")
        exc = (
            exceptions.NotFound()
            if getattr(view, "kwargs", None)
            else exceptions.ValidationError({"detail": [_("A number is out of range.")]})
        )
    elif isinstance(exc, InvalidTransition):
        exc = Conflict(detail=str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Conflict):
        response.data = {"detail": str(exc.detail), "code": exc.default_code}
    return response
