"""Read-only reads from a streaming replica (README, "Scale beyond one machine").

When ``DATABASE_REPLICA_URL`` is set, settings add a ``replica`` database alias and set
``REPLICA_DATABASE = "replica"``. Code that only reads and can bear a replica's lag of a second or so
(the dashboards: report card, charts, lists for leaders) runs inside ``replica_reads()``, a context
manager that is also a decorator; ``ReplicaRouter`` then sends its reads to the replica. Every other
read, and every write, stays on ``default``.

On entering the block the replica must answer, and it must have replayed the caller's own last write:
``ReadYourWritesMiddleware`` gives a browser that wrote (any successful POST, PUT, PATCH or DELETE)
a cookie with the primary's WAL position after it, and while the replica has not replayed that far
the block reads the primary. A replica that does not answer is left alone for
``RETRY_SECONDS`` by this process; meanwhile the block reads the primary, or, with
``DATABASE_REPLICA_FALLBACK=unavailable``, raises ``ReplicaUnavailable`` (a 503 in Chinese).

The switch is a ``ContextVar``: it belongs to the request being served, never to the process, so
any number of gunicorn workers and instances behave the same."""

import re
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

from .faults import DATABASE_ERRORS, ReplicaUnavailable

# Seconds a process reads the primary after the replica failed to answer, before trying it again.
RETRY_SECONDS = 5
# The cookie with the WAL position of the browser's last write, and how long it is kept: a replica
# further behind than this is a fault, not a lag.
COOKIE = "replica_lsn"
COOKIE_SECONDS = 600
LSN = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")

_reads_from: ContextVar[str | None] = ContextVar("replica_reads", default=None)
_awaited_lsn: ContextVar[str | None] = ContextVar("replica_awaited_lsn", default=None)
_retry_at = {"replica": 0.0}  # per process: when the replica is next tried after it failed


def _reachable(alias: str) -> bool:
    if time.monotonic() < _retry_at["replica"]:
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()  # a kept connection to a restarted server
        connection.ensure_connection()
    except DATABASE_ERRORS:
        _retry_at["replica"] = time.monotonic() + RETRY_SECONDS
        return False
    return True


def _replayed(alias: str, lsn: str) -> bool:
    """Has the replica replayed the primary's WAL up to ``lsn``? (A server not in recovery has all it
    has; a database other than PostgreSQL has no WAL position to wait for.)"""
    if connections[alias].vendor != "postgresql":
        return True
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
        return bool(cursor.fetchone()[0])


def _alias_for_reads() -> str | None:
    """The replica, or None (the primary) when it does not answer or lags behind the caller's write."""
    replica = settings.REPLICA_DATABASE
    if not replica:
        return None
    if not _reachable(replica):
        if settings.DATABASE_REPLICA_FALLBACK == "unavailable":
            raise ReplicaUnavailable
        return None
    awaited = _awaited_lsn.get()
    if awaited and not _replayed(replica, awaited):
        return None
    return replica


@contextmanager
def replica_reads():
    """Send the reads made inside this block (or the decorated function) to the replica, if any."""
    token = _reads_from.set(_alias_for_reads())
    try:
        yield
    finally:
        _reads_from.reset(token)


class ReadYourWritesMiddleware:
    """With a PostgreSQL replica: after a successful write, a cookie with the primary's WAL position;
    on each request, that position is what ``replica_reads()`` waits for the replica to have replayed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REPLICA_DATABASE:
            return self.get_response(request)
        awaited = request.COOKIES.get(COOKIE, "")
        token = _awaited_lsn.set(awaited if LSN.fullmatch(awaited) else None)
        try:
            response = self.get_response(request)
        finally:
            _awaited_lsn.reset(token)
        primary = connections["default"]
        wrote = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400
        if wrote and primary.vendor == "postgresql":
            with primary.cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_flush_lsn()")
                position = cursor.fetchone()[0]
            response.set_cookie(
                COOKIE,
                position,
                max_age=COOKIE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        # Explicit, so that saving an object read from the replica never writes to it.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
