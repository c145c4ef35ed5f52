"""The site's error pages in Chinese: 403 and 404 in the portal's style, and under /admin/ in the
admin's (with its header and menu); 500 is Django's own view on templates/500.html, which needs no
database. The login page's 429 is ``LoginView`` (views.py)."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse


def _admin_context(request) -> dict | None:
    """The admin's page context when the request is for an admin page, else None."""
    if not request.path.startswith(reverse("admin:index")):
        return None
    return admin.site.each_context(request)


def _error(request, template: str, status: int):
    context = _admin_context(request)
    if context is None:
        return render(request, template, status=status)
    return render(request, f"admin/{template}", context, status=status)


def page_not_found(request, exception):
    return _error(request, "404.html", 404)


def permission_denied(request, exception):
    return _error(request, "403.html", 403)
