"""API conventions named in the REST settings: paging and the error bodies of API.md.

Kept apart from ``rest.py`` because DRF imports these while it is itself being imported."""

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters, pagination, status
from rest_framework.views import exception_handler as drf_exception_handler

from .faults import RETRY_AFTER_SECONDS, fault
from .workflow import InvalidTransition


class EqualsAnyOf(Func):
    """``lhs = ANY(ARRAY(subquery))`` (PostgreSQL). The subquery runs first, once (an InitPlan),
    and the outer query looks its keys up in the primary key index; ``lhs IN (subquery)`` would
    leave the planner guessing the subquery's size and often scanning the whole table instead."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


class KeysFirstPaginator(Paginator):
    """Fetches a page of a queryset in two steps within one statement: the page's primary keys in
    the list's order (a narrow sort over the table and whatever the ordering joins), then the rows
    with their joins and annotations for those keys only. A plain ``LIMIT`` builds every visible
    row with all its joins before sorting: at province scale, most of the time of a list."""

    def _get_page(self, object_list, number, paginator):
        query = getattr(object_list, "query", None)
        # A union cannot be filtered, and DISTINCT adds the ordering's columns to the keys' SELECT.
        if isinstance(object_list, QuerySet) and query.is_sliced and not (query.combinator or query.distinct):
            keys = self.object_list.values("pk")[query.low_mark : query.high_mark]
            if connections[object_list.db].vendor == "postgresql":
                object_list = self.object_list.filter(EqualsAnyOf(F("pk"), ArraySubquery(keys)))
            else:
                object_list = self.object_list.filter(pk__in=keys)
        return super()._get_page(object_list, number, paginator)


class Pagination(pagination.PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class SearchFilter(filters.SearchFilter):
    """DRF's ``?search=``, whose refusal of a term (one with a null character) names the parameter,
    as every other query parameter's does: ``{"search": [...]}``, not a bare list of messages."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from error


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The current state does not allow this action.")
    default_code = "invalid_transition"


class Fault(exceptions.APIException):
    """A fault of the machine (cppcc/core/faults.py): the database gone (503), the disk full (507)."""

    def __init__(self, status_code: int, code: str, detail: str):
        self.status_code = status_code
        super().__init__(detail=detail, code=code)


def exception_handler(exc, context):
    """DRF's handler, plus domain errors: invalid transitions are 409 with a code, Django
    validation errors are 400 with field messages, the database unreachable is 503 and the disk
    for attachments full 507, and 409, 503 and 507 bodies carry ``code``. Every 404 says the
    same translated "not found", whatever was looked up (Django's own names the model, in English).
    A 401 for a request whose session a middleware just ended says why (``signed_out_reason``)."""
    known = fault(exc)
    if known is not None:
        exc = Fault(*known)
    if isinstance(exc, exceptions.NotAuthenticated):
        reason = getattr(context.get("request"), "signed_out_reason", None)
        if reason is not None:
            exc = exceptions.NotAuthenticated(detail=reason)
    elif isinstance(exc, Http404):
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
        exc = Conflict(detail=str(exc), code=exc.code)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Conflict | Fault):
        response.data = {"detail": str(exc.detail), "code": exc.detail.code}
    if response is not None and response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
