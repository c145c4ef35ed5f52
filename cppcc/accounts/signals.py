"""Count every refused sign-in, whichever view called ``django.contrib.auth.authenticate``; start
the clock of every session signed in (``middleware.py``)."""

import time

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import services
from .middleware import stamp


@receiver(user_login_failed, dispatch_uid="cppcc.accounts.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if isinstance(username, str) and username:
        services.login_failure_register(request=request, username=username)


@receiver(user_logged_in, dispatch_uid="cppcc.accounts.stamp_session")
def stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp(request.session, time.time())
