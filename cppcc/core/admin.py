"""The admin base every app's admin builds on: everything it shows and offers goes through the
visibility gate (``querysets.py``), so an app's admin holds no visibility code of its own.

- rows: the changelist, the change form, exports, list filters over related rows and the change
  history read ``restrict(user, "view")``;
- permissions are Django's (``user.has_perm``): module, view, add, change, delete, import and
  export, each for the model and for one object, answered by the gate (the permission backend in
  ``settings.AUTHENTICATION_BACKENDS``), and asked again before a change is saved (the
  changelist's editable columns); the history of a record follows the record itself;
- choices: foreign keys and many-to-many fields of forms, the action form's and autocomplete offer
  ``restrict(user, "pick")``;
- inlines read their rows through the gate and may be written by whoever may change the record
  they belong to;
- the change history speaks the clerk's language: field labels, choice labels, yes/no, local
  times, people by name (``LocalHistoryContextHelper`` and ``templates/simple_history/``);
- exports (``ExportMixin``, ``ImportExportMixin``: django-import-export's, for every admin of the
  project) offer their columns by their Chinese headings, every one chosen, and name the file after
  the records and the local date (``提案_2026-11-30.xlsx``), and tell the audit log who exported
  which list, with which filters and how many rows (``cppcc/core/audit.py``).
"""

import datetime
import io

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import QueryDict
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import admin as import_export_admin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .audit import export_done
from .downloads import write_sheet
from .jobs.services import Outcome, background, job_start, kind
from .querysets import PICK, VIEW, RestrictedQuerySet
from .resources import local_text, sheet_writer


def permission(opts, action: str) -> str:
    """Django's name of a model permission: ``<app_label>.<action>_<model_name>``."""
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def choices(model, user):
    """The rows of ``model`` a user may pick for a record they write (every row of a model
    outside the gate, such as Django's groups and permissions)."""
    rows = model._default_manager.all()
    return rows.restrict(user, PICK) if isinstance(rows, RestrictedQuerySet) else rows


def restrict_choices(form: Form, user) -> Form:
    """Narrow every model choice of a form that is not a model form (an action form, an upload
    form) to what the user may pick."""
    for field in form.fields.values():
        rows = getattr(field, "queryset", None)
        if isinstance(rows, RestrictedQuerySet):
            field.queryset = rows.restrict(user, PICK)
    return form


class GateChoicesMixin:
    """Foreign keys and many-to-many fields of the admin's forms offer what the user may pick."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choices(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choices(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RestrictedAdminMixin(GateChoicesMixin):
    """Rows, permissions and choices of a ModelAdmin through the gate."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, VIEW)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(permission(self.opts, "view"), obj)

    def has_add_permission(self, request):
        return request.user.has_perm(permission(self.opts, "add"))

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(permission(self.opts, "change"), obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(permission(self.opts, "delete"), obj)

    def save_model(self, request, obj, form, change):
        """A change is saved only to a record the user may change: the changelist's editable
        columns save without Django asking for the object's permission."""
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete offers this model's rows to another model's form: what the user may pick."""
        if request.resolver_match is not None and request.resolver_match.url_name == "autocomplete":
            queryset = queryset.restrict(request.user, PICK)
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        action_form = (getattr(response, "context_data", None) or {}).get("action_form")
        if action_form is not None:
            restrict_choices(action_form, request.user)
        return response


# The attribute simple-history sets on the options of a model whose versions it keeps.
HISTORY = "simple_history_manager_attribute"


class LocalHistoryContextHelper(HistoricalRecordContextHelper):
    """A change of the history as a clerk reads it: a choice by its label, yes/no, a date-time in
    local time, nothing as a dash (the field's label is simple-history's own: its verbose name)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        # simple-history names an empty foreign key a deleted object without a key.
        if isinstance(value, DeletedObject) and value.pk is None:
            return "—"
        if value is None or value == "":
            return "—"
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return local_text(value)
        return value


class RestrictedAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    """The base of every app's admin: the gate, and the change history of every record."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        concrete = model._meta.concrete_model._meta
        self.keeps_history = hasattr(concrete, HISTORY)
        if not self.keeps_history:
            self.object_history_template = None  # Django's own: the admin's log of the record
        elif model._meta.proxy:  # simple-history marks the model it tracks, not its proxies
            setattr(model._meta, HISTORY, getattr(concrete, HISTORY))

    def history_view(self, request, object_id, extra_context=None):
        """simple-history's versions of the record, or for a model without them (notifications)
        the admin's log of it."""
        if not self.keeps_history:
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        """A past version of a record is shown as text, as Django shows a record the user may only
        view (simple-history would show the form's widgets)."""
        fields = super().get_readonly_fields(request, obj)
        match = request.resolver_match
        if (
            getattr(request, "_reading_version", False)
            or match is None
            or not match.url_name.endswith("_simple_history")
        ):
            return fields
        request._reading_version = True
        try:
            every = flatten_fieldsets(self.get_fieldsets(request, obj))
        finally:
            request._reading_version = False
        return [*fields, *(name for name in every if name not in fields)]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version is read, never saved back: a revert would set states and fields outside
        the lifecycles and services (``SIMPLE_HISTORY_REVERT_DISABLED``)."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalHistoryContextHelper(self.model, historical_record)


class RestrictedInlineMixin(GateChoicesMixin):
    """An inline's rows through the gate; reading them needs the record they belong to readable,
    writing them needs it changeable (besides the inline model's own permission)."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, VIEW)

    def _permits(self, request, action: str, parent) -> bool:
        user = request.user
        if not user.has_perm(permission(self.opts, action)):
            return False
        return parent is None or user.has_perm(
            permission(parent._meta, VIEW if action == "view" else "change"), parent
        )

    def has_view_permission(self, request, obj=None):
        return self._permits(request, "view", obj)

    def has_add_permission(self, request, obj=None):
        return self._permits(request, "add", obj)

    def has_change_permission(self, request, obj=None):
        return self._permits(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._permits(request, "delete", obj)


class RestrictedTabularInline(RestrictedInlineMixin, admin.TabularInline):
    """The base of every app's inlines."""


def render_add_form(model_admin, request, form: Form, *, title: str, form_url: str = "", extra_context=None):
    """The admin's add page for a form that is not the model's own (a form whose save is a
    service's): ``form.fieldsets`` laid out as the admin lays out a model form, without inlines."""
    adminform = helpers.AdminForm(form, form.fieldsets, {}, model_admin=model_admin)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "adminform": adminform,
        "object_id": None,
        "original": None,
        "is_popup": False,
        "to_field": None,
        "media": model_admin.media + adminform.media,
        "inline_admin_formsets": [],
        "errors": helpers.AdminErrorList(form, []),
        "preserved_filters": model_admin.get_preserved_filters(request),
        **(extra_context or {}),
    }
    return model_admin.render_change_form(request, context, add=True, form_url=form_url)


class ExportForm(SelectableFieldsExportForm):
    """The export form: each column offered by its heading in the sheet (Chinese), all chosen,
    Excel the format chosen."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        titles = [format_class().get_title() for format_class in formats]
        if "xlsx" in titles:
            self.fields["format"].initial = str(titles.index("xlsx"))

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None else field_name


class StreamedXLSX(base_formats.XLSX):
    """django-import-export's Excel format with the sheet written by the exports' own writer
    (``cppcc.core.xlsx``, as the background exports write theirs) instead of tablib's openpyxl
    workbook: several times faster, and a control character left out rather than replaced."""

    def export_data(self, dataset, **kwargs) -> bytes:
        buffer = io.BytesIO()
        write_sheet(buffer, title=dataset.title or "", headers=dataset.headers or [], rows=dataset)
        return buffer.getvalue()


class ExportMixin(import_export_admin.ExportMixin):
    """The export of a filtered changelist, named after its records and the local date. Above
    ``JOBS_BACKGROUND_ROWS`` rows it runs as a background job (``run_admin_export``) and the clerk
    lands on the job's page, which shows its progress and then the file."""

    export_form_class = ExportForm

    def get_export_formats(self):
        return [StreamedXLSX if f is base_formats.XLSX else f for f in super().get_export_formats()]

    def get_export_filename(self, request, queryset, file_format) -> str:
        day = timezone.localdate().isoformat()
        return f"{self.opts.verbose_name_plural}_{day}.{file_format.get_extension()}"

    def get_data_for_export(self, request, queryset, **kwargs):
        """The sheet named as the file: after the records of this list (a review queue's own)."""
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        dataset.title = str(self.opts.verbose_name_plural)
        return dataset

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """The file's name in Chinese, as RFC 6266/5987 ``filename*``; a large export as a job.
        Every export is announced to the audit log (``cppcc.core.audit``)."""
        rows = queryset.count()
        if background(rows):
            return self._export_in_background(file_format, request, export_form)
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        export_done(
            user=request.user,
            request=request,
            name=self.opts.verbose_name_plural,
            rows=rows,
            filters=request.GET,
            file=filename,
        )
        return response

    def _export_in_background(self, file_format, request, export_form):
        formats = [type(f()) for f in self.get_export_formats()]
        items = export_form.cleaned_data.get("export_items") if export_form is not None else None
        fields = self.get_export_resource_fields_from_form(export_form)
        job = job_start(
            owner=request.user,
            kind="admin_export",
            title=gettext("Export of %(records)s") % {"records": self.opts.verbose_name_plural},
            parameters={
                "model": self.opts.label_lower,
                "path": request.path,
                "query": request.GET.urlencode(),
                "format": formats.index(type(file_format)),
                "resource": self.get_resource_index(export_form),
                "fields": fields or [],
                "items": list(items or []),
            },
        )
        return redirect(reverse("admin:jobs_job_change", args=[job.pk]))


@kind("admin_export")
def run_admin_export(job, progress) -> Outcome:
    """An admin export as its owner: the changelist's rows for the owner's request (its filters,
    search and ordering, through the gate), written row by row (``cppcc.core.xlsx``) from a
    streamed queryset."""
    parameters = job.parameters
    model_admin = admin.site._registry[apps.get_model(parameters["model"])]
    request = RequestFactory().get(parameters["path"], QueryDict(parameters["query"]))
    request.user = job.owner
    queryset = model_admin.get_export_queryset(request)
    if parameters["items"]:
        queryset = queryset.filter(pk__in=parameters["items"])
    file_format = model_admin.get_export_formats()[parameters["format"]]()
    resource_class = model_admin.get_export_resource_classes(request)[parameters["resource"]]
    resource = resource_class(**model_admin.get_export_resource_kwargs(request))
    filename, write = sheet_writer(
        resource,
        resource.filter_export(queryset),
        fields=parameters["fields"],
        title=str(model_admin.opts.verbose_name_plural),
        extension=file_format.get_extension(),
        filename=model_admin.get_export_filename(request, queryset, file_format),
        progress=progress,
    )
    export_done(
        user=job.owner,
        name=model_admin.opts.verbose_name_plural,
        rows=progress.job.total,
        filters=parameters["query"],
        file=filename,
    )
    return Outcome(
        message=gettext("%(count)d rows exported.") % {"count": progress.job.total},
        filename=filename,
        content=write,
    )


class ImportExportMixin(import_export_admin.ImportMixin, ExportMixin):
    """Excel import and the export above."""

    import_export_change_list_template = (
        import_export_admin.ImportExportMixin.import_export_change_list_template
    )


def error_text(error: Exception) -> str:
    """A service's refusal as the sentence a clerk reads: the messages of a ValidationError, or the
    reason an InvalidTransition or PermissionDenied gives."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or gettext("You may not do this.")
