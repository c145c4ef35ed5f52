from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cppcc.accounts"
    label = "accounts"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from django.contrib.sessions.models import Session
        from rest_framework.authtoken.models import Token

        from cppcc.core import response_cache

        # Registers the demo-password check; connects the failed-login receiver.
        from . import checks, signals  # noqa: F401
        from .models import Lockout, LoginAttempt

        # Signing in writes nothing an API response shows: the sign-in audit, lockouts and their
        # history, and the session or token it hands out (the two tables of sign-in this app wires).
        for model in (LoginAttempt, Lockout, Lockout.history.model, Session, Token):
            response_cache.ignore_writes(model)
