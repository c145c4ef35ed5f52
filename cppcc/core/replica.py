"""Read-only reads from a streaming replica (README, "Scale beyond one machine").

When ``DATABASE_REPLICA_URL`` is set, settings add a ``replica`` database alias and set
``REPLICA_DATABASE = "replica"``. Code that only reads and can bear a replica's lag of a second or so
(the dashboards: report card, charts, lists for leaders) runs inside ``replica_reads()``, a context
manager that is also a decorator; ``ReplicaRouter`` then sends its reads to the replica. Every other
read, and every write, stays on ``default``.

The switch is a ``ContextVar``: it belongs to the request being served, never to the process, so
any number of gunicorn workers and instances behave the same."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads():
    """Send the reads made inside this block (or the decorated function) to the replica, if any."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and settings.REPLICA_DATABASE:
            return settings.REPLICA_DATABASE
        return None

    def db_for_write(self, model, **hints):
        # Explicit, so that saving an object read from the replica never writes to it.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
