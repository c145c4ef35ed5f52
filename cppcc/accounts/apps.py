from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cppcc.accounts"
    label = "accounts"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from django.contrib.sessions.models import Session
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from cppcc.core import response_cache

        # Registers the demo-password check; connects the sign-in and password receivers.
        from . import checks, signals  # noqa: F401
        from .models import ApiToken, AuditEntry, Lockout, LoginAttempt

        # Signing in writes nothing an API response shows: the sign-in audit, lockouts and their
        # history, and the session or token it hands out and their last use (the two tables of
        # sign-in this app wires), the second factor's devices (a code taken, a wrong one counted).
        # Tokens and devices are read by authentication and permissions, before a cached response
        # is looked for, and the list of tokens is never cached. The audit log is written by reads
        # (a member's private fields shown) and its own list is never cached.
        for model in (
            LoginAttempt,
            Lockout,
            Lockout.history.model,
            Session,
            ApiToken,
            TOTPDevice,
            StaticDevice,
            StaticToken,
            AuditEntry,
        ):
            response_cache.ignore_writes(model)
