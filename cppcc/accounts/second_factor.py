"""The second factor (TOTP, django-otp): who has one, who must, and the gates that hold a sign-in
until it is given.

A user turns it on at ``/accounts/otp/`` (an authenticator app, and recovery codes for when the
phone is lost). Signing in with a password then leaves the session waiting for a code
(``PENDING``): until the code is right the session is anonymous to every page and to the API, and
pages lead to the code step. A user holding one of ``OTP_REQUIRED_ROLES`` without one is led from
every page to ``/accounts/otp/`` (the password page, signing out and the switches stay open); the
API answers them 403 with ``"code": "otp_required"``.

Which device a code is for is told by its shape: the authenticator's are six digits, recovery
codes eight letters and digits (``StaticToken.random_token``), spaces and dashes ignored."""

import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.dispatch import Signal
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import exceptions, permissions, status

from cppcc.org.models import Role
from cppcc.org.roles import access_for

from .middleware import HoldingMiddleware

PENDING = "_cppcc_otp_pending"
CACHED = "_cppcc_second_factor"

# The hook for the audit log: sent with ``user`` (whose second factor changed), ``actor`` (who
# changed it: the user, or a clerk resetting it) and ``action`` ("enrolled", "disabled", "reset").
second_factor_changed = Signal()


def second_factor(user) -> TOTPDevice | None:
    """The user's authenticator app, once confirmed (read once per request)."""
    if user is None or not user.is_authenticated:
        return None
    if CACHED not in user.__dict__:
        user.__dict__[CACHED] = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return user.__dict__[CACHED]


def has_second_factor(user) -> bool:
    return second_factor(user) is not None


def pending_enrolment(user) -> TOTPDevice | None:
    """The authenticator app the user is adding: shown as a QR code until a code from it is entered."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def second_factor_required(user) -> bool:
    """Whether the user holds a role of ``OTP_REQUIRED_ROLES`` (an administrator: secretariat)."""
    required = set(settings.OTP_REQUIRED_ROLES)
    if not required or user is None or not user.is_authenticated:
        return False
    access = access_for(user)
    held = {role for role, _committee in access.roles}
    if access.secretariat_of:
        held.add(Role.SECRETARIAT)
    return bool(held & required)


def enrolment_due(user) -> bool:
    """A user who must have a second factor and has none yet."""
    return second_factor_required(user) and not has_second_factor(user)


def normalise(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def device_for_code(user, code: str):
    """The device a code is for, by its shape: the authenticator's (digits) or the recovery codes'."""
    device = second_factor(user)
    if device is not None and code.isdigit() and len(code) == device.digits:
        return device
    return StaticDevice.objects.filter(user=user).first()


class SecondFactorMiddleware(HoldingMiddleware):
    """After the session timeout, before the password expiry (``settings.MIDDLEWARE``).

    A session waiting for its code is anonymous to everything (``request.unverified_user`` keeps
    who it is, for the code step) and pages lead to the code step; a user who must enrol is led to
    the second factor's page. The API answers for itself: 401 for the one, 403 for the other."""

    def step_paths(self) -> tuple[str, ...]:
        return (reverse("second_factor_verify"), reverse("login"))

    def __call__(self, request):
        path = request.path_info
        if request.session.get(PENDING):
            request.unverified_user, request.user = request.user, AnonymousUser()
            if not path.startswith(self.open_paths()):
                return redirect_to_login(request.get_full_path(), reverse("second_factor_verify"))
        elif (
            settings.OTP_REQUIRED_ROLES
            and not path.startswith(self.open_paths())
            and not path.startswith((reverse("second_factor"), reverse("password_change")))
            and enrolment_due(request.user)
        ):
            return redirect("second_factor")
        return self.get_response(request)


class SecondFactorRequired(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "otp_required"

    def __init__(self):
        super().__init__(
            detail={
                "detail": _(
                    "Your account must use a second factor. Sign in on the website and turn it on "
                    "before using the API."
                ),
                "code": self.default_code,
            }
        )


class SecondFactorEnrolled(permissions.BasePermission):
    """Refuses every request of a user who must have a second factor and has none, with 403 and
    its code."""

    def has_permission(self, request, view) -> bool:
        if settings.OTP_REQUIRED_ROLES and enrolment_due(request.user):
            raise SecondFactorRequired()
        return True
