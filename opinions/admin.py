"""The secretariat's admin for opinion reports: the review queue, bulk actions (accept, decline,
return, publish into an issue, record an adoption), adoptions inline, issues with their Word
document, the Excel import of a legacy ledger and the Excel export of any filtered list."""

import base64
import binascii

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import ExportMixin, RestrictedAdmin, RestrictedTabularInline
from cppcc.core.downloads import download_response
from cppcc.core.files import validate_spreadsheet
from cppcc.core.querysets import PICK
from cppcc.core.workflow import InvalidTransition
from cppcc.org.admin import pick_committee
from cppcc.org.models import Committee

from . import services
from .documents import issue_document_response
from .ledger import HEADINGS, ISSUE_RE, parse_ledger, template_workbook
from .models import (
    Adoption,
    Body,
    Issue,
    Level,
    OpinionReport,
    OpinionReportTimelineEntry,
    ReportAuthor,
    ReviewQueueReport,
)
from .resources import OpinionReportResource
from .selectors import with_level


class ReportActionForm(ActionForm):
    """The fields the bulk actions need, beside the action menu."""

    reason = forms.CharField(label=_("reason"), required=False)
    issue = forms.CharField(label=_("issue"), required=False, help_text=_("e.g. 2024年第35期"))
    body = forms.ChoiceField(
        label=_("receiving body"), choices=[("", "---------"), *Body.choices], required=False
    )
    adoption_action = forms.ChoiceField(
        label=pgettext_lazy("opinion report", "action"),
        choices=[("", "---------"), *Adoption.Action.choices],
        required=False,
    )
    date = forms.DateField(label=_("date"), required=False)
    leader = forms.CharField(label=_("instructing leader"), required=False)


class LevelFilter(admin.SimpleListFilter):
    title = pgettext_lazy("opinion report", "level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [*Level.choices, ("none", _("not adopted"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(level__isnull=True)
        if self.value() in Level.values:
            return queryset.filter(level=self.value())
        return queryset


class ReportAuthorInline(RestrictedTabularInline):
    model = ReportAuthor
    fields = ["member", "order"]
    raw_id_fields = ["member"]
    extra = 0


class AdoptionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        adding = any(form.has_changed() and not form.instance.pk for form in self.forms)
        if adding and self.instance.state not in (
            OpinionReport.State.ACCEPTED,
            OpinionReport.State.PUBLISHED,
        ):
            raise ValidationError(_("Only accepted or published reports have adoptions."))


class AdoptionInline(RestrictedTabularInline):
    """Adoptions are added here through the same service as the API; recorded ones are read-only."""

    model = Adoption
    formset = AdoptionFormSet
    fields = ["body", "action", "date", "leader", "leader_title", "reference", "note"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class TimelineInline(RestrictedTabularInline):
    model = OpinionReportTimelineEntry
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _run_each(modeladmin, request, queryset, label, call) -> None:
    """Apply a service to each selected report; report successes and each refusal."""
    done = 0
    for report in queryset:
        try:
            call(report)
        except (PermissionDenied, InvalidTransition, ValidationError) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{report.title}: {text}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, gettext("%(action)s: %(count)d reports.") % {"action": label, "count": done}
        )


def _action_data(request) -> dict:
    form = ReportActionForm(request.POST)
    form.is_valid()
    return form.cleaned_data


@admin.action(description=_("Accept the selected reports"))
def accept_reports(modeladmin, request, queryset):
    _run_each(
        modeladmin,
        request,
        queryset,
        gettext("accept"),
        lambda r: services.report_accept(report=r, actor=request.user),
    )


@admin.action(description=_("Decline the selected reports (give the reason)"))
def decline_reports(modeladmin, request, queryset):
    reason = _action_data(request).get("reason", "")
    _run_each(
        modeladmin,
        request,
        queryset,
        gettext("decline"),
        lambda r: services.report_decline(report=r, actor=request.user, reason=reason),
    )


@admin.action(description=_("Return the selected reports for editing (give the reason)"))
def return_reports(modeladmin, request, queryset):
    reason = _action_data(request).get("reason", "")
    _run_each(
        modeladmin,
        request,
        queryset,
        gettext("return"),
        lambda r: services.report_return(report=r, actor=request.user, reason=reason),
    )


@admin.action(description=_("Publish the selected reports in an issue (give the issue)"))
def publish_reports(modeladmin, request, queryset):
    match = ISSUE_RE.match(_action_data(request).get("issue", ""))
    if not match:
        modeladmin.message_user(request, gettext("Give the issue, e.g. 2024年第35期."), messages.ERROR)
        return
    year, number = int(match[1]), int(match[2])
    issues = {
        i.committee_id: i for i in Issue.objects.restrict(request.user, PICK).filter(year=year, number=number)
    }

    def publish(report):
        if report.committee_id not in issues:
            raise ValidationError(gettext("This committee has no such issue; add it under Issues first."))
        services.report_publish(report=report, issue=issues[report.committee_id], actor=request.user)

    _run_each(modeladmin, request, queryset.order_by("submitted_at", "id"), gettext("publish"), publish)


@admin.action(description=_("Record an adoption on the selected reports (give body, action and date)"))
def record_adoptions(modeladmin, request, queryset):
    data = _action_data(request)
    if not (data.get("body") and data.get("adoption_action") and data.get("date")):
        modeladmin.message_user(
            request, gettext("Give the receiving body, the action and the date."), messages.ERROR
        )
        return
    _run_each(
        modeladmin,
        request,
        queryset,
        gettext("record an adoption"),
        lambda r: services.adoption_record(
            report=r,
            actor=request.user,
            body=data["body"],
            action=data["adoption_action"],
            date=data["date"],
            leader=data.get("leader", ""),
        ),
    )


class LedgerUploadForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("committee"))
    file = forms.FileField(label=_("Excel file (.xlsx)"), required=False, validators=[validate_spreadsheet])
    payload = forms.CharField(widget=forms.HiddenInput, required=False)

    def data_bytes(self) -> bytes | None:
        if self.cleaned_data.get("file"):
            return self.cleaned_data["file"].read()
        try:
            return base64.b64decode(self.cleaned_data.get("payload") or "", validate=True) or None
        except (binascii.Error, ValueError):
            return None


@admin.register(OpinionReport)
class OpinionReportAdmin(ExportMixin, RestrictedAdmin):
    resource_classes = [OpinionReportResource]
    import_export_change_list_template = "admin/opinions/opinionreport/ledger_change_list.html"
    action_form = ReportActionForm
    actions = [accept_reports, decline_reports, return_reports, publish_reports, record_adoptions]
    list_display = ["title", "committee", "authors_list", "state", "submitted_at", "issue", "level_display"]
    list_filter = [
        ("committee", admin.RelatedOnlyFieldListFilter),
        "state",
        "category",
        LevelFilter,
        ("issue", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "content", "author_links__member__name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["committee", "issue"]
    inlines = [ReportAuthorInline, AdoptionInline, TimelineInline]
    readonly_fields = ["state", "submitted_at", "reason", "issue", "issue_order"]
    fieldsets = (
        (None, {"fields": ("committee", "title", "content", "category")}),
        (
            _("Authoring organisation"),
            {"fields": ("author_party", "author_sector", "author_special_committee", "author_committee")},
        ),
        (_("State"), {"fields": ("state", "submitted_at", "reason", "issue", "issue_order")}),
    )

    def get_queryset(self, request):
        return with_level(super().get_queryset(request)).prefetch_related("author_links__member", "adoptions")

    @admin.display(description=_("authors"))
    def authors_list(self, report) -> str:
        return "、".join(link.member.name for link in report.author_links.all())

    @admin.display(description=pgettext_lazy("opinion report", "level"), ordering="level")
    def level_display(self, report) -> str:
        return Level(report.level).label if report.level else "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Adoption:
            return super().save_formset(request, form, formset, change)
        for adoption_form in formset.forms:
            if adoption_form.has_changed() and not adoption_form.instance.pk:
                data = adoption_form.cleaned_data
                services.adoption_record(
                    report=form.instance,
                    actor=request.user,
                    **{
                        name: data.get(name) or ""
                        for name in ("body", "action", "leader", "leader_title", "reference", "note")
                    },
                    date=data["date"],
                )

    def get_urls(self):
        return [
            path(
                "import-ledger/",
                self.admin_site.admin_view(self.import_ledger),
                name="opinions_opinionreport_import_ledger",
            ),
            path(
                "ledger-template/",
                self.admin_site.admin_view(self.ledger_template),
                name="opinions_opinionreport_ledger_template",
            ),
            *super().get_urls(),
        ]

    def ledger_template(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download_response(template_workbook(), "社情民意信息台账.xlsx")

    def import_ledger(self, request):
        """Upload → preview with row errors → confirm; nothing is written unless every row is good."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import a ledger of opinion reports"),
            "headings": HEADINGS,
        }
        form = pick_committee(LedgerUploadForm(request.POST or None, request.FILES or None), request.user)
        if request.method == "POST" and form.is_valid():
            data = form.data_bytes()
            if not data:
                form.add_error("file", gettext("Choose an Excel file."))
            else:
                committee = form.cleaned_data["committee"]
                ledger = parse_ledger(data, committee)
                context["ledger"] = ledger
                if not ledger.has_errors and "confirm" in request.POST:
                    reports = services.reports_import(
                        committee=committee, rows=ledger.rows, actor=request.user
                    )
                    self.message_user(
                        request, gettext("Imported %(count)d reports.") % {"count": len(reports)}
                    )
                    return redirect(reverse("admin:opinions_opinionreport_changelist"))
                if not ledger.has_errors:
                    context["confirm_form"] = pick_committee(
                        LedgerUploadForm(
                            initial={"committee": committee.pk, "payload": base64.b64encode(data).decode()}
                        ),
                        request.user,
                    )
        context["form"] = form
        return TemplateResponse(request, "admin/opinions/opinionreport/import_ledger.html", context)


@admin.register(ReviewQueueReport)
class ReviewQueueAdmin(OpinionReportAdmin):
    """Submitted reports waiting for the secretariat, oldest first."""

    actions = [accept_reports, decline_reports, return_reports]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "category"]
    ordering = ["submitted_at", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=OpinionReport.State.SUBMITTED)

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return super(OpinionReportAdmin, self).get_urls()


class IssueReportInline(RestrictedTabularInline):
    model = OpinionReport
    fields = ["issue_order", "title", "authors_list"]
    readonly_fields = fields
    ordering = ["issue_order"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("reports in this issue")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("author_links__member")

    @admin.display(description=_("authors"))
    def authors_list(self, report) -> str:
        return "、".join(link.member.name for link in report.author_links.all())


@admin.register(Issue)
class IssueAdmin(RestrictedAdmin):
    list_display = ["__str__", "committee", "published_on", "report_count"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "year"]
    date_hierarchy = "published_on"
    list_select_related = ["committee"]
    inlines = [IssueReportInline]
    change_form_template = "admin/opinions/issue/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, issue) -> int:
        return issue.report_count

    def get_urls(self):
        return [
            path(
                "<path:object_id>/document/",
                self.admin_site.admin_view(self.document),
                name="opinions_issue_document",
            ),
            *super().get_urls(),
        ]

    def document(self, request, object_id):
        issue = get_object_or_404(self.get_queryset(request), pk=object_id) if object_id.isdigit() else None
        if issue is None or not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue_document_response(issue)
