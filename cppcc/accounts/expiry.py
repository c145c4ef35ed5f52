"""Password expiry (``PASSWORD_MAX_AGE_DAYS``, 0: never): a user whose password is older must change
it before anything else. Pages lead to the password page (the middleware); the API answers 403
with ``"code": "password_expired"`` (the permission every API view has by default; signing out with
``DELETE /api/auth/token/`` stays open).

A password's age counts from the newest entry of its history; a user without one (a password set
outside Django's ``save``) counts from when the account was created."""

from datetime import datetime, timedelta

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, status

from .middleware import HoldingMiddleware
from .models import PasswordHistory

CACHED = "_cppcc_password_expired"


def password_set_at(user) -> datetime:
    """When the user's current password was set."""
    newest = PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True).first()
    return newest or user.date_joined


def password_expired(user) -> bool:
    """Whether the signed-in user must change their password first (read once per request)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or user is None or not user.is_authenticated or not user.has_usable_password():
        return False
    if CACHED not in user.__dict__:
        user.__dict__[CACHED] = password_set_at(user) + timedelta(days=days) <= timezone.now()
    return user.__dict__[CACHED]


class PasswordExpiryMiddleware(HoldingMiddleware):
    """Sends a signed-in user whose password expired to the password page from every page but the
    few they need on the way: that page, signing out, the language and senior-mode switches,
    static files. The API answers for itself (``PasswordNotExpired``)."""

    def step_paths(self) -> tuple[str, ...]:
        return (reverse("password_change"), reverse("password_change_done"))

    def __call__(self, request):
        if (
            settings.PASSWORD_MAX_AGE_DAYS > 0
            and not request.path_info.startswith(self.open_paths())
            and password_expired(request.user)
        ):
            return redirect("password_change")
        return self.get_response(request)


class PasswordExpired(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "password_expired"

    def __init__(self):
        super().__init__(
            detail={
                "detail": _(
                    "Your password has expired. Sign in on the website and change it before using the API."
                ),
                "code": self.default_code,
            }
        )


class PasswordNotExpired(permissions.BasePermission):
    """Refuses every request of a user whose password expired, with 403 and its code."""

    def has_permission(self, request, view) -> bool:
        if password_expired(request.user):
            raise PasswordExpired()
        return True
