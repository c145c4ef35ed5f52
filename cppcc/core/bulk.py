"""Set-based writes for imports of thousands of rows: rows derived from rows already in the database
are written by one INSERT … SELECT, not built one model instance at a time in Python."""

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
