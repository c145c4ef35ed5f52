"""Faults the platform answers for instead of failing: the database unreachable (503, ``Retry-After``)
and the disk for attachments full (507). Pages get a Chinese page that needs neither the database
nor a session; the API gets its error body with a ``code``.

Errors a view raises come here through ``FaultMiddleware`` (the API's through its exception handler,
cppcc/core/conventions.py); errors raised before the view, by a middleware that reads the session or
the user, through ``server_error``, the 500 handler, which still sees the exception."""

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from cppcc.core.faults import RETRY_AFTER_SECONDS, fault


def fault_response(request, exc: BaseException) -> HttpResponse | None:
    """The answer to ``exc`` if it is a fault the platform answers for: JSON under /api/, else a page."""
    known = fault(exc)
    if known is None:
        return None
    status, code, message = known
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": code}, status=status)
    else:
        # Rendered without the request: its context processors would read the user and the session.
        content = loader.render_to_string("unavailable.html", {"status": status, "message": message})
        response = HttpResponse(content, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class FaultMiddleware:
    """Turns the faults a view raises into their answers (503, 507), in production and debug alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return fault_response(request, exception)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: a fault raised outside a view (a middleware reading the session or the user
    when the database is gone) gets its own answer; anything else Django's 500 page."""
    response = fault_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    return defaults.server_error(request, template_name)
