"""The secretariat's admin for the organisation, and the Excel import into one committee that
every app's admin uses. What a clerk reads, changes and picks is the visibility gate's
(``cppcc/core/admin.py``): the records of their committee and the committees below it, changed in
their own committee only.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from cppcc.core.admin import ImportExportMixin, RestrictedAdmin, RestrictedTabularInline
from cppcc.core.audit import private_fields_read
from cppcc.core.files import validate_spreadsheet
from cppcc.core.querysets import PICK

from .models import (
    CalendarDay,
    Committee,
    Delivery,
    HandlingUnit,
    Member,
    Notification,
    NotificationPreference,
    Party,
    Role,
    RoleAssignment,
    Sector,
    SentReminder,
    Session,
    SpecialCommittee,
    Term,
    User,
)
from .resources import MemberResource
from .services import notification_preferences_set

admin.site.site_header = _("CPPCC duty-tracking platform")
admin.site.site_title = _("CPPCC duty-tracking platform")
admin.site.index_title = _("Secretariat")


class CommitteeChoiceMixin(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("committee"))


def pick_committee(form: forms.Form, user) -> forms.Form:
    """Offer in the form's ``committee`` the committees the user files records in, the only one
    chosen already."""
    committees = Committee.objects.restrict(user, PICK)
    form.fields["committee"].queryset = committees
    only = list(committees[:2])
    if len(only) == 1:
        form.fields["committee"].initial = only[0]
    return form


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

    def create_import_form(self, request):
        return pick_committee(super().create_import_form(request), request.user)

    def create_confirm_form(self, request, import_form=None):
        return pick_committee(super().create_confirm_form(request, import_form), request.user)

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
class CppccUserAdmin(RestrictedAdmin, UserAdmin):
    """Accounts are managed by administrators; clerks read them and assign roles on the
    role-assignment page."""

    fieldsets = (*UserAdmin.fieldsets, (_("Name"), {"fields": ("name",)}))
    list_display = ["username", "name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "name", "email"]


@admin.register(Committee)
class CommitteeAdmin(RestrictedAdmin):
    """Committees are read by their clerks and changed by administrators."""

    list_display = ["name", "short_name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Term)
class TermAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "number", "start_year", "end_year"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]


@admin.register(Session)
class SessionAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "term", "number", "opened_on"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "opened_on"


@admin.register(Sector)
class SectorAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(RestrictedAdmin):
    """Nationwide parties (no committee) are read by every clerk and changed by administrators only."""

    list_display = ["name", "committee", "order"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(CommitteeImportExportMixin, RestrictedAdmin):
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
        "phone_number",
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
    search_fields = ["name", "workplace"]
    search_help_text = _("A name or workplace, or a phone or ID number in full.")
    list_select_related = ["committee", "sector", "party"]
    filter_horizontal = ["special_committees"]
    raw_id_fields = ["user"]
    fieldsets = (
        (None, {"fields": ("committee", "term", "name", "gender", "user", "is_active")}),
        (
            _("Sitting"),
            {"fields": ("sector", "party", "special_committees", "position", "is_standing_committee")},
        ),
        (
            _("Work and contact (private)"),
            {"fields": ("workplace", "phone", "email", "address", "id_number")},
        ),
    )

    @admin.display(description=_("phone"))
    def phone_number(self, member: Member) -> str:
        """The phone, not sortable: the column holds ciphertext."""
        return member.phone

    def get_search_results(self, request, queryset, search_term):
        """Names and workplaces as they are written; phones and ID numbers, encrypted, exactly."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.with_phone_or_id_number(search_term)
        return found, may_have_duplicates

    def changelist_view(self, request, extra_context=None):
        """The list shows phone numbers: the page's members are announced to the audit log."""
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if request.method == "GET" and response.status_code == 200 and changelist is not None:
            self._private_fields_read(request, changelist.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The form shows the contact details: a member opened is announced to the audit log."""
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and response.status_code == 200 and original is not None:
            self._private_fields_read(request, [original])
        return response

    def _private_fields_read(self, request, members) -> None:
        shown = [(member.pk, member.committee_id) for member in members]
        if shown:
            private_fields_read.send(
                sender=Member, user=request.user, request=request, members=shown, where=request.path
            )


class ContactInline(RestrictedTabularInline):
    """The unit's contacts: users holding the handling-unit role for it."""

    model = RoleAssignment
    fk_name = "handling_unit"
    fields = ["user"]
    raw_id_fields = ["user"]
    extra = 0
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")


@admin.register(CalendarDay)
class CalendarDayAdmin(RestrictedAdmin):
    """The working-day calendar: public holidays and the weekend days worked instead, per year."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "kind", "phone", "assessment_order", "is_active"]
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
class RoleAssignmentAdmin(RestrictedAdmin):
    list_display = ["user", "committee", "role", "handling_unit"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "role"]
    search_fields = ["user__username", "user__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "committee", "handling_unit"]


@admin.register(Notification)
class NotificationAdmin(RestrictedAdmin):
    """What the platform sent: read, never written here."""

    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["user__username", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(RestrictedAdmin):
    """A member's channels per kind of notification, set by the secretariat for a member who asks
    (members set their own in the portal). Meeting notices and reminders always go by SMS."""

    list_display = ["user", "kind", "in_app", "email", "sms"]
    list_filter = ["kind", "sms"]
    search_fields = ["user__username", "user__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]

    def save_model(self, request, obj, form, change):
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied
        choices = {obj.kind: {"in_app": obj.in_app, "email": obj.email, "sms": obj.sms}}
        (saved,) = notification_preferences_set(user=obj.user, choices=choices, actor=request.user)
        obj.pk = saved.pk


class ReadOnlyLogAdmin(RestrictedAdmin):
    """A log the platform writes: read, never written here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyLogAdmin):
    """Each e-mail and text message sent: its status, attempts and the provider's id; the phone
    masked, the content not kept."""

    list_display = ["at", "user", "kind", "channel", "address", "status", "attempts", "provider_id", "error"]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["user__username", "user__name", "provider_id"]
    list_select_related = ["user"]
    date_hierarchy = "at"


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyLogAdmin):
    list_display = ["sent_at", "user", "kind", "slot"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user"]
