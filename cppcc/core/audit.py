"""What the audit log (``cppcc.accounts``, a layer above) hears from the layers below it: the code
that exports a list or shows members' private fields announces it here, and the audit log's
receivers write the entry (``cppcc/accounts/signals.py``).

- ``exported``: a list left the platform as a file: ``user``, ``request`` (None in a job),
  ``name`` (the list, in the clerk's words), ``filters`` (the query string's parameters),
  ``rows``, ``file`` (its name);
- ``private_fields_read``: members' private fields were shown: ``user``, ``request``,
  ``members`` (``(id, committee id)`` pairs), ``where`` (the page or endpoint).
"""

from django.dispatch import Signal
from django.http import QueryDict

exported = Signal()
private_fields_read = Signal()


def query_filters(query: QueryDict | str) -> dict[str, list[str]]:
    """A request's query parameters as plain JSON, every value a list (a filter may repeat)."""
    params = QueryDict(query) if isinstance(query, str) else query
    return {name: params.getlist(name) for name in sorted(params)}


def export_done(*, user, name, rows: int, filters: QueryDict | str, file: str, request=None) -> None:
    exported.send(
        sender=None,
        user=user,
        request=request,
        name=str(name),
        filters=query_filters(filters),
        rows=rows,
        file=file,
    )
