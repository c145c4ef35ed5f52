"""The base of every Excel layout of the project (django-import-export): what a clerk reads in an
exported sheet is Chinese and local.

- every cell passes ``neutralise_formula`` (CSV/Excel injection);
- a date-time is written in Asia/Shanghai (``TIME_ZONE``) as ``2024-03-01 10:00``, without offset;
- the sheet is named after the records (``提案``, ``社情民意信息``…), not "Tablib Dataset".
"""

import datetime
import re

from django.utils import timezone
from django.utils.encoding import force_str
from import_export import resources, widgets

from .downloads import write_sheet

# A cell starting with one of these is run as a formula by Excel or LibreOffice (CSV/Excel injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LOCAL_DATETIME = "%Y-%m-%d %H:%M"


def neutralise_formula(value):
    """Text that a spreadsheet would run as a formula, prefixed with a quote so it stays text.

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading ``=``
    (not ``+``, ``-``, ``@``) and turns every cell into text, so exports use this instead; so must
    every sheet written with openpyxl directly from user data."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_text(value) -> str:
    """A cell's text: a date-time in local time without offset, a date as 2024-03-01."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime(LOCAL_DATETIME)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return force_str(value)


class LocalWidget(widgets.Widget):
    """The widget of a column declared without one: its value as ``local_text``."""

    def render(self, value, obj=None, **kwargs):
        return local_text(value)


class SafeExportResource(resources.ModelResource):
    """The base of every resource of the project (see the module's docstring)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            if type(field.widget) is widgets.Widget:
                field.widget = LocalWidget()

    @classmethod
    def sheet_title(cls) -> str:
        """The name of the records, as the sheet's and the file's name."""
        return force_str(cls._meta.model._meta.verbose_name_plural)

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        return self.with_related(super().get_queryset())

    def export(self, queryset=None, **kwargs):
        queryset = self.with_related(queryset) if queryset is not None else None
        dataset = super().export(queryset, **kwargs)
        dataset.title = self.sheet_title()
        return dataset

    def with_related(self, queryset):
        """``queryset`` with what the columns read, for every export (a changelist's, a job's)."""
        return queryset


DISPLAY_RE = re.compile(r"^get_(\w+)_display$")


def _cell(resource, column):
    """What a row's cell of ``column`` is, as ``resource.export_field`` gives it, with the lookups
    that do not depend on the row made once: the column's dehydrate method, and for a choice's
    label (``get_<field>_display``, a lazy translation per row) a table of the labels."""
    name = resource.get_field_name(column)
    method = column.get_dehydrate_method(name)
    method = method if callable(method) else getattr(resource, method, None)
    if method is not None:
        return lambda row: neutralise_formula(method(row))
    match = DISPLAY_RE.match(column.attribute or "")
    if match is None:
        return lambda row: neutralise_formula(column.export(row))
    field = resource._meta.model._meta.get_field(match[1])
    labels = {value: force_str(label) for value, label in field.flatchoices}
    attname = field.attname
    return lambda row: neutralise_formula(labels.get(getattr(row, attname), ""))


def sheet_writer(resource, queryset, *, fields=None, title="", extension="xlsx", filename="", progress=None):
    """A large export: ``(file name, write)``, where ``write(stream)`` writes the resource's sheet of
    ``queryset`` (the columns ``fields``, all if None) to a binary stream row by row
    (``downloads.write_sheet``), from the queryset with what its columns read (``with_related``) in
    chunks, telling ``progress`` (a ``cppcc.core.jobs`` job's) how far it has come."""
    queryset = resource.with_related(queryset)
    columns = resource.get_export_fields(fields or None)
    cells = [_cell(resource, column) for column in columns]
    title = title or resource.sheet_title()
    if progress is not None:
        progress.total(queryset.count())

    def rows():
        for done, row in enumerate(queryset.iterator(chunk_size=2000), start=1):
            yield [cell(row) for cell in cells]
            if progress is not None:
                progress(done)

    def write(stream):
        write_sheet(
            stream,
            title=title,
            headers=[force_str(column.column_name) for column in columns],
            rows=rows(),
            extension=extension,
        )

    return filename or f"{title}_{timezone.localdate().isoformat()}.{extension}", write
