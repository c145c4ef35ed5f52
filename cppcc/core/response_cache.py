"""A shared cache of the API's read responses, emptied by every committed write to the database.

A cached response is stored in Redis under a key made of:

- the **generation**, a random token kept in the cache. Every statement that writes to the
  database (an ``INSERT``, ``UPDATE`` or ``DELETE`` of any table, through the ORM, ``update()``,
  ``bulk_create()`` or raw SQL alike; anything else that is neither a read nor transaction control)
  replaces the token when its transaction commits, so every response cached before that commit is
  never served again. Writes that change nothing a response shows (sessions, the sign-in audit…)
  are declared by the app that owns the table, in its ``ready()``, with ``ignore_writes()``;
- the user (visibility, roles and member links are per user), the active language, today's date
  in Asia/Shanghai (overdue flags change at midnight), the negotiated media type and the absolute
  URL with its query string.

The generation is read before anything of the request touches the database, so a response built
from data older than a commit is stored, at worst, under a generation that is already gone.
Watching the connection's statements rather than model signals leaves no write path out.

Only a shared cache makes this safe with several processes, so it is on when ``REDIS_URL`` is set
(``RESPONSE_CACHE``); entries also expire after ``RESPONSE_CACHE_SECONDS``. A client asking for
``Cache-Control: no-cache`` gets a fresh response. When Redis fails, requests are served uncached.
Only reads from the primary database are cached: the dashboards, which may read a lagging replica,
are not."""

import hashlib
import logging
import re
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "response-cache:generation"
# Statements that change no row: reads, and transaction control (SQLite's backend sends its
# ``BEGIN`` through the cursor, so that every ``atomic()`` would otherwise count as a write).
READ_VERBS = frozenset(
    {
        "SELECT",
        "SHOW",
        "EXPLAIN",
        "SET",
        "PRAGMA",
        "BEGIN",
        "START",
        "COMMIT",
        "END",
        "SAVEPOINT",
        "RELEASE",
        "ROLLBACK",
    }
)
# The table a statement of the ORM writes to, and for an update its plain ``"column" = %s`` list.
TARGET = re.compile(r'\s*(?P<verb>INSERT INTO|UPDATE|DELETE FROM) "(?P<table>[^"]+)"')
ASSIGNMENTS = re.compile(r' SET ("\w+" = %s(?:, "\w+" = %s)*) WHERE ')
COLUMN = re.compile(r'"(\w+)" = %s')
KEPT_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language")

# Declared with ignore_writes(): tables whose writes never count, and tables of which an update
# that sets only the given columns does not count.
_ignored_tables: set[str] = set()
_ignored_columns: dict[str, frozenset[str]] = {}


def ignore_writes(model, *, fields: Iterable[str] | None = None) -> None:
    """Declare that writes to ``model``'s table change nothing an API response shows, so that
    they start no new generation; with ``fields``, only the updates that set nothing but those
    fields. Each app declares its own models, in its ``AppConfig.ready()``."""
    table = model._meta.db_table
    if fields is None:
        _ignored_tables.add(table)
    else:
        columns = {model._meta.get_field(name).column for name in fields}
        _ignored_columns[table] = _ignored_columns.get(table, frozenset()) | columns


def is_write(sql: str) -> bool:
    verb = sql[:64].lstrip()[:9].split(None, 1)
    if not verb or verb[0].upper() in READ_VERBS:
        return False
    target = TARGET.match(sql)
    if target is None:
        return True
    if target["table"] in _ignored_tables:
        return False
    columns = _ignored_columns.get(target["table"])
    if columns is None or target["verb"] != "UPDATE":
        return True
    assignments = ASSIGNMENTS.match(sql, target.end())
    return assignments is None or not set(COLUMN.findall(assignments[1])) <= columns


def new_generation() -> None:
    """Forget every cached response."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("response cache: could not start a new generation")


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: after a write, a new generation, at once in autocommit mode or
    when the transaction commits (never for one rolled back)."""
    result = execute(sql, params, many, context)
    if settings.RESPONSE_CACHE and (not isinstance(sql, str) or is_write(sql)):
        connection = context["connection"]
        if not connection.in_atomic_block:
            new_generation()
        elif not any(callback is new_generation for _sids, callback, _robust in connection.run_on_commit):
            transaction.on_commit(new_generation, using=connection.alias)
    return result


def install(connection, **kwargs) -> None:
    """``connection_created`` receiver: watch the new connection's statements."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def generation() -> str | None:
    try:
        token = cache.get(GENERATION_KEY)
        if token is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(GENERATION_KEY)
        return token
    except Exception:
        logger.exception("response cache: unreachable, serving uncached")
        return None


def wanted(request) -> bool:
    return (
        settings.RESPONSE_CACHE
        and request.method in ("GET", "HEAD")
        and "no-cache" not in request.headers.get("Cache-Control", "")
    )


def key(token: str, request) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return ":".join(
        [
            "response-cache",
            token,
            str(request.user.pk),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.accepted_media_type or "",
            url,
        ]
    )


def fetch(cache_key: str) -> HttpResponse | None:
    try:
        stored = cache.get(cache_key)
    except Exception:
        logger.exception("response cache: unreachable, serving uncached")
        return None
    if stored is None:
        return None
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def store(cache_key: str, response) -> None:
    """Keep a successful response, rendered, for the next identical request."""
    response.render()
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    try:
        cache.set(
            cache_key,
            (response.status_code, headers, response.content),
            timeout=settings.RESPONSE_CACHE_SECONDS,
        )
    except Exception:
        logger.exception("response cache: could not store a response")
    response["X-Cache"] = "miss"


class CachedReadsMixin:
    """For API views: JSON answers to ``GET`` with status 200 come from, and go to, the cache
    (the browsable API's pages carry a CSRF token of their session: never cached). Actions named in
    ``uncached_actions`` answer what changes without a write (a code that rotates with the clock)."""

    _response_cache_key = None
    uncached_actions: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        # The generation first: before authentication and access read the database.
        cached = wanted(request) and getattr(self, "action", None) not in self.uncached_actions
        token = generation() if cached else None
        super().initial(request, *args, **kwargs)
        if token is None or not request.user.is_authenticated or request.accepted_renderer.format != "json":
            return
        self._response_cache_key = key(token, request)
        hit = fetch(self._response_cache_key)
        if hit is not None:
            # dispatch() looks the handler up after initial(): answer with the cached response.
            setattr(self, request.method.lower(), lambda *args, **kwargs: hit)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            self._response_cache_key
            and response.status_code == 200
            and not response.has_header("X-Cache")
            and hasattr(response, "render")
        ):
            store(self._response_cache_key, response)
        return response
