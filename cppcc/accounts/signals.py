"""Count every refused sign-in, whichever view called ``django.contrib.auth.authenticate``."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import services


@receiver(user_login_failed, dispatch_uid="cppcc.accounts.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if isinstance(username, str) and username:
        services.login_failure_register(request=request, username=username)
