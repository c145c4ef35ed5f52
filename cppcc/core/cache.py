"""The cache backend with Redis: Django's own, except that Redis unreachable is no error.

While Redis cannot be reached, reads find nothing and writes keep nothing: the site serves uncached
(the response cache builds every response; sessions are read from the database, which the
``cached_db`` engine writes first; the sign-in throttle counts nothing, the lockout counts in the
database), and ``/healthz`` reports the cache as unavailable.

A write that did not reach Redis may leave an entry there that is now wrong: a response whose
tables changed (its versions were not bumped), a session that was signed out. So a process that
missed a write empties the deployment's entries (those under its ``KEY_PREFIX``, never another
deployment's) as soon as Redis answers again, before it reads or writes anything else, and a
thread of its own tries every second meanwhile, so that Redis back serves nothing stale to the
other processes either."""

import logging
import threading

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 1.0
GLOB_SPECIAL = "\\*?[]"

# Per server and prefix, shared by the threads of the process (each has a backend of its own).
_lock = threading.Lock()
_missed: set[str] = set()  # a write was lost: empty the entries before using them again
_down: set[str] = set()  # the last operation failed (to log an outage once, not per operation)
_retrying: set[str] = set()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._identity = f"{server}|{self.key_prefix}"

    # --- reads: nothing found -------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._try(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._try(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._try(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    # --- writes: nothing kept, and the entries emptied when Redis returns -----------------------

    def set(self, key, value, timeout=None, version=None):
        self._try(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None, write=True
        )

    def add(self, key, value, timeout=None, version=None):
        return self._try(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False, write=True
        )

    def set_many(self, data, timeout=None, version=None):
        return self._try(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data), write=True
        )

    def touch(self, key, timeout=None, version=None):
        return self._try(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False, write=True
        )

    def delete(self, key, version=None):
        return self._try(lambda: super(ResilientRedisCache, self).delete(key, version), False, write=True)

    def delete_many(self, keys, version=None):
        self._try(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None, write=True)

    def incr(self, key, delta=1, version=None):
        """A counter cannot be answered without Redis: the error is raised, and the write missed."""
        if not self._recovered():
            raise RedisConnectionError("the cache is not reachable yet")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._failed(error)
            self._missed_write()
            raise

    def clear(self):
        self._try(super().clear, None, write=True)

    # --- the outage -----------------------------------------------------------------------------

    def _try(self, operation, degraded, *, write=False):
        if not self._recovered():
            if write:
                self._missed_write()
            return degraded
        try:
            result = operation()
        except UNREACHABLE as error:
            self._failed(error)
            if write:
                self._missed_write()
            return degraded
        self._answered()
        return result

    def _failed(self, error: Exception) -> None:
        with _lock:
            first = self._identity not in _down
            _down.add(self._identity)
        if first:
            logger.warning("cache unreachable (%s): serving uncached until it returns", error)

    def _answered(self) -> None:
        if self._identity in _down:
            with _lock:
                _down.discard(self._identity)
            logger.warning("cache reachable again")

    def _missed_write(self) -> None:
        with _lock:
            _missed.add(self._identity)
            start = self._identity not in _retrying
            _retrying.add(self._identity)
        if start:
            threading.Thread(target=self._retry, name="cache-recovery", daemon=True).start()

    def _retry(self) -> None:
        stop = threading.Event()
        while not self._recovered():
            stop.wait(RETRY_SECONDS)
        with _lock:
            _retrying.discard(self._identity)

    def _recovered(self) -> bool:
        """True unless a write was missed and Redis cannot be emptied of what it made stale yet."""
        if self._identity not in _missed:
            return True
        with _lock:
            if self._identity not in _missed:
                return True
            try:
                removed = self._empty()
            except UNREACHABLE:
                return False
            _missed.discard(self._identity)
        _down.discard(self._identity)
        logger.warning("cache reachable again: emptied %d entries written before the outage", removed)
        return True

    def _empty(self) -> int:
        """Delete every entry of this deployment (its KEY_PREFIX), leaving others' alone."""
        prefix = "".join(f"\\{c}" if c in GLOB_SPECIAL else c for c in self.key_prefix)
        client = self._cache.get_client(write=True)
        removed = 0
        batch = []
        for key in client.scan_iter(match=f"{prefix}:*" if prefix else "*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                removed += client.delete(*batch)
                batch = []
        if batch:
            removed += client.delete(*batch)
        return removed
