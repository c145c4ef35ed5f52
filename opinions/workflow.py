"""The lifecycle of an opinion report (DOMAIN.md, "Opinion reports"), who may take each step, and
what it tells the authors:

draft ──submit──▶ submitted ──accept──▶ accepted ──publish (into an issue)──▶ published
  ▲                  │  └──decline──▶ declined
  └──return (staff)──┘

A report is created as a draft; one converted from a proposal not registered, or handed in on paper
and typed in by the secretariat, arrives submitted; a
legacy ledger's reports arrive in the state the ledger gives (one import transition per state).
Editing (a draft) and recording an adoption (accepted or published) leave the state as it is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cppcc.core.workflow import NEW, STAYS, Notice, Transition, Workflow
from cppcc.org.models import NotificationKind
from cppcc.org.roles import access_for
from cppcc.org.services import notify

from .models import OpinionReport, OpinionReportTimelineEntry, ReportAuthor

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


def writes_for(access, report: OpinionReport) -> bool:
    """The secretariat, or a member of the committee (who must be among the authors: the service
    checks the authors it is given)."""
    return manages(access, report) or report.committee_id in access.member_of


def authors(report: OpinionReport) -> list:
    return [link.member.user for link in report.author_links.select_related("member__user")]


def _to_authors(message):
    return Notice(to=authors, message=message, kind=NotificationKind.REPORT_UPDATE)


RETURNED = _to_authors(
    lambda r, note: (
        _("Your report “%(title)s” was returned for editing: %(reason)s") % {"title": r.title, "reason": note}
    )
)
ACCEPTED = _to_authors(lambda r, note: _("Your report “%(title)s” was accepted.") % {"title": r.title})
DECLINED = _to_authors(
    lambda r, note: (
        _("Your report “%(title)s” was not adopted: %(reason)s") % {"title": r.title, "reason": note}
    )
)
PUBLISHED = _to_authors(
    lambda r, note: (
        _("Your report “%(title)s” was published in %(issue)s.") % {"title": r.title, "issue": r.issue}
    )
)
ADOPTED = _to_authors(
    lambda r, note: _("Your report “%(title)s”: %(event)s.") % {"title": r.title, "event": note}
)


def _import(state: str) -> Transition:
    """A report of a legacy ledger (or of the demo data) arriving in ``state``."""
    return Transition(
        f"import_{state}",
        {NEW},
        state,
        manages,
        gettext_lazy("import"),
        action="import",
        stamps=() if state == State.DRAFT else ("submitted_at",),
    )


workflow = Workflow(
    model=OpinionReport,
    timeline=OpinionReportTimelineEntry,
    access=access_for,
    notify=notify,
    transitions=[
        Transition("create", {NEW}, State.DRAFT, writes_for, gettext_lazy("created")),
        Transition(
            "create_submitted",
            {NEW},
            State.SUBMITTED,
            manages,
            gettext_lazy("converted from a proposal"),
            stamps=("submitted_at",),
        ),
        Transition(
            "file_on_paper",
            {NEW},
            State.SUBMITTED,
            manages,
            gettext_lazy("typed in from paper"),
            stamps=("submitted_at",),
        ),
        *(_import(state) for state in State.values),
        Transition("edit", {State.DRAFT}, STAYS, author_or_staff, gettext_lazy("edit"), recorded=False),
        Transition(
            "submit",
            {State.DRAFT},
            State.SUBMITTED,
            author_or_staff,
            pgettext_lazy("opinion report", "submit"),
            stamps=("submitted_at",),
        ),
        Transition(
            "return", {State.SUBMITTED}, State.DRAFT, manages, gettext_lazy("return"), notice=RETURNED
        ),
        Transition(
            "accept",
            {State.SUBMITTED},
            State.ACCEPTED,
            manages,
            pgettext_lazy("opinion report", "accept"),
            notice=ACCEPTED,
        ),
        Transition(
            "decline",
            {State.SUBMITTED},
            State.DECLINED,
            manages,
            pgettext_lazy("opinion report", "decline"),
            notice=DECLINED,
        ),
        Transition(
            "publish", {State.ACCEPTED}, State.PUBLISHED, manages, gettext_lazy("publish"), notice=PUBLISHED
        ),
        Transition(
            "record_adoption",
            {State.ACCEPTED, State.PUBLISHED},
            STAYS,
            manages,
            gettext_lazy("record an adoption"),
            notice=ADOPTED,
        ),
    ],
)
