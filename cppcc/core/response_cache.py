"""A shared cache of the API's read responses, each kept until a committed write touches what it read.

Every table has a **version**, a random token kept in the cache; tables of records that belong to
a committee (a foreign key ``committee``, outside the organisation's own tables) have versions per
committee as well, and the records of those tables (a proposal, a report, an activity) one each:

- **Writes bump versions.** Every statement that writes to the database (an ``INSERT``, ``UPDATE``
  or ``DELETE``, through the ORM, ``update()``, ``bulk_create()`` or raw SQL alike; anything that
  is neither a read nor transaction control) bumps versions when its transaction commits. A
  ``save()`` of a committee's record (or of a record that belongs to one: a proposal's reply, an
  activity's attendance) bumps that table's *list* version for the committees related to the
  record's (its ancestors, itself and every committee below: the readers who may see it), and the
  *record* version of every record it names: its own, the one it belongs to, and any other its
  foreign keys name, before and after the save (a proposal merged into another names the target).
  A write in a committee whose rows no save names (``bulk_create()`` or ``update()`` inside
  ``writing_in()``) bumps the table's list version and its *rows* version for the related
  committees, or, when ``writing_in()`` names the record the rows belong to, that record's version.
  A write the ORM's signals do not name a committee for (``update()``, ``bulk_create()``, a
  deletion, raw SQL) bumps the table's version for everyone; and a write to no known table bumps
  everything. Writes that change nothing a response shows (sessions, the sign-in audit…) are
  declared by the app that owns the table, in its ``ready()``, with ``ignore_writes()``.
- **Reads record versions.** While a cached view builds its response, every statement's tables
  (``FROM`` and ``JOIN``) are noted and their versions read *before* the statement runs: the table's
  own and, for a committee's records, per committee at the top of the reader's reach
  (``scope_by()``): a list depends on the list versions; a detail of a viewset that says its
  detail reads no other record's rows of its model's tables (``cached_by_record``) depends, for
  those tables, on its record's version and on the rows versions instead. A response is stored
  with the versions it read; it is served again only while every one of them is unchanged, so a
  response built from data older than a commit is never served after that commit's versions are
  bumped. A registration drops the proposal lists and that proposal's details; the other
  proposals' details stay.

The key of an entry is the user (visibility, roles and member links are per user), the active
language, today's date in Asia/Shanghai (overdue flags change at midnight), the negotiated media
type and the absolute URL with its query string. Watching the connection's statements rather than
naming each view's models leaves no read or write out.

Only a shared cache makes this safe with several processes, so it is on when ``REDIS_URL`` is set
(``RESPONSE_CACHE``); entries also expire after ``RESPONSE_CACHE_SECONDS``. A client asking for
``Cache-Control: no-cache`` gets a fresh response. When Redis fails, requests are served uncached.
Only reads from the primary database are cached: the dashboards, which may read a lagging replica,
are not."""

import hashlib
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.http import HttpResponse
from django.utils import timezone, translation

from .querysets import ThroughParentQuerySet

logger = logging.getLogger(__name__)

VERSION = "response-cache:v:"
EVERYTHING = VERSION + "*"  # bumped by a write to a table the statement does not name
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
# The tables a statement reads, quoted or not (a name that is no table only costs a version).
SOURCES = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)
KEPT_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language")

# Declared with ignore_writes(): tables whose writes never count, and tables of which an update
# that sets only the given columns does not count.
_ignored_tables: set[str] = set()
_ignored_columns: dict[str, frozenset[str]] = {}


def ignore_writes(model, *, fields: Iterable[str] | None = None) -> None:
    """Declare that writes to ``model``'s table change nothing an API response shows, so that
    they bump no version; with ``fields``, only the updates that set nothing but those fields.
    Each app declares its own models, in its ``AppConfig.ready()``."""
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


class Way:
    """How a table's records name their committee: a column of their own (``committee_id``), or
    their parent's (``parent`` the foreign key of a ``ThroughParentQuerySet``, ``column`` its id).
    ``group`` is the table of the committee's records they are part of (their own, or their
    parent's), ``records`` the columns naming such records, each with its table (for a table of
    a committee's records, its primary key first)."""

    def __init__(self, column: str, group: str, parent: str | None = None, committee: str | None = None):
        self.column = column
        self.group = group
        self.parent = parent
        self.committee = committee
        self.records: list[tuple[str, str]] = []


class Scope:
    """How committees relate, declared by the app that owns them (``scope_by()``): the committees
    at the top of a user's reach, and each committee's related ones."""

    def __init__(self, roots: Callable, related: Callable):
        self.roots = roots  # user -> committee ids at the top of what the user may read
        self.related = related  # committee ids -> those ids, their ancestors and their subtrees
        self.tables: dict[str, Way] = {}  # table of a committee's records -> how they name it
        self.own: dict = {}  # models with a committee of their own -> its column


_scope: Scope | None = None
# The committee (or parent) and the records a row named when it was read, kept by from_db().
LOADED = "_response_cache_loaded"


def scope_by(
    committee_model, *, roots: Callable, related: Callable, exclude_apps: Iterable[str] = ()
) -> None:
    """Version per committee the records of every model with a foreign key ``committee`` to
    ``committee_model`` (outside ``exclude_apps``), and of the models that belong to one of them
    (``ThroughParentQuerySet``): ``roots(user)`` names the committees at the top of what the user
    may read (every record a user may see is in a root's ancestors or subtree), ``related(ids)``
    those committees with their ancestors and subtrees. Each record of those models has a version
    of its own too."""
    global _scope
    _scope = Scope(roots, related)
    excluded = set(exclude_apps)
    models = [model for model in apps.get_models() if model._meta.app_label not in excluded]
    own = {}
    for model in models:
        field = next((f for f in model._meta.concrete_fields if f.name == "committee"), None)
        if field is not None and field.is_relation and field.related_model is committee_model:
            own[model] = field.attname
            _scope.tables[model._meta.db_table] = Way(field.attname, model._meta.db_table)
    for model in models:
        queryset = model._default_manager._queryset_class
        if model not in own and issubclass(queryset, ThroughParentQuerySet) and queryset.parent:
            _belongs(model, queryset.parent, own)
    for model, parent in _parents.items():
        _belongs(model, parent, own)
    _scope.own = own
    for model in models:
        if model._meta.db_table in _scope.tables:
            _name_records(model)


def _name_records(model) -> None:
    """The columns of ``model`` that name a committee's records, remembered on each row read."""
    way = _scope.tables[model._meta.db_table]
    way.records = [(model._meta.pk.attname, way.group)] if way.parent is None else []
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model in _scope.own:
            way.records.append((field.attname, field.related_model._meta.db_table))
    _remember(model, [way.column, *(column for column, _table in way.records)])


_parents: dict = {}


def belongs_to(model, parent: str) -> None:
    """Declare that ``model``'s records belong to the record named by its foreign key ``parent``,
    of a committee (as a ``ThroughParentQuerySet`` says without being told): its writes touch that
    committee's readers only. Called from the owning app's ``ready()``."""
    _parents[model] = parent
    if _scope is not None:
        _belongs(model, parent, _scope.own)
        if model._meta.db_table in _scope.tables:
            _name_records(model)


def _belongs(model, parent_name: str, own: dict) -> None:
    parent = model._meta.get_field(parent_name)
    if parent.related_model in own:
        group = parent.related_model._meta.db_table
        _scope.tables[model._meta.db_table] = Way(
            parent.attname, group, parent.name, own[parent.related_model]
        )


def _remember(model, columns: list[str]) -> None:
    """Keep on each record read the values of ``columns`` it had, to see a save that moves it."""
    if model.__dict__.get(LOADED) is None:
        model.from_db = classmethod(_remembering(model.from_db.__func__, tuple(dict.fromkeys(columns))))
        setattr(model, LOADED, columns)


def _remembering(from_db, columns: tuple[str, ...]):
    def remembered(cls, db, field_names, values):
        instance = from_db(cls, db, field_names, values)
        found = instance.__dict__
        found[LOADED] = {column: found.get(column) for column in columns}
        return instance

    return remembered


# --- writes -------------------------------------------------------------------------------------

_local = threading.local()


def _stack() -> list:
    if not hasattr(_local, "saving"):
        _local.saving = []
    return _local.saving


def _named_by(sender, instance) -> tuple[frozenset[int] | None, frozenset[tuple[str, int]] | None]:
    """The committees a save of ``instance`` touches and the records it names, before and after,
    each None when unknown (a record not read from the database, a child whose parent is not at
    hand, one that moves). A new row names no record of its own: no reader has seen it."""
    way = _scope.tables[sender._meta.db_table]
    values = instance.__dict__
    own = values.get(way.column)
    touched = {own}
    new = instance._state.adding and instance.pk is None
    loaded = values.get(LOADED)
    if not new:
        if loaded is None or (way.parent and loaded[way.column] != own):
            return None, None
        touched.add(loaded[way.column])
    if way.parent:
        parent = instance._state.fields_cache.get(way.parent)
        touched = {parent.__dict__.get(way.committee) if parent is not None and parent.pk == own else None}
    named = {(table, values.get(column)) for column, table in way.records}
    if not new:
        named |= {(table, loaded[column]) for column, table in way.records}
    records = frozenset((table, pk) for table, pk in named if pk is not None)
    return (None, None) if None in touched else (frozenset(touched), records)


@contextmanager
def writing_in(committee_id: int, *models, record=None):
    """Writes to ``models``' tables inside the block (a ``bulk_create()`` or ``update()``, which
    send no signals) touch only ``committee_id``'s records, and, with ``record``, only rows that
    belong to that record (a proposal's co-signatures, an activity's attendance)."""
    records = None if record is None else frozenset({(record._meta.db_table, record.pk)})
    entries = [
        Named(model._meta.db_table, frozenset({committee_id}), records, once=False) for model in models
    ]
    stack = _stack()
    stack.extend(entries)
    try:
        yield
    finally:
        stack[:] = [entry for entry in stack if all(entry is not own for own in entries)]


class Named:
    """A committee (and the records) named for the writes to a table: by ``writing_in()`` for its
    block, or by a ``save()`` for its next statement (``once``: a save that fails before writing
    leaves nothing for a later statement to be credited to, and the entry goes at its
    ``post_save`` anyway). ``records`` None: rows of the committee no one named."""

    def __init__(
        self,
        table: str,
        committees: frozenset[int] | None,
        records: frozenset[tuple[str, int]] | None,
        *,
        once: bool,
    ):
        self.table = table
        self.committees = committees
        self.records = records
        self.once = once


def _before(sender, instance, **kwargs) -> None:
    if settings.RESPONSE_CACHE and _scope is not None and sender._meta.db_table in _scope.tables:
        committees, records = _named_by(sender, instance)
        _stack().append(Named(sender._meta.db_table, committees, records, once=True))


def _after(sender, instance, **kwargs) -> None:
    if _scope is not None and sender._meta.db_table in _scope.tables:
        stack = _stack()
        stack[:] = [entry for entry in stack if not (entry.once and entry.table == sender._meta.db_table)]


def _forget(**kwargs) -> None:
    """``request_started`` receiver: nothing named in an earlier request counts in this one."""
    _stack().clear()


# Saves only: a receiver of pre_delete would stop Django deleting without reading the rows first.
pre_save.connect(_before, dispatch_uid="response-cache-pre-save")
post_save.connect(_after, dispatch_uid="response-cache-post-save")
request_started.connect(_forget, dispatch_uid="response-cache-forget")

# What a write touches: a table for everyone (its committee unknown, or "*": no known table), its
# lists in the committees related to one, its unnamed rows there, or one record.
TABLE, LISTS, ROWS, RECORD = "table", "lists", "rows", "record"


def _touched(sql) -> set[tuple[str, str, int | None]]:
    """(what, table, committee or record id) triples a write statement touches."""
    target = TARGET.match(sql) if isinstance(sql, str) else None
    if target is None:
        return {(TABLE, "*", None)}
    table = target["table"]
    if _scope is None or table not in _scope.tables:
        return {(TABLE, table, None)}
    stack = _stack()
    named = [entry for entry in stack if entry.table == table]
    if any(entry.once for entry in named):
        stack[:] = [entry for entry in stack if not (entry.once and entry.table == table)]
    if not named or any(entry.committees is None for entry in named):
        return {(TABLE, table, None)}
    touched = set()
    for entry in named:
        touched |= {(LISTS, table, committee) for committee in entry.committees}
        if entry.records is None:
            touched |= {(ROWS, table, committee) for committee in entry.committees}
        else:
            touched |= {(RECORD, group, pk) for group, pk in entry.records}
    return touched


def _pending(connection) -> set:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = {}
    return pending.setdefault(connection.alias, set())


def table_key(table: str) -> str:
    return EVERYTHING if table == "*" else VERSION + table


def lists_key(table: str, committee: int) -> str:
    return f"{VERSION}{table}@{committee}"


def rows_key(table: str, committee: int) -> str:
    return f"{VERSION}{table}@{committee}:rows"


def record_key(table: str, pk) -> str:
    return f"{VERSION}{table}#{pk}"


def bump(touched: Iterable[tuple[str, str, int | None]]) -> None:
    """New versions for what writes touched: a table for everyone, a table's lists or unnamed
    rows for the committees related to a committee, or a record."""
    keys = set()
    scoped: dict[tuple[str, str], set[int]] = {}
    for what, table, value in touched:
        if what == TABLE:
            keys.add(table_key(table))
        elif what == RECORD:
            keys.add(record_key(table, value))
        else:
            scoped.setdefault((what, table), set()).add(value)
    try:
        for (what, table), committees in scoped.items():
            key_of = lists_key if what == LISTS else rows_key
            keys.update(key_of(table, pk) for pk in _scope.related(committees))
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    except Exception:
        logger.exception("response cache: could not bump versions")


def _flush(alias: str) -> None:
    touched = getattr(_local, "pending", {}).pop(alias, set())
    if touched:
        bump(touched)


def watch(execute, sql, params, many, context):
    """A database execute wrapper: notes the tables a cached view reads (and their versions)
    before the statement runs, and after a write bumps the versions of what it touched, at once
    in autocommit mode or when the transaction commits (never for one rolled back)."""
    if not settings.RESPONSE_CACHE:
        return execute(sql, params, many, context)
    reads = getattr(_local, "reads", None)
    if reads is not None and isinstance(sql, str):
        reads.note(sql)
    if isinstance(sql, str) and not is_write(sql):
        return execute(sql, params, many, context)
    # What the write touches is taken before it runs: a statement that fails still uses up the
    # committee its save named.
    touched = _touched(sql)
    result = execute(sql, params, many, context)
    connection = context["connection"]
    if not connection.in_atomic_block:
        bump(touched)
        return result
    _pending(connection).update(touched)
    if not any(getattr(callback, "response_cache", False) for _s, callback, _r in connection.run_on_commit):
        transaction.on_commit(_on_commit(connection.alias), using=connection.alias)
    return result


def _on_commit(alias: str):
    def flush():
        _flush(alias)

    flush.response_cache = True
    return flush


def install(connection, **kwargs) -> None:
    """``connection_created`` receiver: watch the new connection's statements."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


# --- reads --------------------------------------------------------------------------------------


def versions(keys: Iterable[str]) -> dict[str, str]:
    """The current version of each key, starting one where there is none."""
    keys = list(keys)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return found


class Reads:
    """The tables one request reads and the versions they had before it read them. ``record``
    (table, id): a detail that reads, of that record's tables, only what names the record."""

    def __init__(self, request, record: tuple[str, int] | None = None):
        self.request = request
        self.record = record
        self.tables: set[str] = set()
        self.versions: dict[str, str] = {}
        self.roots: list[int] | None = None
        self.failed = False  # the cache was unreachable: nothing to store

    def note(self, sql: str) -> None:
        tables = set(SOURCES.findall(sql)) - self.tables
        if not tables or self.failed:
            return
        self.tables |= tables
        keys = [EVERYTHING] if not self.versions else []
        for table in tables:
            keys.append(table_key(table))
            way = _scope.tables.get(table) if _scope is not None else None
            if way is None:
                continue
            if self.record is not None and way.group == self.record[0]:
                keys += [rows_key(table, pk) for pk in self.scope()]
                keys.append(record_key(*self.record))
            else:
                keys += [lists_key(table, pk) for pk in self.scope()]
        try:
            self.versions.update(versions(dict.fromkeys(keys)))
        except Exception:
            logger.exception("response cache: unreachable, serving uncached")
            self.failed = True

    def scope(self) -> list[int]:
        if self.roots is None:
            # The user's reach reads the organisation's tables, noted like any other.
            self.roots = sorted(_scope.roots(self.request.user))
        return self.roots


def wanted(request) -> bool:
    return (
        settings.RESPONSE_CACHE
        and request.method in ("GET", "HEAD")
        and "no-cache" not in request.headers.get("Cache-Control", "")
    )


def key(request) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return ":".join(
        [
            "response-cache",
            str(request.user.pk),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.accepted_media_type or "",
            url,
        ]
    )


def fetch(cache_key: str) -> HttpResponse | None:
    """The stored response, if every version it was built from is still current."""
    try:
        stored = cache.get(cache_key)
        if stored is None:
            return None
        read, status, headers, content = stored
        if cache.get_many(list(read)) != read:
            return None
    except Exception:
        logger.exception("response cache: unreachable, serving uncached")
        return None
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def store(cache_key: str, response, read: dict[str, str]) -> None:
    """Keep a successful response, rendered, with the versions it was built from."""
    if hasattr(response, "render"):
        response.render()
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    try:
        cache.set(
            cache_key,
            (read, response.status_code, headers, response.content),
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
    _response_cache_reads = None
    uncached_actions: tuple[str, ...] = ()
    # Whether a detail (``retrieve``) reads, of its model's table and of the tables of records
    # that belong to its rows, only what names its record (by its id, or by a foreign key to it):
    # then it is kept until a write names that record, not until any write in its committee.
    cached_by_record = False

    def initial(self, request, *args, **kwargs):
        # Reads are noted from the start: authentication and access read the roles.
        cached = wanted(request) and getattr(self, "action", None) not in self.uncached_actions
        if cached:
            self._response_cache_reads = _local.reads = Reads(request, self._cached_record())
        super().initial(request, *args, **kwargs)
        if not cached or not request.user.is_authenticated or request.accepted_renderer.format != "json":
            _local.reads = self._response_cache_reads = None
            return
        self._response_cache_key = key(request)
        hit = fetch(self._response_cache_key)
        if hit is not None:
            # dispatch() looks the handler up after initial(): answer with the cached response.
            setattr(self, request.method.lower(), lambda *args, **kwargs: hit)

    def _cached_record(self) -> tuple[str, int] | None:
        if not self.cached_by_record or self.action != "retrieve" or _scope is None:
            return None
        table = self.queryset.model._meta.db_table
        way = _scope.tables.get(table)
        try:
            pk = int(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        except (KeyError, TypeError, ValueError):
            return None
        return (table, pk) if way is not None and way.group == table else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        reads, _local.reads = self._response_cache_reads, None
        if (
            self._response_cache_key
            and reads is not None
            and not reads.failed
            and response.status_code == 200
            and not response.has_header("X-Cache")
            and hasattr(response, "render")
        ):
            store(self._response_cache_key, response, reads.versions)
        return response


def cached_for_visitors(*, cookies: Iterable[str] = ()):
    """For pages anyone may read without signing in: a visitor's ``GET`` of the decorated view is
    answered from, and kept in, the cache, as the API's reads are (the versions of every table it
    read, for the committees at the top of the tree: a write to a committee's records bumps them
    too). The key is the visitor's (no user), the language, the day, the address and the values of
    ``cookies`` that change the page (a display preference). Signed-in users get a fresh page, and
    a page that sets a cookie or carries a CSRF token is never kept: it is one visitor's."""
    cookies = tuple(cookies)

    def decorate(view):
        @wraps(view)
        def cached(request, *args, **kwargs):
            if not wanted(request):
                return view(request, *args, **kwargs)
            reads = _local.reads = Reads(request)
            try:
                if request.user.is_authenticated:
                    _local.reads = None
                    return view(request, *args, **kwargs)
                variant = "&".join(f"{name}={request.COOKIES.get(name, '')}" for name in cookies)
                cache_key = page_key(request, variant)
                hit = fetch(cache_key)
                if hit is not None:
                    return hit
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            finally:
                _local.reads = None
            if (
                response.status_code == 200
                and not reads.failed
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                store(cache_key, response, reads.versions)
            return response

        return cached

    return decorate


def page_key(request, variant: str) -> str:
    """The key of a visitor's page: no user, the language, the day, the address, the variant."""
    url = hashlib.sha256(f"{request.build_absolute_uri()}#{variant}".encode()).hexdigest()
    return ":".join(
        ["response-cache", "visitor", translation.get_language() or "", timezone.localdate().isoformat(), url]
    )
