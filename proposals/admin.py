"""The secretariat's proposal desk.

- The list: the review and handling queues as filters (state, reply due soon, overdue, session,
  category by name, handling unit), search by number (案号), title, proposer and handling unit,
  a bulk register, and the Excel export of the filtered list for the yearly 提案汇编; a page of
  100 at a fixed number of queries.
- A proposal's page tells its whole story (proposers and co-signers, suggested units, similar
  proposals, assignments, replies with their files, ratings, co-unit opinions, the timeline) and
  offers the transitions the lifecycle allows the clerk now, each a small form posted to its own
  address that calls the service and comes back with the outcome in a message.
"""

import base64
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cppcc.core.admin import (
    ExportMixin,
    RestrictedAdmin,
    RestrictedTabularInline,
    error_text,
    render_add_form,
)
from cppcc.core.conventions import KeysFirstPaginator
from cppcc.core.downloads import download_response
from cppcc.core.files import sheet_rows
from cppcc.core.jobs.services import background, job_start
from cppcc.core.querysets import CHANGE, PICK, VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import HandlingUnit, Member, Session
from cppcc.org.roles import access_for
from cppcc.org.widgets import member_search

from . import selectors, services
from .documents import digest_response
from .filing import PaperLedgerForm, PaperProposalForm, current_sessions
from .ledger import HEADINGS, parse_ledger, template_workbook
from .models import (
    Assignment,
    Category,
    Contact,
    Digest,
    DigestItem,
    HandlingRules,
    Lead,
    LeadState,
    Objection,
    Proposal,
    QualityRating,
    RejectionReason,
    Reply,
    ReplyLabel,
    State,
)
from .resources import ProposalResource
from .workflow import lead_workflow, proposal_workflow

ACTION_LABELS = {t.action: t.label for t in proposal_workflow.transitions}


# The list ------------------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]

    def queryset(self, request, queryset):
        late = Exists(selectors.late_assignments().filter(proposal=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


class DueFilter(admin.SimpleListFilter):
    """A reply still owed, not yet late, due within the next fourteen days (the one rule beside
    ``late`` in ``selectors``)."""

    title = gettext_lazy("reply due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("soon", _("within %(days)d days") % {"days": selectors.DUE_SOON_DAYS})]

    def queryset(self, request, queryset):
        if self.value() == "soon":
            soon = Assignment.objects.filter(selectors.due_soon(timezone.localdate()))
            return queryset.filter(Exists(soon.filter(proposal=OuterRef("pk"))))
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    """Proposals with a reply waiting for the secretariat's review (the workbench's queue)."""

    title = gettext_lazy("reply review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("pending", gettext_lazy("a reply waits for review"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(selectors.reply_waiting())
        return queryset


class SessionFilter(admin.RelatedOnlyFieldListFilter):
    """The sessions of the proposals the user reads, latest first, named with their committee."""

    def field_choices(self, field, request, model_admin):
        used = model_admin.get_queryset(request).order_by().values("session_id")
        sessions = Session.objects.filter(pk__in=used).select_related("committee")
        return [(s.pk, str(s)) for s in sessions.order_by("-opened_on", "committee_id", "id")]


class CategoryFilter(admin.SimpleListFilter):
    """Each committee keeps its own list of categories, mostly of the same names (经济 … 其他):
    one choice per name, which selects that category in every committee the user reads."""

    title = gettext_lazy("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(name, name) for name in selectors.category_names(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(category__name=self.value())
        return queryset


class UnitFilter(admin.SimpleListFilter):
    """The handling units of the committees the user is secretariat of."""

    title = gettext_lazy("handling unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        units = HandlingUnit.objects.restrict(request.user, PICK).order_by("name", "id")
        return [(unit.pk, unit.name) for unit in units.only("id", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                pk__in=Assignment.objects.filter(unit_id=self.value()).values("proposal_id")
            )
        return queryset


class ProposalChangeList(ChangeList):
    """The page's proposals with their units and the next reply owed, in a fixed number of queries."""

    def get_queryset(self, request, exclude_parameters=None):
        return selectors.desk_list(super().get_queryset(request, exclude_parameters))


# The forms of a proposal's page ------------------------------------------------------------------


class OwnChoices:
    """Django's searchable select (select2), asking one of this admin's own addresses for the
    choices (what the user may pick for this proposal) instead of the admin's autocomplete."""

    def __init__(self, field, url: str, **kwargs):
        super().__init__(field, admin.site, **kwargs)
        self.url = url

    def get_url(self) -> str:
        return self.url


class Picker(OwnChoices, AutocompleteSelect):
    pass


class MultiPicker(OwnChoices, AutocompleteSelectMultiple):
    pass


def picker_url(proposal: Proposal, name: str) -> str:
    return reverse(f"admin:proposals_proposal_pick_{name}", args=[proposal.pk])


DATE_INPUT = partial(forms.DateInput, attrs={"type": "date"}, format="%Y-%m-%d")


class DeskForm(forms.Form):
    """One step on a record's page (a proposal's or a lead's): its fields, the service it calls and
    what it says when done. Subclasses name the ``transition`` and write ``apply``; the record's
    form below says where it posts."""

    transition = ""
    title = ""
    button = ""
    danger = False

    @property
    def html_id(self) -> str:
        return f"desk-{self.transition}"

    def apply(self, actor) -> str:
        """Call the service; return the message that says what was done."""
        raise NotImplementedError

    def shown(self) -> bool:
        """Whether the page offers the form (beyond the transition being allowed now)."""
        return True

    def errors_text(self) -> str:
        return "；".join(
            f"{self.fields[name].label}：{message}" if name in self.fields else message
            for name, messages_ in self.errors.items()
            for message in messages_
        )


class TransitionForm(DeskForm):
    """One transition of the lifecycle on a proposal's page."""

    def __init__(self, *args, proposal: Proposal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    @property
    def url(self) -> str:
        return reverse(f"admin:proposals_proposal_{self.transition}", args=[self.proposal.pk])


class RegisterForm(TransitionForm):
    transition = "register"
    title = pgettext_lazy("proposal desk", "Register")
    button = pgettext_lazy("proposal desk", "Register and number it")

    def apply(self, actor) -> str:
        proposal = services.proposal_register(proposal=self.proposal, actor=actor)
        return _("Registered as %(code)s.") % {"code": proposal.code}


class RejectForm(TransitionForm):
    transition = "reject"
    title = pgettext_lazy("proposal desk", "Do not register")
    button = pgettext_lazy("proposal desk", "Do not register")
    danger = True

    reason = forms.ChoiceField(
        label=gettext_lazy("rejection reason"), choices=[("", "---------"), *RejectionReason.choices]
    )
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    convert = forms.BooleanField(
        label=gettext_lazy("Convert into an opinion report (the proposers consent)"),
        required=False,
        label_suffix="",
    )

    def apply(self, actor) -> str:
        data = self.cleaned_data
        services.proposal_reject(
            proposal=self.proposal,
            actor=actor,
            reason=data["reason"],
            note=data["note"],
            convert_to="opinion" if data["convert"] else None,
        )
        return _("Not registered: %(reason)s.") % {"reason": RejectionReason(data["reason"]).label}


class ReturnForm(TransitionForm):
    transition = "return"
    title = pgettext_lazy("proposal desk", "Return for editing")
    button = pgettext_lazy("proposal desk", "Return to the proposer")

    note = forms.CharField(
        label=gettext_lazy("reason for returning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def apply(self, actor) -> str:
        services.proposal_return(proposal=self.proposal, actor=actor, reason=self.cleaned_data["note"])
        return _("Returned to the proposer for editing.")


class MergeForm(TransitionForm):
    transition = "merge"
    title = pgettext_lazy("proposal desk", "Merge")
    button = pgettext_lazy("proposal desk", "Merge into it")

    into = forms.ModelChoiceField(label=gettext_lazy("merge into"), queryset=Proposal.objects.none())

    def __init__(self, *args, proposal: Proposal, user, **kwargs):
        super().__init__(*args, proposal=proposal, user=user, **kwargs)
        field = self.fields["into"]
        field.queryset = selectors.merge_targets(proposal, user)
        field.widget = Picker(Proposal._meta.get_field("merged_into"), picker_url(proposal, "merge_targets"))
        field.widget.choices = field.choices

    def apply(self, actor) -> str:
        into = self.cleaned_data["into"]
        services.proposal_merge(proposal=self.proposal, actor=actor, into=into)
        return _("Merged into %(proposal)s.") % {"proposal": into}


class AssignForm(TransitionForm):
    transition = "assign"
    title = pgettext_lazy("proposal desk", "Assign")
    button = pgettext_lazy("proposal desk", "Assign to the units")

    lead_unit = forms.ModelChoiceField(
        label=gettext_lazy("lead unit"), queryset=HandlingUnit.objects.none(), required=False
    )
    co_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("co-units"), queryset=HandlingUnit.objects.none(), required=False
    )
    separate_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("units handling separately"), queryset=HandlingUnit.objects.none(), required=False
    )
    due_on = forms.DateField(label=gettext_lazy("reply due on"), widget=DATE_INPUT())

    def __init__(self, *args, proposal: Proposal, user, **kwargs):
        super().__init__(*args, proposal=proposal, user=user, **kwargs)
        units = selectors.assignable_units(proposal, user)
        url = picker_url(proposal, "units")
        unit_field = Assignment._meta.get_field("unit")
        for name, widget in (
            ("lead_unit", Picker),
            ("co_units", MultiPicker),
            ("separate_units", MultiPicker),
        ):
            field = self.fields[name]
            field.queryset = units
            field.widget = widget(unit_field, url)
            field.widget.choices = field.choices
        self.fields["due_on"].initial = services.add_months(timezone.localdate(), services.DEFAULT_DUE_MONTHS)

    def units(self) -> list[tuple[HandlingUnit, str]]:
        data = self.cleaned_data
        lead = [(data["lead_unit"], Assignment.Role.LEAD)] if data["lead_unit"] else []
        return (
            lead
            + [(unit, Assignment.Role.CO) for unit in data["co_units"]]
            + [(unit, Assignment.Role.SEPARATE) for unit in data["separate_units"]]
        )

    def apply(self, actor) -> str:
        due_on = self.cleaned_data["due_on"]
        services.proposal_assign(proposal=self.proposal, actor=actor, units=self.units(), due_on=due_on)
        return _("Assigned; the reply is due by %(date)s.") % {"date": due_on.isoformat()}


def objection_pending(proposal: Proposal) -> bool:
    return proposal.objections.filter(outcome=Objection.Outcome.PENDING).exists()


class ReassignForm(AssignForm):
    """处理异议: hand the proposal to other units, deciding the pending objections; every deadline
    restarts. Offered while an objection is pending (the API reassigns at any time while assigned)."""

    transition = "reassign"
    title = pgettext_lazy("proposal desk", "Handle the objection: reassign")
    button = pgettext_lazy("proposal desk", "Reassign")

    def shown(self) -> bool:
        return objection_pending(self.proposal)

    def apply(self, actor) -> str:
        units = self.units()
        lead = next((unit for unit, role in units if role == Assignment.Role.LEAD), None)
        if lead is None:
            raise ValidationError({"lead_unit": _("Name the lead unit.")})
        due_on = self.cleaned_data["due_on"]
        services.proposal_reassign(
            proposal=self.proposal,
            actor=actor,
            lead_unit=lead,
            co_units=[unit for unit, role in units if role == Assignment.Role.CO],
            separate_units=[unit for unit, role in units if role == Assignment.Role.SEPARATE],
            due_on=due_on,
        )
        return _("Reassigned; the reply is due by %(date)s.") % {"date": due_on.isoformat()}


class DismissObjectionForm(TransitionForm):
    transition = "dismiss_objection"
    title = pgettext_lazy("proposal desk", "Handle the objection: dismiss")
    button = pgettext_lazy("proposal desk", "Dismiss the objection")
    danger = True

    note = forms.CharField(label=gettext_lazy("secretariat's note"), max_length=2000, widget=forms.Textarea)

    def shown(self) -> bool:
        return objection_pending(self.proposal)

    def apply(self, actor) -> str:
        services.proposal_dismiss_objection(
            proposal=self.proposal, actor=actor, note=self.cleaned_data["note"]
        )
        return _("The objection is dismissed; the assignment stands.")


class ExtendForm(TransitionForm):
    transition = "extend"
    title = pgettext_lazy("proposal desk", "Extend the due date")
    button = pgettext_lazy("proposal desk", "Extend")

    due_on = forms.DateField(label=gettext_lazy("new due date"), widget=DATE_INPUT())
    reason = forms.CharField(label=gettext_lazy("extension reason"), required=False, max_length=300)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("handling unit"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("every unit still to reply"),
    )

    def __init__(self, *args, proposal: Proposal, user, **kwargs):
        super().__init__(*args, proposal=proposal, user=user, **kwargs)
        owed = Assignment.objects.filter(selectors.OWED, proposal=proposal)
        self.fields["unit"].queryset = HandlingUnit.objects.restrict(user, VIEW).filter(
            pk__in=owed.values("unit_id")
        )

    def apply(self, actor) -> str:
        data = self.cleaned_data
        services.proposal_extend(
            proposal=self.proposal,
            actor=actor,
            due_on=data["due_on"],
            reason=data["reason"],
            unit=data["unit"],
        )
        return _("The reply is now due by %(date)s.") % {"date": data["due_on"].isoformat()}


class ReviewForm(TransitionForm):
    """A reply still waiting for the secretariat's review, chosen among this proposal's."""

    reply = forms.ModelChoiceField(
        label=gettext_lazy("reply"), queryset=Reply.objects.none(), empty_label=None
    )

    def __init__(self, *args, proposal: Proposal, user, **kwargs):
        super().__init__(*args, proposal=proposal, user=user, **kwargs)
        self.fields["reply"].queryset = (
            Reply.objects.restrict(user, VIEW)
            .filter(proposal=proposal, status=Reply.Status.PENDING_REVIEW)
            .select_related("unit")
        )
        self.fields["reply"].label_from_instance = lambda reply: (
            _("%(unit)s, replied %(at)s")
            % {
                "unit": reply.unit.name,
                "at": timezone.localtime(reply.replied_at).strftime("%Y-%m-%d %H:%M"),
            }
        )

    def shown(self) -> bool:
        return self.fields["reply"].queryset.exists()


class ReleaseReplyForm(ReviewForm):
    transition = "release_reply_last"
    title = pgettext_lazy("proposal desk", "Release the reply to the proposers")
    button = pgettext_lazy("proposal desk", "Release")

    def apply(self, actor) -> str:
        reply = self.cleaned_data["reply"]
        services.proposal_release_reply(proposal=self.proposal, actor=actor, reply=reply.pk)
        return _("The reply of %(unit)s is released to the proposers.") % {"unit": reply.unit.name}


class ReturnReplyForm(ReviewForm):
    transition = "return_reply"
    title = pgettext_lazy("proposal desk", "Return the reply to its unit")
    button = pgettext_lazy("proposal desk", "Return")
    danger = True

    note = forms.CharField(label=gettext_lazy("review note"), required=False, max_length=2000)

    def apply(self, actor) -> str:
        reply = self.cleaned_data["reply"]
        services.proposal_return_reply(
            proposal=self.proposal, actor=actor, reply=reply.pk, note=self.cleaned_data["note"]
        )
        return _("The reply is returned to %(unit)s to reply again.") % {"unit": reply.unit.name}


class CloseForm(TransitionForm):
    transition = "close"
    title = pgettext_lazy("proposal desk", "Close without a rating")
    button = pgettext_lazy("proposal desk", "Close")

    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=2000)

    def apply(self, actor) -> str:
        services.proposal_close(proposal=self.proposal, actor=actor, note=self.cleaned_data["note"])
        return _("Closed.")


class PublishForm(TransitionForm):
    transition = "publish"
    title = pgettext_lazy("proposal desk", "Publish")
    button = pgettext_lazy("proposal desk", "Publish with the reply")

    def shown(self) -> bool:
        return not self.proposal.is_published

    def apply(self, actor) -> str:
        services.proposal_publish(proposal=self.proposal, actor=actor)
        return _("Published: anyone can read it with its reply under the public pages.")


class UnpublishForm(TransitionForm):
    transition = "unpublish"
    title = pgettext_lazy("proposal desk", "Withdraw from publication")
    button = pgettext_lazy("proposal desk", "Withdraw from publication")
    danger = True

    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=2000)

    def shown(self) -> bool:
        return self.proposal.is_published

    def apply(self, actor) -> str:
        services.proposal_unpublish(proposal=self.proposal, actor=actor, note=self.cleaned_data["note"])
        return _("Withdrawn from publication.")


DESK_FORMS = [
    RegisterForm,
    AssignForm,
    ReleaseReplyForm,
    ReturnReplyForm,
    ReassignForm,
    DismissObjectionForm,
    ExtendForm,
    CloseForm,
    PublishForm,
    UnpublishForm,
    MergeForm,
    ReturnForm,
    RejectForm,
]


# The admin ------------------------------------------------------------------------------------


@admin.register(Proposal)
class ProposalAdmin(ExportMixin, RestrictedAdmin):
    resource_classes = [ProposalResource]
    actions = ["register_selected", "publish_selected", "unpublish_selected"]
    list_display = ["code_or_id", "title", "filer", "category", "state", "units", "next_due"]
    list_display_links = ["code_or_id", "title"]
    list_filter = [
        "state",
        DueFilter,
        OverdueFilter,
        ReviewFilter,
        ("session", SessionFilter),
        CategoryFilter,
        UnitFilter,
        "is_key",
        "kind",
    ]
    list_per_page = 100
    # A page's keys first (the API's lists do the same): a plain LIMIT joined and annotated every
    # proposal the clerk reads before sorting them.
    paginator = KeysFirstPaginator
    search_fields = ["title", "proposer__name", "assignments__unit__name"]
    search_help_text = gettext_lazy(
        "Number (such as 0142 or 十四届四次会议第0142号), title, lead proposer or handling unit"
    )
    list_select_related = [
        "session",
        "proposer",
        "category",
        "sponsor_sector",
        "sponsor_party",
        "sponsor_special_committee",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "committee",
                    "session",
                    "number",
                    "title",
                    "content",
                    "kind",
                    "proposer",
                    "state",
                    "rejection_reason",
                    "rejection_note",
                    "merged_into",
                    "submitted_at",
                    "registered_at",
                    "closed_at",
                ]
            },
        ),
        (
            gettext_lazy("Kept by the secretariat"),
            {"fields": ["category", "is_key", "supervisors", "is_excellent"]},
        ),
        (
            gettext_lazy("Publication"),
            {"fields": ["publish_consent", "is_published"]},
        ),
    ]
    readonly_fields = [*fieldsets[0][1]["fields"], *fieldsets[2][1]["fields"]]
    filter_horizontal = ["supervisors"]
    change_form_template = "admin/proposals/proposal/change_form.html"

    class Media:
        css = {"all": ["css/desk.css"]}

    add_form_template = "admin/proposals/proposal/paper_form.html"
    change_list_template = "admin/proposals/proposal/paper_change_list.html"

    def add_view(self, request, form_url="", extra_context=None):
        """Adding is typing in a proposal handed in on paper (``services.proposal_file``)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PaperProposalForm(
            request.user,
            search_url=reverse("admin:proposals_proposal_filing_members"),
            data=request.POST or None,
            files=request.FILES or None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                proposal = services.proposal_file(actor=request.user, **form.service_arguments())
            except PermissionDenied:
                form.add_error("session", _("You may not file proposals in this session."))
            except ValidationError as error:
                form.add_service_error(error)
            else:
                self.log_addition(request, proposal, [{"added": {}}])
                return self.response_add(request, proposal)
        return render_add_form(
            self,
            request,
            form,
            title=_("Type in a paper proposal"),
            form_url=form_url,
            extra_context=extra_context,
        )

    def filing_members(self, request):
        """The member picker's search: active members of the chosen session's committee."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        session_id = request.GET.get("session", "")
        session = (
            current_sessions(request.user).filter(pk=session_id).first() if session_id.isdigit() else None
        )
        members = Member.objects.restrict(request.user, PICK)
        return member_search(request, members.filter(committee_id=session.committee_id if session else None))

    def paper_ledger_template(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return download_response(template_workbook(), "纸质提案台账.xlsx")

    def paper_ledger(self, request):
        """Upload → preview with row errors → confirm; nothing is filed unless every row is good."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Type in the plenary's paper proposals from a ledger"),
            "headings": HEADINGS,
        }
        form = PaperLedgerForm(request.user, data=request.POST or None, files=request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.data_bytes()
            if not data:
                form.add_error("file", _("Choose an Excel file."))
            else:
                session = form.cleaned_data["session"]
                if background(sheet_rows(data)):
                    job = job_start(
                        owner=request.user,
                        kind="proposal_paper_ledger",
                        title=_("Typing in the paper proposals of %(session)s") % {"session": session},
                        parameters={"session": session.pk},
                        upload=ContentFile(data, name="ledger.xlsx"),
                    )
                    return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
                ledger = parse_ledger(data, session)
                context["ledger"] = ledger
                if not ledger.has_errors and "confirm" in request.POST:
                    try:
                        filed = services.proposals_file_ledger(
                            session=session, rows=ledger.rows, actor=request.user
                        )
                    except (ValidationError, PermissionDenied) as error:
                        ledger.file_errors.extend(
                            error.messages if isinstance(error, ValidationError) else [str(error)]
                        )
                    else:
                        self.message_user(
                            request, _("Typed in %(count)d paper proposals.") % {"count": len(filed)}
                        )
                        return redirect(reverse("admin:proposals_proposal_changelist"))
                if not ledger.has_errors:
                    context["confirm_form"] = PaperLedgerForm(
                        request.user,
                        initial={"session": session.pk, "payload": base64.b64encode(data).decode()},
                    )
        context["form"] = form
        return TemplateResponse(request, "admin/proposals/proposal/paper_ledger.html", context)

    def get_urls(self):
        return [
            path(
                "filing/members/",
                self.admin_site.admin_view(self.filing_members),
                name="proposals_proposal_filing_members",
            ),
            path(
                "paper-ledger/",
                self.admin_site.admin_view(self.paper_ledger),
                name="proposals_proposal_paper_ledger",
            ),
            path(
                "paper-ledger/template/",
                self.admin_site.admin_view(self.paper_ledger_template),
                name="proposals_proposal_paper_ledger_template",
            ),
            *self.desk_urls(),
            *super().get_urls(),
        ]

    # The list

    def get_changelist(self, request, **kwargs):
        return ProposalChangeList

    def get_search_results(self, request, queryset, search_term):
        """The columns of ``search_fields``, and the proposals the term names by number."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = selectors.number_search(search_term)
        if number is None:
            return found, may_have_duplicates
        return queryset.filter(Q(pk__in=found.values("pk")) | number), False

    def action_checkbox(self, proposal: Proposal) -> str:
        """Django's checkbox of a row, written out: rendering its widget's template for each of
        the page's hundred rows took a quarter of the page's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            proposal.pk,
            format_html(_("Select this object for an action - {}"), str(proposal)),
        )

    @admin.display(description=pgettext_lazy("proposal", "Number"), ordering="number")
    def code_or_id(self, proposal: Proposal) -> str:
        return proposal.code or f"#{proposal.pk}"

    @admin.display(description=gettext_lazy("proposer"))
    def filer(self, proposal: Proposal) -> str:
        filer = proposal.proposer or proposal.sponsor
        return filer.name if filer is not None else "—"

    @admin.display(description=gettext_lazy("Handling units"))
    def units(self, proposal: Proposal) -> str:
        return (
            format_html_join(
                "、",
                "{}<small>（{}）</small>",
                ((a.unit.name, a.get_role_display()) for a in proposal.assignments.all()),
            )
            or "—"
        )

    @admin.display(description=gettext_lazy("reply due on"), ordering="next_due")
    def next_due(self, proposal: Proposal) -> str:
        if proposal.next_due is None:
            return "—"
        if proposal.overdue:
            return _("%(date)s, overdue") % {"date": proposal.next_due.isoformat()}
        return proposal.next_due.isoformat()

    def _each(self, request, queryset, service) -> None:
        """Take one step on each selected proposal through its service, saying which were refused
        and why."""
        done = 0
        for proposal in queryset.order_by("submitted_at", "id"):
            try:
                service(proposal=proposal, actor=request.user)
                done += 1
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                messages.error(request, f"{proposal.title}：{error_text(error)}")
        if done:
            messages.success(request, _("%(count)d proposal(s) done.") % {"count": done})

    @admin.action(description=gettext_lazy("Register the selected proposals"))
    def register_selected(self, request, queryset):
        self._each(request, queryset, services.proposal_register)

    @admin.action(description=gettext_lazy("Publish the selected proposals with their replies"))
    def publish_selected(self, request, queryset):
        self._each(request, queryset, services.proposal_publish)

    @admin.action(description=gettext_lazy("Withdraw the selected proposals from publication"))
    def unpublish_selected(self, request, queryset):
        self._each(request, queryset, services.proposal_unpublish)

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related(*ProposalResource.PREFETCH)

    # A proposal's page

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
                category=data["category"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))

    def save_related(self, request, form, formsets, change):
        """Supervisors are saved by the service in ``save_model``."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            desk = self.desk_context(request, obj)
            context.update(desk)
            for form in desk["desk_forms"]:
                context["media"] += form.media
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_context(self, request, proposal: Proposal) -> dict:
        """The story of the proposal and the forms of the transitions the user may take now."""
        story = selectors.proposal_story(proposal, request.user)
        available = {t.name for t in proposal_workflow.available(obj=proposal, actor=request.user)}
        return {
            "story": story,
            "timeline": [
                (
                    entry,
                    ACTION_LABELS.get(entry.action, entry.action),
                    proposal_workflow.label_of(entry.from_state) if entry.from_state else "",
                    proposal_workflow.label_of(entry.to_state) if entry.to_state else "",
                )
                for entry in story.timeline
            ],
            "desk_forms": [
                form
                for form in (
                    form_class(proposal=proposal, user=request.user)
                    for form_class in DESK_FORMS
                    if form_class.transition in available
                )
                if form.shown()
            ],
            "similar": [{**item, "state_label": State(item["state"]).label} for item in story.similar],
        }

    # The addresses of a proposal's forms and pickers

    def desk_urls(self) -> list:
        """A transition's form posts to ``<id>/<transition>/``; the pickers ask ``<id>/pick/…/``."""
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/pick/units/",
                view(self.units_picker),
                name="proposals_proposal_pick_units",
            ),
            path(
                "<int:object_id>/pick/merge-targets/",
                view(self.merge_targets_picker),
                name="proposals_proposal_pick_merge_targets",
            ),
            *(
                path(
                    f"<int:object_id>/{form.transition}/",
                    view(partial(self.transition_view, form_class=form)),
                    name=f"proposals_proposal_{form.transition}",
                )
                for form in DESK_FORMS
            ),
        ]

    def readable(self, request, object_id: int) -> Proposal:
        proposal = self.get_object(request, str(object_id))
        if proposal is None:
            raise Http404
        return proposal

    def transition_view(self, request, object_id: int, form_class: type[TransitionForm]):
        """Take one transition through its form and service, then show the page again with the
        outcome: what was done, or why not (in Chinese; a refusal changes nothing)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        proposal = self.get_object(request, str(object_id))
        if proposal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        form = form_class(request.POST, proposal=proposal, user=request.user)
        if not form.is_valid():
            messages.error(request, f"{form.title}：{form.errors_text()}")
        else:
            try:
                done = form.apply(request.user)
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                messages.error(request, f"{form.title}：{error_text(error)}")
            else:
                messages.success(request, done)
        return redirect("admin:proposals_proposal_change", proposal.pk)

    def units_picker(self, request, object_id: int):
        """The units to assign: those ``suggested_units`` ranks first with their score (智能交办),
        then those the proposers suggested, then the rest."""
        proposal = self.readable(request, object_id)
        scores = {}
        if access_for(request.user).manages_committee(proposal.committee_id):
            scores = {s.unit.pk: s.score for s in selectors.suggested_units(proposal)}

        def label(unit: HandlingUnit) -> str:
            if unit.pk in scores:
                score = round(scores[unit.pk] * 100)
                return _("%(unit)s (recommended, %(score)d%%)") % {"unit": unit.name, "score": score}
            return _("%(unit)s (suggested)") % {"unit": unit.name} if unit.suggested else unit.name

        return picker_page(
            request,
            selectors.assignable_units(proposal, request.user, ranked=list(scores)),
            lambda rows, term: rows.filter(name__icontains=term),
            label,
        )

    def merge_targets_picker(self, request, object_id: int):
        proposal = self.readable(request, object_id)

        def search(rows: QuerySet, term: str) -> QuerySet:
            found = Q(title__icontains=term)
            number = selectors.number_search(term)
            if number is not None:
                found |= number
            return rows.filter(found)

        return picker_page(request, selectors.merge_targets(proposal, request.user), search, str)


PICKER_PAGE_SIZE = 20


def picker_page(request, rows: QuerySet, search, label) -> JsonResponse:
    """One page of a picker's choices in select2's shape, as Django's autocomplete answers."""
    term = request.GET.get("term", "").strip()
    if term:
        rows = search(rows, term)
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    start = (page - 1) * PICKER_PAGE_SIZE
    chunk = list(rows[start : start + PICKER_PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [{"id": str(row.pk), "text": label(row)} for row in chunk[:PICKER_PAGE_SIZE]],
            "pagination": {"more": len(chunk) > PICKER_PAGE_SIZE},
        }
    )


@admin.register(Category)
class CategoryAdmin(RestrictedAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]


@admin.register(ReplyLabel)
class ReplyLabelAdmin(RestrictedAdmin):
    list_display = ["category", "label", "committee"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]


@admin.register(HandlingRules)
class HandlingRulesAdmin(RestrictedAdmin):
    list_display = ["committee", "objection_days", "rehandling_months", "contact_required", "reply_review"]


@admin.register(Objection)
class ObjectionAdmin(RestrictedAdmin):
    """Objections to assignments (交办异议), to find the pending ones and count them per unit; each
    is decided on its proposal's page."""

    list_display = ["proposal", "unit", "suggested_unit", "raised_at", "outcome", "resolved_at"]
    list_filter = ["outcome", ("unit", admin.RelatedOnlyFieldListFilter), "raised_at"]
    search_fields = ["proposal__title", "unit__name", "reason"]
    list_select_related = ["proposal__session", "unit", "suggested_unit"]
    readonly_fields = [
        "proposal",
        "unit",
        "reason",
        "suggested_unit",
        "raised_by",
        "raised_at",
        "outcome",
        "resolved_by",
        "resolved_at",
        "note",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reply)
class ReplyAdmin(RestrictedAdmin):
    """A unit's reply, as it came: the secretariat completes what its letter (答复函) prints — the
    signer, the contact person and phone — and downloads the letter."""

    list_display = ["proposal", "unit", "category", "replied_at", "signer", "letter"]
    list_filter = [("proposal__committee", admin.RelatedOnlyFieldListFilter), "category"]
    list_select_related = ["proposal__session", "unit"]
    search_fields = ["proposal__title", "unit__name"]
    fields = [
        "proposal",
        "unit",
        "category",
        "content",
        "replied_at",
        "signer",
        "contact_person",
        "contact_phone",
    ]
    readonly_fields = ["proposal", "unit", "category", "content", "replied_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("reply letter"))
    def letter(self, reply: Reply) -> str:
        url = reverse("proposal-reply-letter", args=[reply.proposal_id])
        return format_html('<a href="{}?reply={}">{}</a>', url, reply.pk, _("Download"))


class DigestItemInline(RestrictedTabularInline):
    model = DigestItem
    fields = ["order", "proposal", "suggestions"]
    autocomplete_fields = ["proposal"]
    extra = 3


@admin.register(Digest)
class DigestAdmin(RestrictedAdmin):
    """The secretariat composes a digest (提案摘报): its proposals picked from those it may pick,
    each with its core suggestions as edited here, in the order given; the number is the next of
    the committee's year, given when it is first saved; the Word document is one click away."""

    list_display = ["__str__", "committee", "issued_on", "item_count"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "year"]
    list_select_related = ["committee"]
    fields = ["committee", "year", "number", "title", "issued_on", "recipients"]
    readonly_fields = ["number"]
    inlines = [DigestItemInline]
    change_form_template = "admin/proposals/digest/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=gettext_lazy("proposals"), ordering="item_count")
    def item_count(self, digest: Digest) -> int:
        return digest.item_count

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        digest = services.digest_create(
            committee=obj.committee,
            year=obj.year,
            title=obj.title,
            issued_on=obj.issued_on,
            recipients=obj.recipients,
            actor=request.user,
        )
        obj.pk, obj.number, obj.created_at = digest.pk, digest.number, digest.created_at
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/document/",
                self.admin_site.admin_view(self.document),
                name="proposals_digest_document",
            ),
            *super().get_urls(),
        ]

    def document(self, request, object_id: int):
        digest = self.get_object(request, str(object_id))
        if digest is None:
            raise Http404
        return digest_response(digest)


class RecordedAdmin(RestrictedAdmin):
    """Records the handling writes through its services (the portal, the API, the proposal's page):
    read here, never written."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(RecordedAdmin):
    list_display = ["proposal", "unit", "date", "method", "answer"]
    list_filter = ["method", "answer"]
    list_select_related = ["proposal__session", "unit"]


@admin.register(QualityRating)
class QualityRatingAdmin(RecordedAdmin):
    list_display = ["proposal", "unit", "grade", "at"]
    list_filter = ["grade"]
    list_select_related = ["proposal__session", "unit"]


# Public leads (提案线索征集) ---------------------------------------------------------------------


class LeadForm(DeskForm):
    """One screening step on a lead's page (as ``TransitionForm`` on a proposal's page)."""

    def __init__(self, *args, lead: Lead, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead = lead

    @property
    def url(self) -> str:
        return reverse(f"admin:proposals_lead_{self.transition}", args=[self.lead.pk])


class LeadAcceptForm(LeadForm):
    transition = "accept"
    title = pgettext_lazy("lead desk", "Accept")
    button = pgettext_lazy("lead desk", "Accept into the members' lead pool")

    def apply(self, actor) -> str:
        services.lead_accept(lead=self.lead, actor=actor)
        return _("Accepted: the members see the lead in their lead pool.")


class LeadMergeForm(LeadForm):
    transition = "merge"
    title = pgettext_lazy("lead desk", "Merge")
    button = pgettext_lazy("lead desk", "Merge into it")

    into = forms.ModelChoiceField(label=pgettext_lazy("lead", "merge into"), queryset=Lead.objects.none())

    def __init__(self, *args, lead: Lead, user, **kwargs):
        super().__init__(*args, lead=lead, user=user, **kwargs)
        self.fields["into"].queryset = (
            Lead.objects.restrict(user, CHANGE)
            .filter(committee_id=lead.committee_id, state__in=[LeadState.RECEIVED, LeadState.ACCEPTED])
            .exclude(pk=lead.pk)
        )

    def apply(self, actor) -> str:
        into = self.cleaned_data["into"]
        services.lead_merge(lead=self.lead, actor=actor, into=into)
        return _("Merged into %(lead)s.") % {"lead": into.receipt}


class LeadDeclineForm(LeadForm):
    transition = "decline"
    title = pgettext_lazy("lead desk", "Decline")
    button = pgettext_lazy("lead desk", "Decline")
    danger = True

    reason = forms.CharField(
        label=gettext_lazy("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def apply(self, actor) -> str:
        services.lead_decline(lead=self.lead, actor=actor, reason=self.cleaned_data["reason"])
        return _("Declined.")


LEAD_FORMS = [LeadAcceptForm, LeadMergeForm, LeadDeclineForm]


@admin.register(Lead)
class LeadAdmin(RestrictedAdmin):
    """Public leads, screened by the secretariat: the received ones first (filter by state), a
    bulk accept, and on a lead's page accept, merge into another or decline with a reason. Leads
    come from the public form only, and none is deleted. The sender's name and phone are shown to
    the secretariat alone."""

    PRIVATE = ("name", "phone")

    actions = ["accept_selected"]
    list_display = ["receipt", "short_description", "committee", "category", "state", "created_at"]
    list_filter = ["state", ("category", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["receipt", "description"]
    list_select_related = ["committee", "category"]
    fields = [
        "receipt",
        "committee",
        "category",
        "description",
        "name",
        "phone",
        "created_at",
        "state",
        "reason",
        "merged_into",
        "decided_at",
        "decided_by",
    ]
    readonly_fields = fields

    def get_fields(self, request, obj=None):
        private = obj is not None and obj.committee_id in access_for(request.user).private_data
        return [field for field in self.fields if private or field not in self.PRIVATE]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=pgettext_lazy("lead", "description"))
    def short_description(self, lead: Lead) -> str:
        return lead.description if len(lead.description) <= 40 else f"{lead.description[:40]}…"

    @admin.action(description=gettext_lazy("Accept the selected leads"))
    def accept_selected(self, request, queryset):
        done = 0
        for lead in queryset.order_by("created_at", "id"):
            try:
                services.lead_accept(lead=lead, actor=request.user)
                done += 1
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                messages.error(request, f"{lead.receipt}：{error_text(error)}")
        if done:
            messages.success(request, _("%(count)d lead(s) accepted.") % {"count": done})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            available = {t.name for t in lead_workflow.available(obj=obj, actor=request.user)}
            context["desk_forms"] = [
                form_class(lead=obj, user=request.user)
                for form_class in LEAD_FORMS
                if form_class.transition in available
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                f"<int:object_id>/{form.transition}/",
                view(partial(self.transition_view, form_class=form)),
                name=f"proposals_lead_{form.transition}",
            )
            for form in LEAD_FORMS
        ] + super().get_urls()

    def transition_view(self, request, object_id: int, form_class: type[LeadForm]):
        """One screening step through its form and service, then the lead's page again with the
        outcome (in Chinese; a refusal changes nothing)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        lead = self.get_object(request, str(object_id))
        if lead is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        form = form_class(request.POST, lead=lead, user=request.user)
        if not form.is_valid():
            messages.error(request, f"{form.title}：{form.errors_text()}")
        else:
            try:
                done = form.apply(request.user)
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                messages.error(request, f"{form.title}：{error_text(error)}")
            else:
                messages.success(request, done)
        return redirect("admin:proposals_lead_change", lead.pk)

    class Media:
        css = {"all": ["css/desk.css"]}
