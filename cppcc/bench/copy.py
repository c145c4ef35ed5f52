"""PostgreSQL's ``COPY … FROM STDIN`` for the generator's millions of rows: rows as plain tuples in
the order of given field names (the other columns take their model defaults), their ids drawn from
the table's sequence up front so that children can point at them, no model instance per row. And
the arrival of records in a state as the lifecycle engine would record it (``Workflow.arrive``),
computed once per path rather than once per record."""

import io
import json
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import cache

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from cppcc.core.workflow import NEW, Workflow

CHUNK = 50_000  # rows per COPY statement


def text(value) -> str:
    """``value`` in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, dict | list):
        return text(json.dumps(value, ensure_ascii=False))
    return str(value)


def reserve_ids(model: type[Model], count: int) -> range:
    """``count`` ids of ``model``'s sequence, for rows about to be copied."""
    if not count:
        return range(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') AS seq",
            [count, model._meta.db_table],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def copy_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence]) -> range:
    """Write ``rows`` (tuples in the order of ``names``, field names or attnames) into ``model``'s
    table; returns their ids, in the order of ``rows``."""
    fields = [model._meta.get_field(name) for name in names]
    given = {field.attname for field in fields}
    now = timezone.now()
    rest = [
        field for field in model._meta.concrete_fields if not field.primary_key and field.attname not in given
    ]
    constants = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in rest
    ]
    suffix = "".join("\t" + text(value) for value in constants) + "\n"
    columns = ", ".join(connection.ops.quote_name(field.column) for field in [model._meta.pk, *fields, *rest])
    ids = reserve_ids(model, len(rows))
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            buffer = io.StringIO()
            buffer.writelines(
                f"{pk}\t" + "\t".join(map(text, row)) + suffix
                for pk, row in zip(ids[start : start + CHUNK], rows[start : start + CHUNK], strict=True)
            )
            buffer.seek(0)
            cursor.cursor.copy_expert(statement, buffer)
    return ids


@cache
def path_of(workflow: Workflow, steps: tuple[str, ...]) -> tuple[str, tuple, tuple]:
    """What ``Workflow.arrive`` makes of a record arriving by ``steps`` (step names, oldest first):
    the state it ends in, the fields stamped (field, index of the step), and the timeline entries
    (action, from, to, index of the step)."""
    state, stamps, entries = NEW, {}, []
    for index, name in enumerate(steps):
        transition = workflow[name]
        if state == NEW and NEW not in transition.sources:
            state = workflow.initial
        if state not in transition.sources:
            raise workflow._refusal(transition, state)
        target = transition.reaches(state)
        stamps |= dict.fromkeys(transition.stamps, index)
        if transition.recorded:
            entries.append((transition.action, state, target, index))
        state = target
    return workflow.initial if state == NEW else state, tuple(stamps.items()), tuple(entries)


def copy_arrivals(
    workflow: Workflow, names: Sequence[str], arrivals: Iterable[tuple[Sequence, Sequence[str], Sequence]]
) -> tuple[range, dict[str, int]]:
    """Records arriving in a state, as ``Workflow.arrive`` writes them, by COPY: each arrival is the
    row (in the order of ``names``), its step names and the times of its steps. Returns the ids and
    the rows written per table."""
    plans, rows, times = [], [], []
    stamped = sorted({field for transition in workflow.transitions for field in transition.stamps})
    for row, steps, at in arrivals:
        state, stamps, entries = plan = path_of(workflow, tuple(steps))
        stamp = dict(stamps)
        rows.append((*row, state, *(at[stamp[field]] if field in stamp else None for field in stamped)))
        plans.append(plan)
        times.append(at)
    ids = copy_rows(workflow.model, [*names, workflow.state_field, *stamped], rows)
    written = {workflow.model._meta.model_name: len(rows)}
    if workflow.timeline is not None:
        entries = [
            (pk, at[index], action, source, target)
            for pk, (_state, _stamps, plan), at in zip(ids, plans, times, strict=True)
            for action, source, target, index in plan
        ]
        copy_rows(
            workflow.timeline, [f"{workflow._subject}_id", "at", "action", "from_state", "to_state"], entries
        )
        written[workflow.timeline._meta.model_name] = len(entries)
    return ids, written


@contextmanager
def bulk_load(models: Iterable[type[Model]], timings: dict[str, float]):
    """Load the tables of ``models`` fast: their plain indexes dropped and built again at the end
    (those behind constraints stay; ``timings["indexes"]``: the seconds building them took), and
    foreign keys not checked row by row (the generator's rows point at rows it wrote)."""
    indexes = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [model._meta.db_table, model._meta.db_table],
            )
            indexes += cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
    timings["indexes"] = time.perf_counter() - started
