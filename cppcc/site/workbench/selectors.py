"""The secretariat's queues on the admin's home: what waits for the office, counted through the
visibility gate (the rows its changelists show) and linked to the filtered changelist.

A queue's rule is the rule of its changelist filter: ``state__exact`` is the state field,
``due``/``overdue`` are ``proposals.selectors.due_soon``/``late`` over the assignments, ``adopted``
an adoption (采用) dated this month, ``when`` the activities of the coming seven days, ``leave`` an
activity with a leave request still to approve."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.querysets import VIEW
from cppcc.org.roles import access_for
from opinions.models import Adoption, OpinionReport
from platforms.models import Activity, Attendance
from proposals import selectors as proposal_selectors
from proposals.models import Assignment, Proposal
from proposals.models import State as ProposalState

ReportState = OpinionReport.State


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    queues: list[Queue]


def month_of(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``today``'s month."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def adopted_in_month(today: datetime.date) -> Q:
    """Reports with an adoption (采用) dated in ``today``'s month."""
    first, last = month_of(today)
    adoptions = Adoption.objects.filter(
        report=OuterRef("pk"), action=Adoption.Action.ADOPTED, date__gte=first, date__lte=last
    )
    return Q(Exists(adoptions))


def in_coming_week(today: datetime.date) -> Q:
    """Activities dated from today to six days ahead."""
    return Q(date__gte=today, date__lte=today + datetime.timedelta(days=6))


def leave_pending() -> Q:
    """Activities with a leave request still to approve or refuse."""
    requests = Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.LEAVE_REQUESTED)
    return Q(Exists(requests))


def _assignments(rule: Q) -> Q:
    return Q(Exists(Assignment.objects.filter(rule, proposal=OuterRef("pk"))))


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _section(title, model, user, queues: list[tuple[str, Q, str]]) -> Section | None:
    """One aggregate query over the rows the user may read: a count per queue."""
    if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        return None
    counts = model.objects.restrict(user, VIEW).aggregate(
        **{f"q{index}": Count("pk", filter=rule) for index, (_label, rule, _query) in enumerate(queues)}
    )
    url = _changelist(model)
    return Section(
        title,
        [
            Queue(label, counts[f"q{index}"], f"{url}?{query}")
            for index, (label, rule, query) in enumerate(queues)
        ],
    )


def secretariat_queues(user, today: datetime.date | None = None) -> list[Section]:
    """The queues of a secretariat clerk (none for anyone else), one query per kind of record."""
    if not (user.is_superuser or access_for(user).manages):
        return []
    today = today or timezone.localdate()
    sections = [
        _section(
            _("Proposals"),
            Proposal,
            user,
            [
                (_("to review"), Q(state=ProposalState.SUBMITTED), "state__exact=submitted"),
                (_("to assign"), Q(state=ProposalState.REGISTERED), "state__exact=registered"),
                (_("being handled"), Q(state=ProposalState.ASSIGNED), "state__exact=assigned"),
                (_("due soon"), _assignments(proposal_selectors.due_soon(today)), "due=soon"),
                (
                    pgettext_lazy("queue", "overdue"),
                    _assignments(proposal_selectors.late(today)),
                    "overdue=yes",
                ),
                (_("replies to review"), proposal_selectors.reply_waiting(), "review=pending"),
                (_("awaiting the member's rating"), Q(state=ProposalState.REPLIED), "state__exact=replied"),
                (_("handled again"), Q(state=ProposalState.REHANDLING), "state__exact=rehandling"),
            ],
        ),
        _section(
            _("Opinion reports"),
            OpinionReport,
            user,
            [
                (_("to examine"), Q(state=ReportState.SUBMITTED), "state__exact=submitted"),
                (_("to place in an issue"), Q(state=ReportState.ACCEPTED), "state__exact=accepted"),
                (_("adopted this month"), adopted_in_month(today), "adopted=month"),
            ],
        ),
        _section(
            _("Activities"),
            Activity,
            user,
            [
                (_("this coming week"), in_coming_week(today), "when=week"),
                (_("leave requests to approve"), leave_pending(), "leave=pending"),
            ],
        ),
    ]
    return [section for section in sections if section is not None]
