"""Sessions end after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and ``SESSION_COOKIE_AGE``
seconds after signing in whatever the activity.

The session keeps when its user signed in and when they were last active. The last activity is
written when it is a minute old or older, not on every request: a session is saved (to the database
and, with ``cached_db``, to Redis) at most once a minute per user, so an idle session ends between
one minute before and at ``SESSION_IDLE_TIMEOUT`` after its last request. Django's own expiry, which
each save pushes back, is no longer the absolute cap: the time of signing in is.

A session that ran out is signed out before the view runs, which then answers as to any anonymous
visitor: pages that need a sign-in send the browser to the login page, which says why (a message);
the API answers 401 with the reason as its ``detail`` (``signed_out_reason`` on the request, which
the API's error handler reads). Requests with an API token carry no session and pass untouched."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SIGNED_IN_AT = "_cppcc_signed_in_at"
LAST_ACTIVITY = "_cppcc_last_activity"
ACTIVITY_RESOLUTION = 60  # seconds: the last activity is written at most this often

IDLE = _("Signed out after a long time without activity. Please sign in again.")
TOO_LONG = _("Signed out: this sign-in reached its longest allowed time. Please sign in again.")


def stamp(session, now: float) -> None:
    session[SIGNED_IN_AT] = session[LAST_ACTIVITY] = int(now)


def ended(session, now: float):
    """Why the session ends now (a message), or None while it lasts."""
    idle = settings.SESSION_IDLE_TIMEOUT
    if now - session[SIGNED_IN_AT] > settings.SESSION_COOKIE_AGE:
        return TOO_LONG
    if idle and now - session[LAST_ACTIVITY] > idle:
        return IDLE
    return None


class SessionTimeoutMiddleware:
    """After the session, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            if SIGNED_IN_AT not in session or LAST_ACTIVITY not in session:
                stamp(session, now)  # signed in before the timeout was kept: from now on
            reason = ended(session, now)
            if reason is not None:
                logout(request)
                request.signed_out_reason = reason
                if not request.path_info.startswith("/api/"):
                    messages.warning(request, reason)
            elif now - session[LAST_ACTIVITY] >= ACTIVITY_RESOLUTION:
                session[LAST_ACTIVITY] = int(now)
        return self.get_response(request)


class HoldingMiddleware:
    """The base of the middlewares that hold a signed-in user at one step before anything else (a
    password to change, a second factor to give or to set up): the step's own paths
    (``step_paths``) stay open, and so do the ways out: signing out, the language and senior-mode
    switches, static files, the health check, and the API, which answers for itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def step_paths(self) -> tuple[str, ...]:
        raise NotImplementedError

    def open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            self._open = (
                *self.step_paths(),
                reverse("logout"),
                reverse("senior-mode"),
                reverse("set_language"),
                reverse("favicon"),
                reverse("healthz"),
                "/" + settings.STATIC_URL.lstrip("/"),
                "/api/",
            )
        return self._open
