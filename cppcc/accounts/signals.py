"""Count every refused sign-in, whichever view called ``django.contrib.auth.authenticate``; start
the clock of every session signed in (``middleware.py``) and hold it for the second factor of a
user who has one (``second_factor.py``); record the password of every account created with one."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services
from .middleware import stamp
from .second_factor import PENDING, has_second_factor


@receiver(user_login_failed, dispatch_uid="cppcc.accounts.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if isinstance(username, str) and username:
        services.login_failure_register(request=request, username=username)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="cppcc.accounts.first_password")
def record_first_password(sender, instance, created, raw=False, **kwargs):
    """``create_user`` and ``create_superuser`` hash the password without ``set_password``, so the
    password validators' ``password_changed`` never hears of it: the history starts here. (A restore
    loads the history with the accounts: ``raw``.)"""
    if created and not raw and instance.password and instance.has_usable_password():
        services.password_history_record(user=instance)


@receiver(user_logged_in, dispatch_uid="cppcc.accounts.stamp_session")
def stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp(request.session, time.time())


@receiver(user_logged_in, dispatch_uid="cppcc.accounts.hold_for_second_factor")
def hold_for_second_factor(sender, request, user, **kwargs):
    """A password signs a user with a second factor half in: the session waits for the code."""
    if request is None or not hasattr(request, "session"):
        return
    if has_second_factor(user):
        request.session[PENDING] = True
    else:
        request.session.pop(PENDING, None)
