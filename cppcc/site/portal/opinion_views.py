"""Opinion-report pages of the portal: the member's reports, a report with its adoptions and
timeline, and the form to write, save and submit one (through ``opinions.services``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc.core.workflow import InvalidTransition
from opinions import services
from opinions.models import Level, OpinionReport
from opinions.workflow import workflow

from . import selectors
from .forms import OpinionForm, add_service_errors
from .proposal_views import member_required

SUBMIT = "submit"
State = OpinionReport.State
ACTION_LABELS = {t.action: t.label for t in workflow.transitions}


@member_required
def opinion_list(request):
    reports = list(selectors.member_reports(request.user))
    for report in reports:
        report.level_label = Level(report.level).label if report.level else ""
    return render(request, "portal/opinion_list.html", {"reports": reports})


def render_report(request, report: OpinionReport, *, status: int = 200, error: str | None = None):
    available = workflow.available_actions(obj=report, actor=request.user)
    events = [
        (
            entry,
            ACTION_LABELS.get(entry.action, entry.action),
            State(entry.to_state).label if entry.to_state else "",
        )
        for entry in report.timeline.all()
    ]
    return render(
        request,
        "portal/opinion_detail.html",
        {"report": report, "available": available, "events": events, "error": error},
        status=status,
    )


@member_required
def opinion_detail(request, pk: int):
    return render_report(request, get_object_or_404(selectors.report_page(request.user), pk=pk))


def save_report(request, form: OpinionForm, report: OpinionReport | None) -> OpinionReport:
    """Create or edit the draft, and submit it when the member pressed that button; all or nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        if report is None:
            member = selectors.portal_member(request.user)
            report = services.report_create(committee=member.committee, actor=request.user, **data)
        else:
            report = services.report_update(report=report, actor=request.user, **data)
        if request.POST.get("action") == SUBMIT:
            report = services.report_submit(report=report, actor=request.user)
    return report


@member_required
def opinion_form(request, pk: int | None = None):
    report = None
    if pk is not None:
        report = get_object_or_404(selectors.member_reports(request.user), pk=pk)
        if "edit" not in workflow.available_actions(obj=report, actor=request.user):
            return render_report(request, report, status=409, error=_("Only a draft can be edited."))
    initial = (
        {"title": report.title, "content": report.content, "category": report.category} if report else None
    )
    form = OpinionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = save_report(request, form, report)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            submitted = report.state == OpinionReport.State.SUBMITTED
            messages.success(
                request, _("The report is submitted.") if submitted else _("The draft is saved.")
            )
            return redirect("portal:opinion", report.pk)
    status = 400 if form.errors else 200
    return render(request, "portal/opinion_form.html", {"form": form, "report": report}, status=status)


@require_POST
@member_required
def opinion_submit(request, pk: int):
    report = get_object_or_404(selectors.member_reports(request.user), pk=pk)
    try:
        services.report_submit(report=report, actor=request.user)
    except InvalidTransition as error:
        return render_report(
            request,
            get_object_or_404(selectors.report_page(request.user), pk=pk),
            status=409,
            error=str(error),
        )
    messages.success(request, _("The report is submitted."))
    return redirect("portal:opinion", pk)
