"""The base of every Excel layout of the project (django-import-export): what a clerk reads in an
exported sheet is Chinese and local.

- every cell passes ``neutralise_formula`` (CSV/Excel injection);
- a date-time is written in Asia/Shanghai (``TIME_ZONE``) as ``2024-03-01 10:00``, without offset;
- the sheet is named after the records (``提案``, ``社情民意信息``…), not "Tablib Dataset".
"""

import datetime

from django.utils import timezone
from django.utils.encoding import force_str
from import_export import resources, widgets

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

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = self.sheet_title()
        return dataset
