from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cppcc.accounts"
    label = "accounts"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from django.contrib.sessions.models import Session

        from cppcc.core import response_cache

        # Registers the demo-password check; connects the sign-in and password receivers.
        from . import checks, signals  # noqa: F401
        from .models import ApiToken, AuditEntry, Lockout, LoginAttempt

        # Signing in writes nothing an API response shows: the sign-in audit, lockouts and their
        # history, and the session or token it hands out and their last use (the two tables of
        # sign-in this app wires). Tokens are read by authentication, before a cached response is
        # looked for, and their own list is never cached. The audit log is written by reads (a
        # member's private fields shown) and its own list is never cached.
        for model in (LoginAttempt, Lockout, Lockout.history.model, Session, ApiToken, AuditEntry):
            response_cache.ignore_writes(model)
