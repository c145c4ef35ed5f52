"""The secretariat's admin for opinion reports: the review queue, bulk actions (accept, decline,
return, publish into an issue, record an adoption), adoptions inline, issues with their Word
document, the Excel import of a legacy ledger and the Excel export of any filtered list."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import (
    ExportMixin,
    RestrictedAdmin,
    RestrictedTabularInline,
    error_text,
    render_add_form,
)
from cppcc.core.downloads import download_response
from cppcc.core.files import sheet_rows, validate_spreadsheet
from cppcc.core.jobs.services import background, job_start
from cppcc.core.querysets import PICK
from cppcc.core.workflow import InvalidTransition
from cppcc.org.admin import pick_committee
from cppcc.org.models import Committee, Member
from cppcc.org.widgets import member_search

from . import services
from .documents import issue_document_response
from .filing import PaperReportForm
from .ledger import HEADINGS, ISSUE_RE, parse_ledger, template_workbook
from .models import (
    Adoption,
    Issue,
    Level,
    OpinionReport,
    ReportAuthor,
    ReviewQueueReport,
)
from .resources import OpinionReportResource
from .selectors import adopted_between, report_timeline, with_level
from .services import EDITABLE_FIELDS
from .workflow import workflow

# The verb a timeline records, as a person reads it (outcomes of one action share a verb).
ACTION_LABELS = {t.action: t.label for t in reversed(workflow.transitions)}


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


class AdoptedFilter(admin.SimpleListFilter):
    """Reports adopted (采用) in the current month or year, by the local calendar (the admin
    home's queue 已采用 links to ``?adopted=month``)."""

    title = _("adopted when")
    parameter_name = "adopted"

    def lookups(self, request, model_admin):
        return [("month", _("this month")), ("year", _("this year"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "month":
            start = today.replace(day=1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            return adopted_between(queryset, start, end)
        if self.value() == "year":
            return adopted_between(queryset, today.replace(month=1, day=1), today.replace(month=12, day=31))
        return queryset


class ReportAuthorInline(RestrictedTabularInline):
    """The authors, in order; on a saved report they are read here (a draft's authors change
    through its edit)."""

    model = ReportAuthor
    fields = ["member", "order"]
    raw_id_fields = ["member"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None and super().has_delete_permission(request, obj)


ADOPTION_FIELDS = ("body", "action", "date", "leader", "leader_title", "reference", "note")


class AdoptionFormSet(forms.BaseInlineFormSet):
    """New rows are checked as the service will check them (who may record, the report's state,
    the row's own rules, a row given twice), so that a refusal is shown on the row and nothing
    is saved."""

    actor = None

    def clean(self):
        super().clean()
        new = [
            form
            for form in self.forms
            if form.has_changed() and not form.instance.pk and not form.errors and form.cleaned_data
        ]
        if not new:
            return
        try:
            workflow.check("record_adoption", obj=self.instance, actor=self.actor)
        except (PermissionDenied, InvalidTransition) as error:
            raise ValidationError(error_text(error)) from error
        seen = set()
        for form in new:
            data = form.cleaned_data
            adoption = Adoption(
                report=self.instance,
                **{name: (data.get(name) or "") for name in ADOPTION_FIELDS if name != "date"},
                date=data.get("date"),
            )
            adoption.leader = adoption.leader.strip()
            key = (adoption.body, adoption.action, adoption.leader)
            if key in seen:
                form.add_error(None, gettext("This event is given twice."))
                continue
            seen.add(key)
            try:
                adoption.full_clean()
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)


class AdoptionInline(RestrictedTabularInline):
    """Adoptions, forwardings and leader instructions as a table: new rows are recorded through the
    same service as the API; recorded ones are read-only."""

    model = Adoption
    formset = AdoptionFormSet
    fields = list(ADOPTION_FIELDS)
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and super().has_add_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"actor": request.user})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))


class IssueForm(forms.Form):
    issue = forms.ModelChoiceField(queryset=Issue.objects.none(), label=_("issue"))

    def __init__(self, *args, report: OpinionReport, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = (
            Issue.objects.restrict(user, PICK)
            .filter(committee_id=report.committee_id)
            .order_by("-year", "-number")
        )


@dataclass(frozen=True)
class ReportStep:
    """A transition the report's page offers: its button, the form it asks for, the service it calls."""

    label: str
    form: type[forms.Form] | None
    call: object


STEPS = {
    "accept": ReportStep(
        pgettext_lazy("opinion report", "accept"),
        None,
        lambda report, actor, data: services.report_accept(report=report, actor=actor),
    ),
    "decline": ReportStep(
        pgettext_lazy("opinion report", "decline"),
        ReasonForm,
        lambda report, actor, data: services.report_decline(
            report=report, actor=actor, reason=data["reason"]
        ),
    ),
    "return": ReportStep(
        _("return for editing"),
        ReasonForm,
        lambda report, actor, data: services.report_return(report=report, actor=actor, reason=data["reason"]),
    ),
    "publish": ReportStep(
        _("publish into the issue"),
        IssueForm,
        lambda report, actor, data: services.report_publish(report=report, issue=data["issue"], actor=actor),
    ),
}


def step_form(name: str, report: OpinionReport, user, data=None) -> forms.Form | None:
    form = STEPS[name].form
    if form is None:
        return None
    if form is IssueForm:
        return IssueForm(data, report=report, user=user, prefix=name)
    return form(data, prefix=name)


@admin.action(description=_("Accept the selected reports"))
def accept_reports(modeladmin, request, queryset):
    """Accept in bulk (nothing to give); declining, returning and publishing are on each report's page."""
    done = 0
    for report in queryset:
        try:
            services.report_accept(report=report, actor=request.user)
        except (PermissionDenied, InvalidTransition, ValidationError) as error:
            modeladmin.message_user(request, f"{report.title}: {error_text(error)}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, gettext("Accepted %(count)d reports.") % {"count": done})


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
    change_form_template = "admin/opinions/opinionreport/change_form.html"
    action_form = ActionForm
    actions = [accept_reports]
    list_display = [
        "number",
        "title",
        "committee",
        "authors_list",
        "state",
        "submitted_at",
        "issue",
        "level_display",
    ]
    list_display_links = ["number", "title"]
    list_filter = [
        ("committee", admin.RelatedOnlyFieldListFilter),
        "state",
        "category",
        LevelFilter,
        AdoptedFilter,
        ("issue", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "author_links__member__name"]
    search_help_text = _("Search by number, title or author; an issue as 2024年第35期.")
    date_hierarchy = "submitted_at"
    list_select_related = ["committee", "issue"]
    inlines = [ReportAuthorInline, AdoptionInline]
    readonly_fields = ["state", "submitted_at", "reason", "issue", "issue_order"]
    fieldsets = (
        (None, {"fields": ("committee", "title", "content", "category")}),
        (
            _("Authoring organisation"),
            {"fields": ("author_party", "author_sector", "author_special_committee", "author_committee")},
        ),
        (_("State"), {"fields": ("state", "submitted_at", "reason", "issue", "issue_order")}),
    )

    add_form_template = "admin/opinions/opinionreport/paper_form.html"

    def get_queryset(self, request):
        return with_level(super().get_queryset(request)).prefetch_related("author_links__member", "adoptions")

    def add_view(self, request, form_url="", extra_context=None):
        """Adding is typing in a report handed in on paper (``services.report_file``)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PaperReportForm(
            request.user,
            search_url=reverse("admin:opinions_opinionreport_filing_members"),
            data=request.POST or None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                report = services.report_file(actor=request.user, **form.service_arguments())
            except PermissionDenied:
                form.add_error("committee", gettext("You may not file reports in this committee."))
            except ValidationError as error:
                form.add_service_error(error)
            else:
                self.log_addition(request, report, [{"added": {}}])
                return self.response_add(request, report)
        return render_add_form(
            self,
            request,
            form,
            title=gettext("Type in a paper opinion report"),
            form_url=form_url,
            extra_context=extra_context,
        )

    def filing_members(self, request):
        """The author picker's search: active members of the chosen committee."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        committee = request.GET.get("committee", "")
        members = Member.objects.restrict(request.user, PICK)
        return member_search(
            request, members.filter(committee_id=int(committee) if committee.isdigit() else None)
        )

    def get_fieldsets(self, request, obj=None):
        """A saved report's state, time and issue are told at the top of its page."""
        if obj is not None:
            return [fieldset for fieldset in self.fieldsets if fieldset[0] != _("State")]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """Only a draft's text is edited; a submitted report is the record of what was sent."""
        if obj is not None and obj.state != OpinionReport.State.DRAFT:
            return [name for _title, fieldset in self.fieldsets for name in fieldset["fields"]]
        return super().get_readonly_fields(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """Besides the title and the authors: a report's number, and an issue (2024年第35期)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit():
            found |= queryset.filter(pk=int(term))
        match = ISSUE_RE.match(term)
        if match:
            found |= queryset.filter(issue__year=int(match[1]), issue__number=int(match[2]))
        return found, may_have_duplicates

    @admin.display(description=_("report number"), ordering="id")
    def number(self, report) -> int:
        return report.pk

    @admin.display(description=_("authors"))
    def authors_list(self, report) -> str:
        return "、".join(link.member.name for link in report.author_links.all())

    @admin.display(description=pgettext_lazy("opinion report", "level"), ordering="level")
    def level_display(self, report) -> str:
        return Level(report.level).label if report.level else "—"

    def save_model(self, request, obj, form, change):
        """A draft's edits go through the service (adding is ``add_view``'s)."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        try:
            services.report_update(report=obj, actor=request.user, **changes)
        except (ValidationError, InvalidTransition, PermissionDenied) as error:
            messages.error(request, error_text(error))

    def save_formset(self, request, form, formset, change):
        """New adoptions go through the service, checked row by row by their formset beforehand."""
        if formset.model is not Adoption:
            return super().save_formset(request, form, formset, change)
        formset.new_objects = [
            services.adoption_record(
                report=form.instance,
                actor=request.user,
                **{name: item.cleaned_data.get(name) or "" for name in ADOPTION_FIELDS if name != "date"},
                date=item.cleaned_data["date"],
            )
            for item in formset.forms
            if item.has_changed() and not item.instance.pk
        ]
        formset.changed_objects = formset.deleted_objects = []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change:
            context.update(self.story_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def story_context(self, request, report) -> dict:
        """What the report's page shows above and below its form: the steps open to the user now,
        each with its form, the authors and the timeline."""
        open_now = {t.name for t in workflow.available(obj=report, actor=request.user)}
        steps = [
            {"name": name, "label": step.label, "form": step_form(name, report, request.user)}
            for name, step in STEPS.items()
            if name in open_now
        ]
        timeline = [
            {
                "at": entry.at,
                "actor": entry.actor,
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "from_state": workflow.label_of(entry.from_state) if entry.from_state else "",
                "to_state": workflow.label_of(entry.to_state) if entry.to_state else "",
                "note": entry.note,
            }
            for entry in report_timeline(report)
        ]
        return {
            "steps": steps,
            "timeline": timeline,
            "authors": [link.member for link in report.author_links.all()],
            "level": Level(report.level).label if getattr(report, "level", None) else "",
        }

    def step_view(self, request, object_id, name):
        """One transition from the report's page: check the small form, call the service, and show
        the result or the refusal in Chinese on the page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if name not in STEPS:
            raise Http404
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        form = step_form(name, report, request.user, request.POST)
        page = reverse("admin:opinions_opinionreport_change", args=[report.pk])
        if form is not None and not form.is_valid():
            errors = [
                f"{form.fields[name].label}：{error}"
                for name, field in form.errors.items()
                for error in field
            ]
            self.message_user(request, "；".join(errors), messages.ERROR)
            return redirect(page)
        try:
            STEPS[name].call(report, request.user, form.cleaned_data if form is not None else {})
        except (PermissionDenied, InvalidTransition, ValidationError) as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            report.refresh_from_db()
            self.message_user(
                request,
                gettext("%(step)s: done; the report is now “%(state)s”.")
                % {"step": STEPS[name].label, "state": report.get_state_display()},
                messages.SUCCESS,
            )
        return redirect(page)

    def get_urls(self):
        return [
            path(
                "filing/members/",
                self.admin_site.admin_view(self.filing_members),
                name="opinions_opinionreport_filing_members",
            ),
            path(
                "<int:object_id>/step/<str:name>/",
                self.admin_site.admin_view(self.step_view),
                name="opinions_opinionreport_step",
            ),
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
                if background(sheet_rows(data)):
                    job = job_start(
                        owner=request.user,
                        kind="opinion_ledger_import",
                        title=gettext("Import of a ledger of opinion reports into %(committee)s")
                        % {"committee": committee},
                        parameters={"committee": committee.pk},
                        upload=ContentFile(data, name="ledger.xlsx"),
                    )
                    return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
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

    actions = [accept_reports]
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
