"""The secretariat's proposal desk: the review queue with bulk register and one-click reject, merge,
return and assign (each an admin action calling the same service as the API), the timeline and
change history of every proposal, similar proposals beside submitted ones, and the Excel export
of the filtered list for the yearly 提案汇编."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import ExportMixin, RestrictedAdmin, RestrictedTabularInline, restrict_choices
from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import HandlingUnit

from . import selectors, services
from .models import (
    Assignment,
    Category,
    Proposal,
    ProposalTimelineEntry,
    RejectionReason,
    ReplyLabel,
    State,
    UnitOpinion,
)
from .resources import ProposalResource


class ReviewActionForm(ActionForm):
    """The fields the review actions read, shown beside the action picker."""

    reason = forms.ChoiceField(
        label=_("rejection reason"), choices=[("", "---------"), *RejectionReason.choices], required=False
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000)
    into = forms.IntegerField(label=_("merge into proposal id"), required=False, min_value=1)
    lead_unit = forms.ModelChoiceField(
        label=_("lead unit"), queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("co-units"), queryset=HandlingUnit.objects.filter(is_active=True), required=False
    )
    due_on = forms.DateField(
        label=_("reply due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        late = Exists(selectors.late_assignments().filter(proposal=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


class UnitFilter(admin.SimpleListFilter):
    title = _("handling unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        return [(u.pk, u.name) for u in HandlingUnit.objects.restrict(request.user, VIEW)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                pk__in=Assignment.objects.filter(unit_id=self.value()).values("proposal_id")
            )
        return queryset


class AssignmentInline(RestrictedTabularInline):
    model = Assignment
    fields = ["unit", "role", "assigned_on", "due_on", "extension_reason", "replied_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class UnitOpinionInline(RestrictedTabularInline):
    model = UnitOpinion
    fields = ["unit", "content", "at", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TimelineInline(RestrictedTabularInline):
    model = ProposalTimelineEntry
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ExportMixin, RestrictedAdmin):
    resource_classes = [ProposalResource]
    action_form = ReviewActionForm
    actions = ["register_selected", "reject_selected", "return_selected", "merge_selected", "assign_selected"]
    list_display = ["code_or_id", "title", "proposer", "category", "kind", "state", "is_key", "similar"]
    list_filter = [
        ("session", admin.RelatedOnlyFieldListFilter),
        "state",
        ("category", admin.RelatedOnlyFieldListFilter),
        UnitFilter,
        OverdueFilter,
        "is_key",
        "kind",
    ]
    search_fields = ["title", "content", "proposer__name"]
    list_select_related = ["session", "proposer", "category"]
    inlines = [AssignmentInline, UnitOpinionInline, TimelineInline]
    fields = [
        "committee",
        "session",
        "number",
        "title",
        "content",
        "category",
        "kind",
        "proposer",
        "state",
        "rejection_reason",
        "rejection_note",
        "merged_into",
        "submitted_at",
        "registered_at",
        "closed_at",
        "is_key",
        "supervisors",
        "is_excellent",
        "is_published",
        "similar",
    ]
    readonly_fields = [
        f for f in fields if f not in {"category", "is_key", "supervisors", "is_excellent", "is_published"}
    ]
    filter_horizontal = ["supervisors"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("number"), ordering="number")
    def code_or_id(self, proposal: Proposal) -> str:
        return proposal.code or f"#{proposal.pk}"

    @admin.display(description=_("similar proposals"))
    def similar(self, proposal: Proposal) -> str:
        if proposal.pk is None or proposal.state != State.SUBMITTED:
            return "—"
        return (
            format_html_join(
                "",
                "<div>#{} {} ({})</div>",
                ((s["id"], s["title"], s["score"]) for s in selectors.similar_proposals(proposal, limit=3)),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        """Changes go through the service: flags, supervising leaders and the category."""
        data = form.cleaned_data
        try:
            services.proposal_set_flags(
                proposal=obj,
                actor=request.user,
                is_key=data["is_key"],
                supervisors=data["supervisors"],
                is_excellent=data["is_excellent"],
                is_published=data["is_published"],
                category=data["category"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))

    def save_related(self, request, form, formsets, change):
        """Supervisors are saved by the service in ``save_model``; inlines are read-only."""

    def _each(self, request, queryset, service, **kwargs) -> None:
        done = 0
        for proposal in queryset.order_by("submitted_at", "id"):
            try:
                service(proposal=proposal, actor=request.user, **kwargs)
                done += 1
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
                messages.error(request, f"{proposal.title}: {text}")
        if done:
            messages.success(request, _("%(count)d proposal(s) done.") % {"count": done})

    def _form(self, request) -> dict:
        form = restrict_choices(self.action_form(request.POST), request.user)
        form.fields["action"].choices = self.get_action_choices(request)
        return form.cleaned_data if form.is_valid() else {}

    @admin.action(description=_("Register the selected proposals"))
    def register_selected(self, request, queryset):
        self._each(request, queryset, services.proposal_register)

    @admin.action(description=_("Reject the selected proposals (reason and note beside)"))
    def reject_selected(self, request, queryset):
        data = self._form(request)
        if not data.get("reason"):
            messages.error(request, _("Choose a rejection reason."))
            return
        self._each(request, queryset, services.proposal_reject, reason=data["reason"], note=data["note"])

    @admin.action(description=_("Return the selected proposals for editing (note beside)"))
    def return_selected(self, request, queryset):
        self._each(request, queryset, services.proposal_return, reason=self._form(request).get("note", ""))

    @admin.action(description=_("Merge the selected proposals into the proposal id beside"))
    def merge_selected(self, request, queryset):
        into = (
            Proposal.objects.restrict(request.user, VIEW)
            .filter(pk=self._form(request).get("into") or 0)
            .first()
        )
        if into is None:
            messages.error(request, _("Give the id of the proposal to merge into."))
            return
        self._each(request, queryset, services.proposal_merge, into=into)

    @admin.action(description=_("Assign the selected proposals to the units beside"))
    def assign_selected(self, request, queryset):
        data = self._form(request)
        if not data.get("lead_unit"):
            messages.error(request, _("Choose the lead unit."))
            return
        units = [(data["lead_unit"], Assignment.Role.LEAD)] + [
            (unit, Assignment.Role.CO) for unit in data["co_units"] if unit != data["lead_unit"]
        ]
        self._each(request, queryset, services.proposal_assign, units=units, due_on=data.get("due_on"))

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related(*ProposalResource.PREFETCH)


@admin.register(Category)
class CategoryAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]


@admin.register(ReplyLabel)
class ReplyLabelAdmin(RestrictedAdmin):
    list_display = ["category", "label", "committee"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
