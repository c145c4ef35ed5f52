"""The lifecycle of an opinion report (DOMAIN.md, "Opinion reports"):

draft ──submit──▶ submitted ──accept──▶ accepted ──publish (into an issue)──▶ published
  ▲                  │  └──decline──▶ declined
  └──return (staff)──┘

Adoptions, forwardings and instructions are recorded on accepted or published reports.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.workflow import Transition, Workflow

from .models import OpinionReport, ReportAuthor

State = OpinionReport.State


def is_author(access, report: OpinionReport) -> bool:
    return (
        access.member_id is not None
        and ReportAuthor.objects.filter(report_id=report.pk, member_id=access.member_id).exists()
    )


def manages(access, report: OpinionReport) -> bool:
    return access.manages_committee(report.committee_id)


def author_or_staff(access, report: OpinionReport) -> bool:
    return manages(access, report) or is_author(access, report)


workflow = Workflow(
    states=State,
    transitions=[
        Transition("edit", frozenset({State.DRAFT}), None, author_or_staff, _("edit")),
        Transition(
            "submit",
            frozenset({State.DRAFT}),
            State.SUBMITTED,
            author_or_staff,
            pgettext_lazy("opinion report", "submit"),
        ),
        Transition("return", frozenset({State.SUBMITTED}), State.DRAFT, manages, _("return")),
        Transition("accept", frozenset({State.SUBMITTED}), State.ACCEPTED, manages, _("accept")),
        Transition("decline", frozenset({State.SUBMITTED}), State.DECLINED, manages, _("decline")),
        Transition("publish", frozenset({State.ACCEPTED}), State.PUBLISHED, manages, _("publish")),
        Transition(
            "record_adoption",
            frozenset({State.ACCEPTED, State.PUBLISHED}),
            None,
            manages,
            _("record an adoption"),
        ),
    ],
)
