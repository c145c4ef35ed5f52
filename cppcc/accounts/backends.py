"""The authentication backend every sign-in goes through (admin, portal, API token).

It refuses locked usernames and addresses before a password is checked, logs successes, and
leaves failures to the ``user_login_failed`` receiver (``signals.py``), which Django sends once
every backend has refused the credentials. For a user with a second factor a right password is
half a sign-in: logged as such, and the count of failures kept until the code is right too
(``second_factor.py``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import services
from .second_factor import has_second_factor


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not isinstance(username, str) or password is None:
            return None
        refusal = services.login_refusal(request=request, username=username)
        if refusal is not None:
            # A ValidationError, not PermissionDenied: login forms show its message as their error.
            raise refusal
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and has_second_factor(user):
            services.login_password_accepted(request=request, user=user)
        elif user is not None:
            services.login_success_register(request=request, user=user)
        return user
