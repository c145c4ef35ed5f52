"""The secretariat's admin for the organisation, and the committee scoping every app's admin uses.

A secretariat clerk reads the records of their committee and the committees below it, and
changes those of their own committee only; choices in forms offer their own committee's objects.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from cppcc.core.files import validate_spreadsheet

from .models import (
    Committee,
    HandlingUnit,
    Member,
    Notification,
    Party,
    Role,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)
from .resources import MemberResource
from .roles import access_for

admin.site.site_header = _("CPPCC duty-tracking platform")
admin.site.site_title = _("CPPCC duty-tracking platform")
admin.site.index_title = _("Secretariat")


class CommitteeScopedAdmin(SimpleHistoryAdmin):
    """Restricts an admin to the committees the clerk may read (list) and write (forms, actions)."""

    committee_field = "committee"

    def committee_of(self, obj) -> int | None:
        target = obj
        for part in self.committee_field.split("__"):
            target = getattr(target, part, None)
        return getattr(target, "pk", None)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        committees = access_for(request.user).oversees
        return queryset.filter(**{f"{self.committee_field}__in": list(committees)})

    def has_module_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def has_view_permission(self, request, obj=None):
        access = access_for(request.user)
        return access.is_staff_anywhere and (obj is None or self.committee_of(obj) in access.oversees)

    def has_add_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def has_change_permission(self, request, obj=None):
        access = access_for(request.user)
        return access.is_staff_anywhere and (obj is None or self.committee_of(obj) in access.manages)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def scoped_choices(model, request):
    """The objects of ``model`` a clerk may pick in a form: those of the committees they manage."""
    manages = list(access_for(request.user).manages)
    if model is Committee:
        return Committee.objects.filter(id__in=manages)
    field_names = {f.name for f in model._meta.get_fields()}
    if model is Party:
        return Party.objects.filter(Q(committee__isnull=True) | Q(committee__in=manages))
    if "committee" in field_names:
        return model._default_manager.filter(committee__in=manages)
    return model._default_manager.all()


class CommitteeChoiceMixin(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("committee"))


class CommitteeImportForm(CommitteeChoiceMixin, ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        validate_spreadsheet(upload, extensions=("xlsx", "csv"))
        return upload


class CommitteeConfirmImportForm(CommitteeChoiceMixin, ConfirmImportForm):
    pass


class CommitteeImportExportMixin(ImportExportMixin):
    """Excel import into one committee the clerk manages, and export of the filtered list."""

    formats = [base_formats.XLSX, base_formats.CSV]
    import_form_class = CommitteeImportForm
    confirm_form_class = CommitteeConfirmImportForm

    def has_import_permission(self, request):
        return bool(access_for(request.user).manages)

    def has_export_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def _limit_committee(self, form, request):
        choices = Committee.objects.filter(id__in=list(access_for(request.user).manages))
        form.fields["committee"].queryset = choices
        if choices.count() == 1:
            form.fields["committee"].initial = choices.first()
        return form

    def create_import_form(self, request):
        return self._limit_committee(super().create_import_form(request), request)

    def create_confirm_form(self, request, import_form=None):
        return self._limit_committee(super().create_confirm_form(request, import_form), request)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["committee"] = import_form.cleaned_data["committee"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        committee = form.cleaned_data.get("committee") if form is not None and form.is_bound else None
        return {"committee": committee}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}


@admin.register(User)
class CppccUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """Accounts are managed by administrators; clerks assign roles on the role-assignment page."""

    fieldsets = (*UserAdmin.fieldsets, (_("Name"), {"fields": ("name",)}))
    list_display = ["username", "name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "name", "email"]

    def has_module_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_staff_anywhere

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(id__in=list(access_for(request.user).oversees))

    def has_module_permission(self, request):
        return access_for(request.user).is_staff_anywhere

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_staff_anywhere

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Term)
class TermAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "number", "start_year", "end_year"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]


@admin.register(Session)
class SessionAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "term", "number", "opened_on"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "opened_on"


@admin.register(Sector)
class SectorAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(CommitteeScopedAdmin):
    """Nationwide parties (no committee) are read by every clerk and changed by administrators only."""

    list_display = ["name", "committee", "order"]
    search_fields = ["name"]

    def get_queryset(self, request):
        committees = list(access_for(request.user).oversees)
        queryset = super(CommitteeScopedAdmin, self).get_queryset(request)
        return queryset.filter(Q(committee__isnull=True) | Q(committee__in=committees))

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.committee_id is None:
            return access_for(request.user).is_staff_anywhere
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.committee_id is None:
            return request.user.is_superuser
        return super().has_change_permission(request, obj)


@admin.register(Member)
class MemberAdmin(CommitteeImportExportMixin, CommitteeScopedAdmin):
    resource_classes = [MemberResource]
    list_display = [
        "name",
        "gender",
        "committee",
        "sector",
        "party",
        "position",
        "is_standing_committee",
        "workplace",
        "phone",
        "is_active",
    ]
    list_filter = [
        ("committee", admin.RelatedOnlyFieldListFilter),
        "position",
        "is_standing_committee",
        "gender",
        ("sector", admin.RelatedOnlyFieldListFilter),
        ("party", admin.RelatedOnlyFieldListFilter),
        "is_active",
    ]
    search_fields = ["name", "workplace", "phone"]
    list_select_related = ["committee", "sector", "party"]
    filter_horizontal = ["special_committees"]
    raw_id_fields = ["user"]
    fieldsets = (
        (None, {"fields": ("committee", "term", "name", "gender", "user", "is_active")}),
        (
            _("Sitting"),
            {"fields": ("sector", "party", "special_committees", "position", "is_standing_committee")},
        ),
        (_("Work and contact (private)"), {"fields": ("workplace", "phone", "email", "address")}),
    )


class ContactInline(admin.TabularInline):
    """The unit's contacts: users holding the handling-unit role for it."""

    model = RoleAssignment
    fk_name = "handling_unit"
    fields = ["user"]
    raw_id_fields = ["user"]
    extra = 0
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")

    def has_view_permission(self, request, obj=None):
        return access_for(request.user).is_staff_anywhere

    def has_change_permission(self, request, obj=None):
        access = access_for(request.user)
        return access.is_staff_anywhere and (obj is None or obj.committee_id in access.manages)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(HandlingUnit)
class HandlingUnitAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee", "kind", "phone", "is_active"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "kind", "is_active"]
    search_fields = ["name"]
    inlines = [ContactInline]

    def save_formset(self, request, form, formset, change):
        for contact in formset.save(commit=False):
            contact.committee = form.instance.committee
            contact.role = Role.HANDLING_UNIT
            contact.save()
        for contact in formset.deleted_objects:
            contact.delete()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(CommitteeScopedAdmin):
    list_display = ["user", "committee", "role", "handling_unit"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "role"]
    search_fields = ["user__username", "user__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "committee", "handling_unit"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["user__username", "message"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_change_permission = has_delete_permission = has_module_permission

    def has_add_permission(self, request):
        return False
