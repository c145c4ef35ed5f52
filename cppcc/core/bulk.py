"""Set-based writes for imports of thousands of rows: rows derived from rows already in the database
are written by one INSERT … SELECT, and plain rows by one multi-row INSERT per batch, not built one
model instance at a time in Python."""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import CharField, IntegerField, Model, QuerySet, Value
from django.utils import timezone


def insert_selected(model: type[Model], rows: QuerySet) -> int:
    """Insert into ``model``'s table, in one statement, what ``rows`` selects: a ``values()`` query
    whose names are ``model``'s field names (attnames for foreign keys). Returns the rows written."""
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in rows.query.selected)
    try:
        select, params = rows.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to insert
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select}", params)
        return cursor.rowcount


def insert_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Insert ``rows`` (tuples of values in the order of ``names``, ``model``'s field names or
    attnames) into its table without a model instance per row. On PostgreSQL one statement takes
    every row as one array per column (``UNNEST``), as short to parse and plan for ten thousand rows
    as for one; elsewhere a multi-row INSERT per batch, as large as the database's bound on
    parameters allows. Returns the rows written."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    into = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # varchar[] rather than varchar(200)[], as Django's own bulk_create does.
            arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
            columns = [
                [field.get_db_prep_save(value, connection) for value in column]
                for field, column in zip(fields, zip(*rows, strict=True), strict=True)
            ]
            cursor.execute(f"{into} SELECT * FROM UNNEST({arrays})", columns)
            return len(rows)
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, connection.ops.bulk_batch_size(fields, rows))
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [
                field.get_db_prep_save(value, connection)
                for row in batch
                for field, value in zip(fields, row, strict=True)
            ]
            cursor.execute(f"{into} VALUES {', '.join([one] * len(batch))}", params)
    return len(rows)


def history_of_created(model: type[Model], pks: list, *, user: Model | None) -> int:
    """The change history (simple-history's “created” rows) of ``model`` rows just bulk-created, copied
    from the rows themselves: what ``bulk_create_with_history`` writes, without an instance per row."""
    history = model.history.model
    return insert_selected(
        history,
        model._default_manager.filter(pk__in=pks)
        .order_by("pk")
        .values(
            *(field.attname for field in history.tracked_fields),
            history_date=Value(timezone.now()),
            history_type=Value("+"),
            history_change_reason=Value(None, output_field=CharField()),
            history_user_id=Value(user.pk if user else None, output_field=IntegerField()),
        ),
    )
